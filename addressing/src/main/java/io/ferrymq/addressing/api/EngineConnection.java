package io.ferrymq.addressing.api;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * One authenticated network connection. Owns sessions and temporary queues; {@link #close()} releases them all.
 *
 * <p>Thread safe; methods do not block.
 */
public interface EngineConnection {

    /** A broker-unique id for logs and management. */
    String id();

    /** The authenticated user name ({@code guest} for anonymous connections). */
    String user();

    /** The roles of the authenticated user. */
    Set<String> roles();

    /** The client id the connection holds, or null. */
    String clientId();

    /** Opens a session: the unit that sends, subscribes and runs transactions. */
    EngineSession createSession();

    /**
     * The transport tells the engine its channel became writable again (Netty's channelWritabilityChanged), so
     * dispatch to this connection's consumers resumes.
     */
    void writabilityChanged();

    /**
     * Closes the connection: closes its sessions (unsettled deliveries go back to their queues with their delivery
     * count raised), rolls back open transactions, deletes its temporary queues and releases its client id.
     * Idempotent. The stage completes on the connection's executor when all of that is done.
     */
    CompletionStage<Void> close();
}
