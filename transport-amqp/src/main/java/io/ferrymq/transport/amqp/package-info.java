/**
 * AMQP 1.0 transport on Qpid Proton-J: {@link io.ferrymq.transport.amqp.AmqpProtocolFactory} (port 5672, detected
 * by the AMQP header) installs an {@code AmqpConnectionHandler} that only pumps bytes through Proton-J's I/O-free
 * engine; the protocol's decisions live in the {@code bridge} package, the message conversion in
 * {@code mapping}. See docs/amqp.md. Log ids: FA1xxx info, FA2xxx warn, FA3xxx error.
 */
package io.ferrymq.transport.amqp;
