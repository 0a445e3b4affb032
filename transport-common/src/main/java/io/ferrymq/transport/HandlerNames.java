package io.ferrymq.transport;

/**
 * The names of the handlers {@code TransportChannelInitializer} puts in front of every connection's pipeline, in
 * pipeline order. Protocols add their own handlers after these, under names prefixed by their protocol name.
 */
public final class HandlerNames {

    /** {@code ConnectionLimitHandler}: counts the connection, closes it when over the server's limit. */
    public static final String CONNECTION_LIMIT = "connection-limit";

    /** {@code ConnectTimeoutHandler}: closes the connection if its handshake does not complete in time. */
    public static final String CONNECT_TIMEOUT = "connect-timeout";

    /** Netty's {@code SslHandler}: on TLS listeners only, decrypts everything behind it. */
    public static final String TLS = "tls";

    /** {@code TlsSessionHandler}: records the client certificate when the TLS handshake completes, then leaves. */
    public static final String TLS_SESSION = "tls-session";

    /** Netty's {@code HttpServerCodec}: on WebSocket listeners, the HTTP of the upgrade request. */
    public static final String HTTP_CODEC = "http-codec";

    /** Netty's {@code HttpObjectAggregator}: the whole upgrade request. */
    public static final String HTTP_AGGREGATOR = "http-aggregator";

    /** Netty's {@code WebSocketServerCompressionHandler}: per-message deflate, when the listener allows it. */
    public static final String WEBSOCKET_COMPRESSION = "websocket-compression";

    /** Netty's {@code WebSocketServerProtocolHandler}: the upgrade, ping/pong and the close handshake. */
    public static final String WEBSOCKET = "websocket";

    /** {@code WebSocketProtocolSelector}: chooses the protocol by subprotocol, then becomes websocket-frames. */
    public static final String WEBSOCKET_SELECTOR = "websocket-selector";

    /** {@code WebSocketFrameCodec}: frames to the protocol's bytes and back. */
    public static final String WEBSOCKET_FRAMES = "websocket-frames";

    /** {@code ProtocolDetector}: on detecting listeners only, until the protocol is installed. */
    public static final String PROTOCOL_DETECTOR = "protocol-detector";

    private HandlerNames() {
    }
}
