package io.upsfleet.gateway.command;

import io.upsfleet.contracts.CommandRequest;

/** Where the commands of one UPS go: its poller. */
public interface CommandTarget {

    /** Queues a valid command. */
    void submit(CommandRequest request);

    /** Answers a command that breaks the contract with REJECTED and the reason, so its sender is not left waiting. */
    void refuse(String commandId, String reason);
}
