package io.upsfleet.nut.protocol;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The answer to one request: its text (one or more {@code \n}-terminated lines) and what the connection does
 * once it is written.
 */
public record Reply(String text, After after) {

    public enum After {
        /** keep serving */
        NONE,
        /** close the connection (LOGOUT, too many failed logins) */
        CLOSE,
        /** switch the connection to TLS (STARTTLS) */
        STARTTLS
    }

    public static Reply line(String line) {
        return new Reply(line + "\n", After.NONE);
    }

    public static Reply err(String code) {
        return line("ERR " + code);
    }

    public static CompletionStage<Reply> now(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    public static CompletionStage<Reply> nowLine(String line) {
        return now(line(line));
    }

    public static CompletionStage<Reply> nowErr(String code) {
        return now(err(code));
    }
}
