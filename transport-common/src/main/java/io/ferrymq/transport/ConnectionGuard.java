package io.ferrymq.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection controls a protocol uses: inbound back-pressure and the end of the connect timeout.
 *
 * <p>Read pauses are counted, so independent reasons (an address is full, the journal lags, a session ran out of
 * credit) compose: reading stops ({@code autoRead} off) while at least one pause is held, and resumes when the last
 * one is released. Protocols never call {@code ChannelConfig.setAutoRead} themselves. Pending reads held in the
 * socket's receive buffer then push back on the client through TCP flow control.
 *
 * <p>Every method may be called from any thread: off the connection's event loop it hops onto it, so the count is
 * only ever touched by the event loop and needs no lock. Calls from one thread take effect in call order.
 */
public final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final AttributeKey<ReadPauses> READ_PAUSES = AttributeKey.valueOf(ConnectionGuard.class,
            "readPauses");

    private ConnectionGuard() {
    }

    /**
     * Holds one read pause: the connection stops reading until every pause is released by {@link #resumeReads}.
     * Any thread.
     */
    public static void pauseReads(Channel channel) {
        onEventLoop(channel, () -> {
            ReadPauses pauses = pauses(channel);
            if (pauses.count++ == 0) {
                channel.config().setAutoRead(false);
            }
        });
    }

    /**
     * Releases one read pause; the connection reads again when none is left. A release without a pause is logged
     * (FT2004) and ignored. Any thread.
     */
    public static void resumeReads(Channel channel) {
        onEventLoop(channel, () -> {
            ReadPauses pauses = pauses(channel);
            if (pauses.count == 0) {
                LOG.warn("FT2004 resumeReads without pauseReads on {}, ignored", channel);
                return;
            }
            if (--pauses.count == 0) {
                channel.config().setAutoRead(true);
            }
        });
    }

    /**
     * The read pauses held now. Exact on the connection's event loop; from another thread a snapshot that may
     * not yet include calls still hopping onto the event loop.
     */
    public static int readPauses(Channel channel) {
        ReadPauses pauses = channel.attr(READ_PAUSES).get();
        return pauses == null ? 0 : pauses.count;
    }

    /**
     * The connection completed its protocol handshake: cancels its connect timeout
     * ({@link TransportLimits#connectTimeoutMillis()}). Idempotent; a no-op when the listener has no timeout. Any
     * thread.
     */
    public static void handshakeDone(Channel channel) {
        onEventLoop(channel, () -> {
            ChannelHandler timeout = channel.pipeline().get(HandlerNames.CONNECT_TIMEOUT);
            if (timeout != null) {
                channel.pipeline().remove(timeout);
            }
        });
    }

    private static ReadPauses pauses(Channel channel) {
        ReadPauses pauses = channel.attr(READ_PAUSES).get();
        if (pauses == null) {
            pauses = new ReadPauses();
            channel.attr(READ_PAUSES).set(pauses);
        }
        return pauses;
    }

    private static void onEventLoop(Channel channel, Runnable action) {
        if (channel.eventLoop().inEventLoop()) {
            action.run();
        } else {
            channel.eventLoop().execute(action);
        }
    }

    /** The pause count of one connection: written only on its event loop, volatile for {@link #readPauses}. */
    private static final class ReadPauses {
        private volatile int count;
    }
}
