package io.ferrymq.transport.stomp;

import java.net.SocketAddress;
import java.util.concurrent.Executor;

/**
 * The protocol side of one STOMP connection as a {@link FrameProcessor} sees it: where frames go out and the
 * controls of the network connection. Implemented by {@link StompServerHandler}.
 *
 * <p>{@link #executor()}, {@link #isWritable()} and the read pauses may be called from any thread; everything else
 * on the connection's event loop.
 */
public interface FrameChannel {

    /** The event loop that confines the connection. */
    Executor executor();

    /** Writes and flushes one frame (plain header values: the encoder escapes them). */
    void write(StompFrame frame);

    /** Whether the channel takes more outbound data now (a volatile read). */
    boolean isWritable();

    /** Holds one read pause (inbound back-pressure). */
    void pauseReads();

    /** Releases one read pause. */
    void resumeReads();

    /**
     * The connection is established: sets the version the codec escapes headers for, starts heart-beating and ends
     * the connect timeout. Call it before writing CONNECTED.
     *
     * @param version the negotiated version
     * @param sendMillis how often the server sends a heart-beat when it has nothing else to write; 0 for never
     * @param receiveMillis how often the client promised to send something; 0 for never (then the server never
     *     times the client out, as ActiveMQ Classic and RabbitMQ)
     */
    void connected(StompVersion version, long sendMillis, long receiveMillis);

    /**
     * Ends the connection because of {@code cause}: logs one line, writes an ERROR frame (with the {@code receipt-id}
     * of {@code frame} when it asked for a receipt) and closes. Later calls are ignored.
     *
     * @param frame the frame that failed, or null
     */
    void fail(StompFrame frame, Throwable cause);

    /** The peer's address. */
    SocketAddress remoteAddress();

    /** The subject of the client's verified TLS certificate (mutual TLS), or null. */
    String certificateSubject();

    /** Flushes what was written and closes the network connection. */
    void close();
}
