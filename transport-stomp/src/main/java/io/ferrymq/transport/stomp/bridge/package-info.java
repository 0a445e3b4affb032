/**
 * The broker side of a STOMP connection: the only package of the transport that talks to the engine
 * ({@code io.ferrymq.addressing.api}). {@link io.ferrymq.transport.stomp.bridge.EngineFrameProcessor} maps frames
 * onto one engine connection and session; {@code StompSubscription} is one SUBSCRIBE (ack mode, ack window, pending
 * acknowledgements); {@code Acknowledgements} finds what an ACK or NACK names per version; {@code Transactions} holds
 * the open transactions; {@code Destinations} maps STOMP destination names (with the connection's temporary
 * destinations); {@code MessageConverter} converts messages at the edge; {@code Failures} maps engine errors onto
 * ERROR frames. Every class here runs on the connection's event loop, which is also the engine connection's
 * executor.
 */
package io.ferrymq.transport.stomp.bridge;
