package io.ferrymq.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles every accepted connection's pipeline of one listener, in one place:
 *
 * <pre>
 *   connection-limit  -&gt;  connect-timeout (if enabled)  -&gt;  tls, tls-session (TLS listeners)
 *       -&gt;  protocol-detector (auto listeners) or the fixed protocol's handlers
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

    /**
     * @param fixedProtocol the listener's protocol, or null to detect one of {@code detectable}
     * @param connections   the listener's open connections, which this initializer adds each new one to
     * @param tls           the listener's TLS context, or null for plain TCP
     */
    TransportChannelInitializer(ProtocolContext context, ConnectionCounter counter, ChannelGroup connections,
            ProtocolFactory fixedProtocol, List<ProtocolFactory> detectable, ReloadingTlsContext tls) {
        this.context = context;
        this.counter = counter;
        this.connections = connections;
        this.fixedProtocol = fixedProtocol;
        this.detectable = List.copyOf(detectable);
        this.tls = tls;
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
        if (fixedProtocol != null) {
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
}
