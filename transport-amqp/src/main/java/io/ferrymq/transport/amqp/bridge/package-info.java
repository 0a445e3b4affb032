/**
 * The broker side of AMQP 1.0: the only package of the transport that talks to the engine seam
 * ({@code io.ferrymq.addressing.api}). {@link io.ferrymq.transport.amqp.bridge.ConnectionBridge} answers the
 * Proton-J events of one connection (SASL, open, begin, attach, flow, transfer, disposition, detach, end, close);
 * one {@code SessionBridge} per AMQP session holds one engine session; one {@code ProtonLink} per link is a
 * producer, a consumer or the transaction coordinator. Message bytes are converted by the
 * {@code mapping} package.
 *
 * <p>Threading: everything here runs on the connection's Netty event loop, which is also the engine connection's
 * executor, so there is no locking.
 */
package io.ferrymq.transport.amqp.bridge;
