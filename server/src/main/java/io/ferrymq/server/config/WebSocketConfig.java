package io.ferrymq.server.config;

import io.ferrymq.transport.WebSocketOptions;
import java.util.Objects;

/**
 * The WebSocket listeners ({@code listeners.ws}, and {@code listeners.wss} when {@code tls} has key material): on
 * by default, as ActiveMQ Classic's stock {@code ws} connector on 61614. The protocol is chosen by the client's
 * {@code Sec-WebSocket-Protocol} ({@code mqtt}, {@code v12.stomp}, {@code amqp}, ...).
 *
 * @param enabled whether the WebSocket listeners run
 * @param path the HTTP path of the upgrade; {@code /} accepts every path
 * @param maxFrameSize the largest WebSocket frame accepted, at least 1KiB
 * @param compression whether per-message deflate is accepted when a client offers it
 */
public record WebSocketConfig(boolean enabled, String path, int maxFrameSize, boolean compression) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final String DEFAULT_PATH = WebSocketOptions.ANY_PATH;
    public static final int DEFAULT_MAX_FRAME_SIZE = WebSocketOptions.DEFAULT_MAX_FRAME_SIZE;
    public static final boolean DEFAULT_COMPRESSION = false;

    public static final WebSocketConfig DEFAULTS = new WebSocketConfig(DEFAULT_ENABLED, DEFAULT_PATH,
            DEFAULT_MAX_FRAME_SIZE, DEFAULT_COMPRESSION);

    /**
     * @throws IllegalArgumentException for a path not starting with {@code /} or a frame size under 1KiB
     */
    public WebSocketConfig {
        Objects.requireNonNull(path, "path");
        options(path, maxFrameSize); // validates
    }

    /** The transport's options. */
    public WebSocketOptions options() {
        return options(path, maxFrameSize).withCompression(compression);
    }

    private static WebSocketOptions options(String path, int maxFrameSize) {
        try {
            return new WebSocketOptions(path, maxFrameSize);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webSocket: " + e.getMessage(), e);
        }
    }
}
