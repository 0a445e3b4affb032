/**
 * AMQP 1.0 transport on Qpid Proton-J.
 */
package io.ferrymq.transport.amqp;
