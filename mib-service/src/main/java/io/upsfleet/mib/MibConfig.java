package io.upsfleet.mib;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of mib-service under {@code upsfleet.mib}. */
@ConfigMapping(prefix = "upsfleet.mib")
public interface MibConfig {

    /** Shared-subscription group: replicas with the same group split the messages between them. */
    @WithDefault("mib")
    String group();

    Mqtt mqtt();

    Batch batch();

    Retry retry();

    Retention retention();

    History history();

    Time time();

    Spool spool();

    /** The local spool that takes batches while the database is away (see {@code ingest.Spool}). */
    interface Spool {
        @WithDefault("true")
        boolean enabled();

        /** Directory of the spool files; on a volume that survives restarts (a PersistentVolume in k8s). */
        @WithDefault("data/mib-spool")
        String dir();

        /** Largest size of the spool; beyond it batches wait at the broker. */
        @WithDefault("20G")
        io.quarkus.runtime.configuration.MemorySize maxSize();

        /**
         * A write that has not answered within this long counts as failed (an outage): the batch is spooled
         * instead of waiting for a connection that may take minutes to fail.
         */
        @WithDefault("PT15S")
        java.time.Duration storeTimeout();

        /** How often spooled batches are tried against the database. */
        @WithDefault("1s")
        String drainEvery();
    }

    /**
     * Readiness is DOWN when messages have been waiting this long without any being stored or
     * dead-lettered (a stuck ingest must not look healthy).
     */
    @WithDefault("PT60S")
    Duration stallAfter();

    /** How far a message's timestamp may be from this service's clock; the rest are dead letters. */
    interface Time {
        /** Ahead of the clock: a gateway with a wrong clock, or a forged message. */
        @WithDefault("PT2M")
        Duration maxFuture();

        /**
         * Behind the clock, for facts that are not a retained state (readings, alarm edges, commands): a
         * gateway's buffer delivers old readings after an outage, so this is generous. Retained status and
         * identity may be as old as the gateway's last change and are not bounded in the past.
         */
        @WithDefault("P30D")
        Duration maxPast();
    }

    /** Optional operator metadata per UPS id: {@code upsfleet.mib.metadata."ups-1".site=Rack A}. */
    Map<String, UpsMetadata> metadata();

    interface Mqtt {
        /** Messages the connector buffers per channel; must exceed the broker's in-flight window. */
        @WithDefault("100000")
        int bufferSize();

        /**
         * Keep the MQTT session at the broker while this replica is away (clean session off), so the
         * broker queues what arrives during a restart instead of dropping it. Needs a {@link #clientId()}
         * that stays the same across restarts of this replica and differs between replicas.
         */
        @WithDefault("true")
        boolean persistentSession();

        /** MQTT client id of this replica; stable per replica (e.g. a StatefulSet pod name). */
        @WithDefault("mib-local")
        String clientId();

        /**
         * Exit (status 3) when an ingest stream fails, e.g. the connector's buffer overflowed under a burst:
         * the stream cannot be resubscribed, and a restart resumes from the broker's session.
         */
        @WithDefault("true")
        boolean exitOnStreamFailure();
    }

    interface Batch {
        /** Most messages written in one statement. */
        @WithDefault("1000")
        int maxSize();

        /** How long the first message of a batch may wait for company before the batch is written. */
        @WithDefault("5ms")
        Duration linger();

        /** Batches of one channel written at the same time (the next one fills while one is written). */
        @WithDefault("2")
        int concurrency();
    }

    interface Retry {
        @WithDefault("100ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();
    }

    interface Retention {
        /** How long readings are kept at full resolution (compacted into blocks after an hour or so). */
        @WithDefault("P7D")
        Duration raw();

        /** How long the per-minute roll-up is kept. */
        @WithDefault("P400D")
        Duration rollup();

        /** How long dead letters are kept. */
        @WithDefault("P30D")
        Duration deadLetters();
    }

    interface History {
        @WithDefault("true")
        boolean enabled();

        /** How often the roll-up and retention job runs (on one replica at a time). */
        @WithDefault("60s")
        String every();

        /** A minute is rolled up once it ended at least this long ago (late messages still arrive). */
        @WithDefault("30s")
        Duration grace();

        /**
         * An hour of readings is compacted into blocks (and its partition dropped) once it ended at least this
         * long ago and is rolled up; until then readings stay rows, where late ones still land.
         */
        @WithDefault("PT1H")
        Duration compactAfter();

        /** Hour partitions of {@code reading} are created this far ahead. */
        @WithDefault("PT48H")
        Duration partitionsAhead();

        /** Each run recomputes this much before the watermark, so slightly late readings are included. */
        @WithDefault("10m")
        Duration relook();

        /** Most history one run rolls up (catching up after a long stop happens in steps). */
        @WithDefault("24h")
        Duration maxWindow();
    }

    interface UpsMetadata {
        Optional<String> name();

        Optional<String> site();

        Optional<List<String>> tags();
    }
}
