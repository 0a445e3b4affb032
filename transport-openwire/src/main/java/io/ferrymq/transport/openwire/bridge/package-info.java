/**
 * The broker side of an OpenWire connection: the only package of the transport that talks to the engine
 * ({@code io.ferrymq.addressing.api}). {@link io.ferrymq.transport.openwire.bridge.EngineCommandProcessor} maps
 * OpenWire commands onto engine connections, sessions, consumers and transactions;
 * {@link io.ferrymq.transport.openwire.bridge.Publisher} sends (composite destinations, ActiveMQ scheduler
 * properties); {@link io.ferrymq.transport.openwire.bridge.VirtualTopics} maps virtual topic consumer queues;
 * {@link io.ferrymq.transport.openwire.bridge.MessageConverter} converts messages at the edge. Every class here runs
 * on the connection's event loop, which is also the engine connection's executor.
 */
package io.ferrymq.transport.openwire.bridge;
