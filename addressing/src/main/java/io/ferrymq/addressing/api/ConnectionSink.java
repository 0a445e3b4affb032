package io.ferrymq.addressing.api;

import java.util.concurrent.Executor;

/**
 * The engine's way back to a transport connection. Implemented by the transport.
 *
 * <p>All engine-to-transport callbacks of a connection (deliveries, completions, this interface's methods except
 * {@link #executor()} and {@link #isWritable()}) run on {@link #executor()}, so a transport that passes its Netty
 * event loop needs no locking. Implementations must never block.
 */
public interface ConnectionSink {

    /** The executor that confines the connection (its event loop). Called from any thread. */
    Executor executor();

    /**
     * Whether the connection can take more outbound data now. Called from engine threads; a plain volatile read.
     * When it returns false the engine stops dispatching to the connection's consumers until the transport calls
     * {@link EngineConnection#writabilityChanged()}.
     */
    boolean isWritable();

    /** Stop reading from the network (an address is full or the journal lags). Called on {@link #executor()}. */
    void pauseReads();

    /** Resume reading from the network. Called on {@link #executor()}. */
    void resumeReads();

    /**
     * The engine ends the connection (client id takeover, shutdown, administrative close). The transport sends
     * what its protocol sends in that case and closes the network connection; it need not call
     * {@link EngineConnection#close()}, the engine has already released the connection's resources. Called on
     * {@link #executor()}.
     */
    void terminate(CloseReason reason);
}
