package io.upsfleet.alert.channel;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Writes the notice to the service log: the default channel, and useful for demos. */
@ApplicationScoped
public class LogChannel implements AlertChannel {

    private static final Logger LOG = Logger.getLogger("io.upsfleet.alert.NOTICE");

    @Override
    public String name() {
        return "log";
    }

    @Override
    public boolean perRecipient() {
        return false;
    }

    @Override
    public void send(Notice notice, String recipient) {
        LOG.warnf("%s (alert %s)", notice.subject(), notice.alertId());
    }
}
