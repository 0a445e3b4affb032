package io.ferrymq.transport.openwire;

import java.net.SocketAddress;
import java.util.concurrent.Executor;
import org.apache.activemq.command.Command;

/**
 * The protocol side of one OpenWire connection as a {@link CommandProcessor} sees it: where commands go out and the
 * controls of the network connection. Implemented by {@link OpenWireServerHandler}.
 *
 * <p>{@link #executor()}, {@link #isWritable()} and the read pauses may be called from any thread; everything else
 * on the connection's event loop.
 */
public interface CommandChannel {

    /** The event loop that confines the connection. */
    Executor executor();

    /** Writes and flushes one command. */
    void write(Command command);

    /** Whether the channel takes more outbound data now (a volatile read). */
    boolean isWritable();

    /** Holds one read pause (inbound back-pressure). */
    void pauseReads();

    /** Releases one read pause. */
    void resumeReads();

    /** The protocol handshake is complete (the ConnectionInfo is answered): ends the connect timeout. */
    void handshakeDone();

    /**
     * Whether the client speaks the {@code jakarta.jms} API (activemq-client 6 and later, or unknown) rather than
     * {@code javax.jms} (5.x), from the provider version of its WireFormatInfo: it decides which JMS exception class
     * names an ExceptionResponse carries.
     */
    boolean jakartaClient();

    /** The peer's address. */
    SocketAddress remoteAddress();

    /** The subject of the client's verified TLS certificate (mutual TLS), or null. */
    String certificateSubject();

    /** Flushes what was written and closes the network connection. */
    void close();
}
