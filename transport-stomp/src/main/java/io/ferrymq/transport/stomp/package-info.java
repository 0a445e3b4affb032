/**
 * STOMP 1.0, 1.1 and 1.2: the protocol side of the transport (no engine types here but in the factory that wires
 * the {@code bridge} package in). {@link io.ferrymq.transport.stomp.StompProtocolFactory} assembles the pipeline:
 * {@code StompFrameDecoder} (bytes to frames, size limits, reports failures), {@code StompFrameEncoder} (frames to
 * bytes, escaping for the negotiated {@code StompVersion}), an IdleStateHandler for heart-beats once connected, and
 * {@code StompServerHandler}, which only pumps frames, in order, to a {@code FrameProcessor}.
 *
 * <p>Why not Netty's codec-stomp decoder and encoder: they escape and unescape headers the same way whatever the
 * negotiated version (1.0 has no escaping, 1.1 has no {@code \r}), accept undefined escapes that STOMP 1.2 calls
 * fatal, and limit only line and chunk sizes, not the whole frame; the whole-frame limit has to apply before a large
 * {@code content-length} body is buffered. The codec here is two small classes that do exactly that.
 *
 * <h2>Log message ids (FP)</h2>
 * <ul>
 *   <li>FP1001 DEBUG client connected (version, heart-beats)</li>
 *   <li>FP1002 INFO connection refused: authentication failed, client id in use, no common version</li>
 *   <li>FP1003 INFO client silent past its heart-beat interval times the grace, closed</li>
 *   <li>FP1004 INFO the broker refused a request (not authorized, no such address, bad selector, address full),
 *       ERROR sent, closed</li>
 *   <li>FP2001 WARN malformed frame (unknown command, malformed header, undefined escape, bad content-length), ERROR
 *       sent, closed</li>
 *   <li>FP2002 WARN frame over a size limit, ERROR sent, closed</li>
 *   <li>FP2003 WARN protocol violation (missing required header, frame before CONNECT, unknown subscription, ack id
 *       or transaction), ERROR sent, closed</li>
 *   <li>FP3001 ERROR unexpected failure, ERROR sent, closed</li>
 * </ul>
 */
package io.ferrymq.transport.stomp;
