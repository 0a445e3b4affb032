package io.ferrymq.addressing.api;

import java.util.Objects;

/**
 * The one failure type of the seam. Transports map {@link #kind()} onto their protocol's error; the message is fit
 * to show to a client.
 */
public class EngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in terms every protocol can map. */
    public enum Kind {
        /** Wrong user name or password, unknown user, or guest from a remote host. */
        AUTHENTICATION_FAILED,
        /** The user lacks the permission for the operation on the address. */
        NOT_AUTHORIZED,
        /** The client id is used by another connection and the policy refuses duplicates. */
        CLIENT_ID_IN_USE,
        /** No such address, and the address settings forbid creating it. */
        ADDRESS_NOT_FOUND,
        /** No such queue, and the address settings forbid creating it. */
        QUEUE_NOT_FOUND,
        /** A queue exists under that name with different, incompatible attributes. */
        QUEUE_EXISTS,
        /** The address exists but does not support the requested routing type. */
        ROUTING_TYPE_MISMATCH,
        /** The operation needs a queue without consumers (e.g. deleting an active durable subscription). */
        QUEUE_IN_USE,
        /** A selector or filter does not parse. */
        INVALID_FILTER,
        /** The address is over its size limit and its policy is to refuse. */
        ADDRESS_FULL,
        /** A configured limit was reached (connections, consumers). */
        RESOURCE_LIMIT,
        /** The transaction is unknown, already ended, or was rolled back. */
        TRANSACTION_FAILED,
        /** The operation is not valid in the current state (closed session, unknown delivery tag). */
        ILLEGAL_STATE,
        /** The request is malformed (bad name, bad argument). */
        INVALID_ARGUMENT,
        /** The broker is stopping. */
        SHUTTING_DOWN,
        /** Storage or another internal failure; the broker logged the cause. */
        INTERNAL
    }

    private final Kind kind;

    public EngineException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public EngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "EngineException[" + kind + "]: " + getMessage();
    }
}
