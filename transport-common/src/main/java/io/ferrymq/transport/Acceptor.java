package io.ferrymq.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener: binds a server socket on the {@link TransportRuntime}'s event loops and hands every accepted
 * connection to {@code TransportChannelInitializer}, which speaks the listener's fixed protocol or detects one.
 *
 * <p>Connections get {@code TCP_NODELAY}, {@code SO_KEEPALIVE}, the runtime's {@link WriteBufferWaterMark} and
 * {@code AUTO_READ} (reads are then paused through {@link ConnectionGuard}).
 *
 * <p>The protocols are resolved against the registry on construction, so a listener naming an unknown protocol
 * fails before anything binds. {@link #start()} and {@link #stop()} block until bound or closed; they may be called
 * from any thread but an event loop of the runtime. Thread safe.
 */
public final class Acceptor {

    private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);

    private final ListenerOptions options;
    private final TransportRuntime runtime;
    private final ProtocolContext context;
    private final ProtocolFactory fixedProtocol;
    private final List<ProtocolFactory> detectable;
    private final ChannelGroup connections;
    private final ReloadingTlsContext tls;
    private Channel serverChannel;
    private ScheduledFuture<?> tlsReload;

    /**
     * @param options  where to listen and which protocol to speak
     * @param runtime  the server's shared event loops, limits and connection counter
     * @param registry the server's protocols
     * @param services what protocols may look up through {@link ProtocolContext#service(Class)}, such as the engine
     * @throws IllegalArgumentException   if the options name a protocol the registry does not have, or an auto
     *                                    listener has no protocol to detect
     * @throws TlsConfigurationException naming the file, if the options' TLS key or trust material cannot be used
     */
    public Acceptor(ListenerOptions options, TransportRuntime runtime, ProtocolRegistry registry,
            TransportServices services) {
        this.options = Objects.requireNonNull(options, "options");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(registry, "registry");
        this.context = new ProtocolContext(options.name(), runtime.limits(), services);
        if (options.isAuto()) {
            this.fixedProtocol = null;
            List<ProtocolFactory> chosen = new ArrayList<>();
            if (options.allowedProtocols().isEmpty()) {
                chosen.addAll(registry.all());
            } else {
                options.allowedProtocols().forEach(name -> chosen.add(registry.get(name)));
            }
            // with no protocol installed every connection is unknown: logged (FT2002) and closed
            this.detectable = List.copyOf(chosen);
        } else {
            this.fixedProtocol = registry.get(options.protocol());
            this.detectable = List.of();
        }
        this.connections = new DefaultChannelGroup("listener-" + options.name(), GlobalEventExecutor.INSTANCE);
        this.tls = options.isTls() ? new ReloadingTlsContext(options.name(), options.tls()) : null;
    }

    /**
     * Binds the listener and waits until it is bound. A no-op if already started.
     *
     * @throws UncheckedIOException   if the address cannot be bound (FT3001), for example because it is in use
     * @throws IllegalStateException  if the runtime is closed
     */
    public synchronized void start() {
        if (serverChannel != null) {
            return;
        }
        if (runtime.isClosed()) {
            throw new IllegalStateException("listener '" + options.name() + "': transport runtime is closed");
        }
        TransportLimits limits = runtime.limits();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(runtime.bossGroup(), runtime.workerGroup())
                .channel(runtime.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.AUTO_READ, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        limits.writeBufferLowWaterMark(), limits.writeBufferHighWaterMark()))
                .childHandler(new TransportChannelInitializer(context, runtime.connections(), connections,
                        fixedProtocol, detectable, tls, options.webSocket()));
        ChannelFuture bound = bootstrap.bind(options.host(), options.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            LOG.error("FT3001 Listener '{}': cannot bind {}:{}: {}", options.name(), options.host(), options.port(),
                    String.valueOf(cause));
            String message = "listener '" + options.name() + "': cannot bind " + options.host() + ":" + options.port();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(message, io);
            }
            throw new IllegalStateException(message, cause);
        }
        serverChannel = bound.channel();
        if (tls != null && !options.tls().reloadInterval().isZero()) {
            long every = options.tls().reloadInterval().toMillis();
            // on the boss loop, which only accepts: a reload's file reads never delay a connection's I/O
            tlsReload = runtime.bossGroup().next().scheduleWithFixedDelay(this::reloadTls, every, every,
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("FT1002 Listener '{}' ({}) listening on {} with {}", options.name(), describeProtocols(),
                serverChannel.localAddress(), runtime.transportName());
    }

    /**
     * Stops accepting, closes this listener's open connections and waits for both. A no-op if not started. The
     * runtime's event loops keep running for the other listeners.
     */
    public synchronized void stop() {
        if (serverChannel == null) {
            return;
        }
        if (tlsReload != null) {
            tlsReload.cancel(false);
            tlsReload = null;
        }
        serverChannel.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly();
        serverChannel = null;
        LOG.info("FT1003 Listener '{}' stopped", options.name());
    }

    /** Whether the listener is bound. */
    public synchronized boolean isStarted() {
        return serverChannel != null;
    }

    /**
     * The address the listener is bound to, with the real port when {@link ListenerOptions#port()} is 0.
     *
     * @throws IllegalStateException if the listener is not started
     */
    public synchronized InetSocketAddress boundAddress() {
        if (serverChannel == null) {
            throw new IllegalStateException("listener '" + options.name() + "' is not started");
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The connections of this listener open now (refused ones may be counted for an instant). */
    public int openConnections() {
        return connections.size();
    }

    /** The listener's options. */
    public ListenerOptions options() {
        return options;
    }

    /** The context this listener gives its protocols. */
    public ProtocolContext context() {
        return context;
    }

    /**
     * Rebuilds the TLS context now if its files changed (the listener also checks every
     * {@link TlsOptions#reloadInterval()}). New connections use the new files; open ones are kept.
     *
     * @return whether new key material is in use
     * @throws IllegalStateException if the listener has no TLS
     */
    public boolean reloadTls() {
        if (tls == null) {
            throw new IllegalStateException("listener '" + options.name() + "' has no TLS");
        }
        try {
            return tls.reloadIfChanged();
        } catch (RuntimeException e) {
            // never let an exception cancel the periodic check
            LOG.error("FT3003 Listener '{}': TLS reload failed", options.name(), e);
            return false;
        }
    }

    private String describeProtocols() {
        String tlsText = tls == null ? "" : " over TLS " + options.tls().protocols() + " client auth "
                + options.tls().clientAuth();
        if (fixedProtocol != null) {
            return fixedProtocol.name() + tlsText;
        }
        if (options.isWebSocket()) {
            return "WebSocket " + options.webSocket().path() + " " + detectable.stream()
                    .flatMap(p -> p.webSocketSubprotocols().stream()).sorted().toList() + tlsText;
        }
        return ListenerOptions.AUTO + " " + detectable.stream().map(ProtocolFactory::name).toList() + tlsText;
    }
}
