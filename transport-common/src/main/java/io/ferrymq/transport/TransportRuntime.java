package io.ferrymq.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network threads and server-wide state every {@link Acceptor} of a server shares: one boss event loop (1
 * thread) that accepts, one worker group that runs every connection, the server's {@link TransportLimits} and its
 * {@link ConnectionCounter}. Uses epoll when {@link Epoll#isAvailable()} and NIO otherwise (FT1001 says which).
 *
 * <p>The server creates one runtime before its acceptors and closes it after every acceptor has stopped: closing
 * shuts the event loops down gracefully and waits for them. Thread safe; {@link #close()} blocks and must not be
 * called on one of the runtime's event loops.
 */
public final class TransportRuntime implements AutoCloseable {

    /** The worker thread count that lets Netty choose (twice the available processors). */
    public static final int DEFAULT_WORKER_THREADS = 0;

    private static final Logger LOG = LoggerFactory.getLogger(TransportRuntime.class);
    private static final long SHUTDOWN_QUIET_MILLIS = 100;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 15_000;

    private final TransportLimits limits;
    private final ConnectionCounter connections;
    private final boolean epoll;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private boolean closed;

    private TransportRuntime(TransportLimits limits, int workerThreads, boolean preferNative) {
        this.limits = Objects.requireNonNull(limits, "limits");
        if (workerThreads < 0) {
            throw new IllegalArgumentException("workerThreads must be >= 0: " + workerThreads);
        }
        this.connections = new ConnectionCounter(limits.maxConnections());
        this.epoll = preferNative && Epoll.isAvailable();
        if (epoll) {
            bossGroup = new EpollEventLoopGroup(1, new DefaultThreadFactory("ferry-accept"));
            workerGroup = new EpollEventLoopGroup(workerThreads, new DefaultThreadFactory("ferry-io"));
        } else {
            bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("ferry-accept"));
            workerGroup = new NioEventLoopGroup(workerThreads, new DefaultThreadFactory("ferry-io"));
        }
        if (epoll || !preferNative) {
            LOG.info("FT1001 Transport runtime started on {} ({} I/O threads)", transportName(), ioThreads());
        } else {
            LOG.info("FT1001 Transport runtime started on nio ({} I/O threads); epoll unavailable: {}", ioThreads(),
                    String.valueOf(Epoll.unavailabilityCause()));
        }
    }

    /** A runtime with {@code limits}, the default worker count and epoll where available. */
    public static TransportRuntime create(TransportLimits limits) {
        return new TransportRuntime(limits, DEFAULT_WORKER_THREADS, true);
    }

    /**
     * A runtime with {@code limits}.
     *
     * @param workerThreads the I/O threads that run connections, {@link #DEFAULT_WORKER_THREADS} to let Netty choose
     * @param preferNative  use epoll when available; false forces NIO
     */
    public static TransportRuntime create(TransportLimits limits, int workerThreads, boolean preferNative) {
        return new TransportRuntime(limits, workerThreads, preferNative);
    }

    /** The server's limits. */
    public TransportLimits limits() {
        return limits;
    }

    /** The server's open connections across all listeners, against {@link TransportLimits#maxConnections()}. */
    public ConnectionCounter connections() {
        return connections;
    }

    /** Whether the runtime uses epoll rather than NIO. */
    public boolean isEpoll() {
        return epoll;
    }

    /** {@code "epoll"} or {@code "nio"}, for logs. */
    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Shuts the event loops down gracefully and waits for them (up to 15 s). Stop every acceptor first.
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Future<?> boss = bossGroup.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS,
                TimeUnit.MILLISECONDS);
        Future<?> workers = workerGroup.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS,
                TimeUnit.MILLISECONDS);
        boss.awaitUninterruptibly();
        workers.awaitUninterruptibly();
        LOG.info("FT1004 Transport runtime stopped");
    }

    EventLoopGroup bossGroup() {
        return bossGroup;
    }

    EventLoopGroup workerGroup() {
        return workerGroup;
    }

    Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private int ioThreads() {
        int count = 0;
        for (var ignored : workerGroup) {
            count++;
        }
        return count;
    }
}
