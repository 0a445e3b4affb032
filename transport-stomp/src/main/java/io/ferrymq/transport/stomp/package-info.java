/**
 * STOMP 1.0, 1.1 and 1.2 transport on Netty codec-stomp.
 */
package io.ferrymq.transport.stomp;
