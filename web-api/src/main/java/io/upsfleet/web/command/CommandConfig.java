package io.upsfleet.web.command;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Commands, {@code upsfleet.commands.*}. */
@ConfigMapping(prefix = "upsfleet.commands")
public interface CommandConfig {

    /** How long the broker may take to accept a command before it counts as not sent (503, row NOT_SENT). */
    @WithDefault("PT5S")
    Duration publishTimeout();

    /**
     * Shared-subscription group of the command-result consumer (env {@code UPSFLEET_COMMANDS_RESULT_GROUP}):
     * the replicas of one web-api share it, so one of them stores each result. The channel's topic in
     * application.properties is built from it.
     */
    @WithDefault("web-api")
    String resultGroup();
}
