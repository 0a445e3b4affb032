package io.ferrymq.transport;

/**
 * WebSocket in front of a listener's protocols (RFC 6455): the HTTP path the upgrade is accepted on and the largest
 * frame. The protocol is chosen by the {@code Sec-WebSocket-Protocol} header among the registered protocols'
 * {@link ProtocolFactory#webSocketSubprotocols()}. Validated on construction; immutable.
 *
 * @param path         the path of the upgrade request; {@value #ANY_PATH} accepts every path (clients use
 *                     {@code /}, {@code /mqtt}, {@code /stomp} ...), any other value that path and those below it
 * @param maxFrameSize the largest frame payload accepted, in bytes (at least {@value #MIN_MAX_FRAME_SIZE}); a larger
 *                     frame closes the connection with status 1009. Fragmented messages are not limited as a whole:
 *                     the protocol's own frame limit applies to the bytes they carry.
 * @param compression  whether per-message deflate (RFC 7692) is accepted when a client offers it
 */
public record WebSocketOptions(String path, int maxFrameSize, boolean compression) {

    /** The {@link #path()} that accepts every path. */
    public static final String ANY_PATH = "/";
    /**
     * The default {@link #maxFrameSize()}: 2 MiB, so that a STOMP frame with a 1 MiB body and its headers fits in one
     * WebSocket frame, as browser STOMP clients send it.
     */
    public static final int DEFAULT_MAX_FRAME_SIZE = 2 * 1024 * 1024;
    /** The smallest {@link #maxFrameSize()} allowed. */
    public static final int MIN_MAX_FRAME_SIZE = 1024;

    /**
     * @throws IllegalArgumentException for a path not starting with {@code /} or a too small frame size
     */
    public WebSocketOptions {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("WebSocket path must start with '/': " + path);
        }
        if (maxFrameSize < MIN_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("WebSocket max frame size must be at least " + MIN_MAX_FRAME_SIZE
                    + " bytes: " + maxFrameSize);
        }
    }

    /** Without compression. */
    public WebSocketOptions(String path, int maxFrameSize) {
        this(path, maxFrameSize, false);
    }

    /** These options with per-message deflate accepted or not. */
    public WebSocketOptions withCompression(boolean enabled) {
        return new WebSocketOptions(path, maxFrameSize, enabled);
    }

    /** Every path, 2 MiB frames, no compression. */
    public static WebSocketOptions defaults() {
        return new WebSocketOptions(ANY_PATH, DEFAULT_MAX_FRAME_SIZE);
    }
}
