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

    /**
     * Claims a client id after the connection opened without one, for protocols that learn it only after
     * authenticating (AMQP's container id arrives in the open frame, after SASL). The same rules as
     * {@link ConnectRequest#clientIdPolicy()} apply; the stage completes on the connection's executor, and fails
     * with an {@link EngineException} of kind {@code CLIENT_ID_IN_USE} when {@code policy} is
     * {@link ClientIdPolicy#REFUSE_DUPLICATE} and another open connection holds the id.
     *
     * @throws IllegalStateException if the connection already holds a client id
     */
    CompletionStage<Void> claimClientId(String clientId, ClientIdPolicy policy);

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
