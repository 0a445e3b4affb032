/**
 * The seam between a transport and the engine. Transports (MQTT, OpenWire, STOMP, AMQP) import this package and
 * nothing else of the addressing module.
 *
 * <p>Shape of a connection's life:
 * <ol>
 *   <li>{@link io.ferrymq.addressing.api.Engine#open} authenticates a {@link io.ferrymq.addressing.api.ConnectRequest}
 *       and returns an {@link io.ferrymq.addressing.api.EngineConnection}; the transport supplies a
 *       {@link io.ferrymq.addressing.api.ConnectionSink} through which the engine reaches back (executor,
 *       writability, read pausing, termination).</li>
 *   <li>The connection opens {@link io.ferrymq.addressing.api.EngineSession}s. A session sends
 *       {@link io.ferrymq.addressing.api.Message}s, subscribes with a
 *       {@link io.ferrymq.addressing.api.SubscriptionSpec} and gets a {@link io.ferrymq.addressing.api.Consumer},
 *       and runs {@link io.ferrymq.addressing.api.Transaction}s.</li>
 *   <li>A consumer receives {@link io.ferrymq.addressing.api.Delivery}s through its
 *       {@link io.ferrymq.addressing.api.DeliverySink} only while it has credit, and settles each with an
 *       {@link io.ferrymq.addressing.api.Outcome}.</li>
 * </ol>
 *
 * <p>Threading: every method of this API may be called from any thread (the transports call it from their event
 * loop) and never blocks. Every callback from the engine to a transport (sink methods and the completion of the
 * returned stages) runs on the connection's {@link io.ferrymq.addressing.api.ConnectionSink#executor()}.
 *
 * <p>Errors: operations fail with an {@link io.ferrymq.addressing.api.EngineException} whose
 * {@link io.ferrymq.addressing.api.EngineException.Kind} a transport maps onto its protocol's error (an MQTT reason
 * code, a STOMP ERROR frame, an AMQP error condition, a JMS exception).
 */
package io.ferrymq.addressing.api;
