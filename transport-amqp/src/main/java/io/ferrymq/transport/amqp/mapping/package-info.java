/**
 * AMQP 1.0 message bytes to the engine's {@link io.ferrymq.addressing.api.Message} and back, following the AMQP JMS
 * Mapping as Qpid JMS implements it, so that every JMS message type crosses to OpenWire, STOMP and MQTT consumers
 * and back. {@link io.ferrymq.transport.amqp.mapping.AmqpMessageMapper} is the only entry point; the other types are
 * its parts. docs/message-mapping.md (AMQP 1.0) holds the field-by-field table.
 *
 * <p>This package faces both the protocol (Proton-J's codec) and the engine's message type, and nothing else: it
 * knows no links, sessions or connections.
 */
package io.ferrymq.transport.amqp.mapping;
