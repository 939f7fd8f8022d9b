package io.upsfleet.gateway.poll;

import io.upsfleet.gateway.link.UpsLink;
import io.upsfleet.gateway.megatec.InfoReply;
import io.upsfleet.gateway.megatec.MegatecCodec;
import io.upsfleet.gateway.megatec.MegatecParseException;
import io.upsfleet.gateway.megatec.RatingReply;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Reads what a UPS says about itself ({@code I} and {@code F}) once per connection and publishes it. An echo
 * means "not supported" at once; silence may be load or a slow unit, so it is only taken as "not
 * supported" after {@link #ATTEMPTS} connects that all stayed silent.
 */
final class IdentityReader {

    private static final Logger LOG = Logger.getLogger(IdentityReader.class);
    static final int ATTEMPTS = 3;

    private final String upsId;
    private final UpsLink link;
    private final Duration timeout;
    private final UpsPublisher publish;
    private final QuirkDetector quirks;
    /** Configured not to ask (quirk no-info): published unknown at once, I and F never sent. */
    private final boolean skip;
    private boolean done;
    private int attempts;

    IdentityReader(String upsId, UpsLink link, Duration timeout, UpsPublisher publish, QuirkDetector quirks, boolean skip) {
        this.quirks = quirks;
        this.skip = skip;
        this.upsId = upsId;
        this.link = link;
        this.timeout = timeout;
        this.publish = publish;
    }

    /** Reads and publishes the identity unless that is done already for this connection. */
    Future<?> readIfUnknown() {
        if (done) {
            return Future.succeededFuture();
        }
        if (skip) {
            done = true;
            publish.identity(Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null);
            return Future.succeededFuture();
        }
        return link.query(MegatecCodec.INFO, timeout).compose(info -> {
            if (info == null) {
                link.reset();
            }
            return link.query(MegatecCodec.RATING, timeout).map(rating -> {
                if (rating == null) {
                    link.reset();
                }
                attempts++;
                if ((info != null && rating != null) || attempts >= ATTEMPTS) {
                    publish(info, rating);
                }
                return null;
            });
        });
    }

    /** Reads it again on the next poll: the unit may have been swapped while communication was lost. */
    void forget() {
        done = false;
        attempts = 0;
    }

    private void publish(String infoLine, String ratingLine) {
        InfoReply info = null;
        RatingReply rating = null;
        try {
            if (infoLine != null && !MegatecCodec.isEcho(MegatecCodec.INFO, infoLine)) {
                info = MegatecCodec.parseInfo(infoLine);
            }
        } catch (MegatecParseException e) {
            LOG.debugf("UPS %s: I reply ignored: %s", upsId, e.getMessage());
        }
        try {
            if (ratingLine != null && !MegatecCodec.isEcho(MegatecCodec.RATING, ratingLine)) {
                rating = MegatecCodec.parseRating(ratingLine);
            }
        } catch (MegatecParseException e) {
            LOG.debugf("UPS %s: F reply ignored: %s", upsId, e.getMessage());
        }
        done = true;
        quirks.identity(info, rating, infoLine != null && !MegatecCodec.isEcho(MegatecCodec.INFO, infoLine));
        if (info == null && rating == null) {
            LOG.infof("UPS %s: supports neither I nor F (identity and rating unknown)", upsId);
        }
        publish.identity(Instant.now().truncatedTo(ChronoUnit.MILLIS), info, rating);
    }
}
