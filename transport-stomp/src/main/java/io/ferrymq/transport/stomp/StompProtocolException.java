package io.ferrymq.transport.stomp;

import java.util.Map;

/**
 * A failure that ends a STOMP connection with an ERROR frame: the message becomes the frame's {@code message}
 * header. Its {@link Kind} decides the log line (and its id) the handler writes.
 */
public final class StompProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the connection ends. */
    public enum Kind {
        /** A frame that is not valid STOMP: unknown command, malformed header, undefined escape (FP2001). */
        MALFORMED,
        /** A frame over a size limit (FP2002). */
        TOO_LARGE,
        /**
         * Valid STOMP used wrongly: a missing required header, a frame before CONNECT, an unknown subscription, ack
         * id or transaction (FP2003).
         */
        PROTOCOL,
        /** The broker refused the connection: authentication, client id in use, no common version (FP1002). */
        REFUSED,
        /** The broker refused an operation: not authorized, no such address, bad selector, address full (FP1004). */
        REJECTED,
        /** An unexpected failure inside the broker (FP3001). */
        INTERNAL
    }

    private final Kind kind;
    private final transient Map<String, String> headers;

    public StompProtocolException(Kind kind, String message) {
        this(kind, message, Map.of(), null);
    }

    /**
     * @param headers extra headers for the ERROR frame (the {@code version} header of a failed negotiation)
     */
    public StompProtocolException(Kind kind, String message, Map<String, String> headers, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.headers = Map.copyOf(headers);
    }

    public Kind kind() {
        return kind;
    }

    /** Extra headers for the ERROR frame. */
    public Map<String, String> headers() {
        return headers;
    }
}
