package io.upsfleet.alert.channel;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Plain-text email over SMTP (quarkus-mailer; host, port, TLS, credentials and from in upsfleet.smtp.*). */
@ApplicationScoped
public class EmailChannel implements AlertChannel {

    @Inject
    Mailer mailer;

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean perRecipient() {
        return true;
    }

    @Override
    public void send(Notice notice, String recipient) {
        mailer.send(Mail.withText(recipient, notice.subject(), notice.text()));
    }
}
