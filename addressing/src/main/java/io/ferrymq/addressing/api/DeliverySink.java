package io.ferrymq.addressing.api;

/**
 * Receives a consumer's deliveries. Implemented by the transport. Every method runs on the connection's executor
 * (see {@link ConnectionSink#executor()}) and must not block.
 */
public interface DeliverySink {

    /** A message for the consumer; it used one credit. */
    void deliver(Delivery delivery);

    /** The drain asked with {@link Consumer#drain()} is done: the consumer's credit is zero. */
    default void drained() {}

    /** A browser has been handed every message that was in the queue when it reached the end. */
    default void browseComplete() {}

    /**
     * The engine closed the consumer (its queue was deleted, the broker stops). Unsettled deliveries are already
     * back in their queue. Not called after {@link Consumer#close()}.
     */
    default void closed(EngineException cause) {}
}
