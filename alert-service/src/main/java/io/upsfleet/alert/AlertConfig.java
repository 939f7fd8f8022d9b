package io.upsfleet.alert;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Severity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything under {@code upsfleet.alert}; see application.properties and README.md. */
@ConfigMapping(prefix = "upsfleet.alert")
public interface AlertConfig {

    /** Shared-subscription group of the alarm consumer (replicas of alert-service share it). */
    @WithDefault("alert")
    String group();

    Mqtt mqtt();

    Api api();

    /** The REST API's one client (web-api): see {@link io.upsfleet.alert.api.ApiClient}. */
    interface Api {
        @WithDefault("web-api")
        String user();

        /** env UPSFLEET_ALERT_API_PASSWORD; unset = the API refuses everyone. */
        Optional<String> password();
    }

    interface Mqtt {
        /**
         * Keep the alarm consumer's MQTT session at the broker while this replica is away (clean session
         * off): alarm edges published during a restart wait at the broker instead of being dropped.
         */
        @WithDefault("true")
        boolean persistentSession();

        /** MQTT client id of this replica's alarm consumer; stable per replica, unique between replicas. */
        @WithDefault("alert-local")
        String clientId();
    }

    /** An alarm must stay raised this long before anyone is told (a raise+clear within it sends nothing). */
    @WithDefault("PT30S")
    Duration debounce();

    /** How often the worker looks for due alerts, escalations, stable flaps, protective steps and outbox rows. */
    @WithDefault("500ms")
    Duration tick();

    Flap flap();

    Time time();

    /**
     * The timestamps of alarm edges alert-service takes: no further ahead of its clock than
     * {@code max-future}, no further behind than {@code max-past}; the rest are dead letters.
     */
    interface Time {
        @WithDefault("PT2M")
        Duration maxFuture();

        @WithDefault("P30D")
        Duration maxPast();
    }

    /** Readiness is DOWN when one edge has been retried this long (the intake is stuck behind an outage). */
    @WithDefault("PT60S")
    Duration stallAfter();

    /** Dead letters ({@code alert_dead_letter}) are forgotten this long after they were last seen. */
    @WithDefault("P30D")
    Duration deadLetterRetention();

    /** Remembered alarm event ids (redelivery de-duplication) are forgotten after this long. */
    @WithDefault("P7D")
    Duration seenEventsRetention();

    Outbox outbox();

    Webhook webhook();

    Pager pager();

    Map<String, Rule> rules();

    Map<String, Protect> protect();

    interface Flap {
        /** This many edges of one (UPS, alarm) within {@link #window()} make it flapping. */
        @WithDefault("6")
        int transitions();

        @WithDefault("PT10M")
        Duration window();

        /** Flapping ends after this long without an edge. */
        @WithDefault("PT10M")
        Duration stable();
    }

    interface Outbox {
        @WithDefault("50")
        int batchSize();

        /** Deliveries to different (channel, recipient) pairs that may run at the same time. */
        @WithDefault("4")
        int parallelism();

        /** A claimed row not finished within this time (crashed replica) is claimed again. */
        @WithDefault("PT2M")
        Duration lease();

        @WithDefault("PT5S")
        Duration initialBackoff();

        @WithDefault("PT10M")
        Duration maxBackoff();
    }

    interface Webhook {
        Optional<String> url();

        @WithDefault("5s")
        Duration timeout();
    }

    interface Pager {
        @WithDefault("https://events.pagerduty.com/v2/enqueue")
        String url();

        @WithName("routing-key")
        Optional<String> routingKey();

        @WithDefault("5s")
        Duration timeout();
    }

    interface Rule {
        /** Alarm types this rule covers; absent = all. */
        Optional<List<AlarmType>> alarms();

        List<String> channels();

        /** Email addresses (channels that address nobody in particular ignore them). */
        Optional<List<String>> recipients();

        /** Only UPS at these sites (from the ups table); absent = any site. */
        Optional<List<String>> sites();

        /** Only UPS carrying at least one of these tags; absent = any. */
        Optional<List<String>> tags();

        @WithDefault("WARNING")
        Severity minSeverity();

        /** Tell {@link #escalationRecipients()} when an alert stays unacknowledged this long. */
        Optional<Duration> escalateAfter();

        Optional<List<String>> escalationRecipients();
    }

    interface Protect {
        @WithDefault("false")
        boolean enabled();

        /** Time the hosts get between the host-shutdown notice and the UPS shutdown command. */
        @WithDefault("PT2M")
        Duration grace();

        /** n of S&lt;n&gt;R&lt;m&gt;: 0.2..0.9 or 1..10 minutes. */
        @WithDefault("0.5")
        double shutdownDelay();

        /** m of S&lt;n&gt;R&lt;m&gt;: 1..9999 minutes. */
        @WithDefault("1")
        int restoreMinutes();
    }
}
