package io.ferrymq.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles every accepted connection's pipeline of one listener, in one place:
 *
 * <pre>
 *   connection-limit  -&gt;  connect-timeout (if enabled)  -&gt;  tls, tls-session (TLS listeners)
 *       -&gt;  protocol-detector (auto listeners) or the fixed protocol's handlers
 *       or, on WebSocket listeners: http-codec, http-aggregator, websocket-compression (if enabled), websocket,
 *           websocket-selector
 *           (which becomes websocket-frames followed by the protocol chosen by subprotocol)
 * </pre>
 *
 * <p>The connect timeout covers the TLS handshake too. Behind {@code tls} every handler sees plain bytes, so
 * detection and protocols work alike with and without TLS.
 *
 * <p>After detection, the detector's place is taken by the detected protocol's handlers. Shared by all connections
 * of the listener (it is {@code @Sharable} through {@link ChannelInitializer}); {@link #initChannel} runs on each
 * connection's event loop.
 */
final class TransportChannelInitializer extends ChannelInitializer<Channel> {

    private static final Logger LOG = LoggerFactory.getLogger(TransportChannelInitializer.class);

    private final ProtocolContext context;
    private final ConnectionCounter counter;
    private final ChannelGroup connections;
    private final ProtocolFactory fixedProtocol;
    private final List<ProtocolFactory> detectable;
    private final ReloadingTlsContext tls;
    private final WebSocketOptions webSocket;

    /**
     * @param fixedProtocol the listener's protocol, or null to detect one of {@code detectable}
     * @param connections   the listener's open connections, which this initializer adds each new one to
     * @param tls           the listener's TLS context, or null for plain TCP
     * @param webSocket     the listener's WebSocket options (then {@code detectable} are chosen by subprotocol), or
     *                      null
     */
    TransportChannelInitializer(ProtocolContext context, ConnectionCounter counter, ChannelGroup connections,
            ProtocolFactory fixedProtocol, List<ProtocolFactory> detectable, ReloadingTlsContext tls,
            WebSocketOptions webSocket) {
        this.context = context;
        this.counter = counter;
        this.connections = connections;
        this.fixedProtocol = fixedProtocol;
        this.detectable = List.copyOf(detectable);
        this.tls = tls;
        this.webSocket = webSocket;
    }

    @Override
    protected void initChannel(Channel channel) {
        connections.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(HandlerNames.CONNECTION_LIMIT, new ConnectionLimitHandler(counter, context.listenerName()));
        long connectTimeout = context.limits().connectTimeoutMillis();
        if (connectTimeout > 0) {
            pipeline.addLast(HandlerNames.CONNECT_TIMEOUT,
                    new ConnectTimeoutHandler(connectTimeout, context.listenerName()));
        }
        if (tls != null) {
            pipeline.addLast(HandlerNames.TLS, tls.current().newHandler(channel.alloc()));
            pipeline.addLast(HandlerNames.TLS_SESSION,
                    new TlsSessionHandler(context.listenerName(), tls.options().subjectField()));
        }
        if (webSocket != null) {
            addWebSocket(pipeline);
        } else if (fixedProtocol != null) {
            try {
                fixedProtocol.install(pipeline, context);
            } catch (RuntimeException e) {
                LOG.error("FT3002 Listener '{}': protocol {} failed to install connection from {}, closing",
                        context.listenerName(), fixedProtocol.name(), channel.remoteAddress(), e);
                channel.close();
            }
        } else {
            pipeline.addLast(HandlerNames.PROTOCOL_DETECTOR, new ProtocolDetector(detectable, context));
        }
    }

    private void addWebSocket(ChannelPipeline pipeline) {
        String subprotocols = detectable.stream()
                .flatMap(p -> p.webSocketSubprotocols().stream())
                .distinct()
                .collect(java.util.stream.Collectors.joining(","));
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(webSocket.path())
                .checkStartsWith(true)
                .subprotocols(subprotocols.isEmpty() ? null : subprotocols)
                .handshakeTimeoutMillis(context.limits().connectTimeoutMillis() > 0
                        ? context.limits().connectTimeoutMillis() : 10_000L)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(webSocket.maxFrameSize())
                        .allowExtensions(webSocket.compression())
                        .allowMaskMismatch(false)
                        .build())
                .build();
        pipeline.addLast(HandlerNames.HTTP_CODEC, new HttpServerCodec());
        pipeline.addLast(HandlerNames.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_UPGRADE_REQUEST));
        if (webSocket.compression()) {
            pipeline.addLast(HandlerNames.WEBSOCKET_COMPRESSION, new WebSocketServerCompressionHandler());
        }
        pipeline.addLast(HandlerNames.WEBSOCKET, new WebSocketServerProtocolHandler(config));
        pipeline.addLast(HandlerNames.WEBSOCKET_SELECTOR, new WebSocketProtocolSelector(detectable, context));
    }

    /** The largest HTTP upgrade request accepted (headers included). */
    private static final int MAX_UPGRADE_REQUEST = 64 * 1024;
}
