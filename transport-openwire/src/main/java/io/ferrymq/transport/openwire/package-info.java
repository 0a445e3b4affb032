/**
 * ActiveMQ OpenWire (port 61616), the protocol side: framing on the ActiveMQ codec ({@code OpenWireFormat} from
 * activemq-client), WireFormatInfo negotiation, the inactivity monitor, and the hand-off of every other command to
 * a {@link io.ferrymq.transport.openwire.CommandProcessor}. This package does not import the engine API; the
 * {@code bridge} package is the only one that does.
 *
 * <h2>Threads</h2>
 * A connection is confined to its Netty event loop: the handlers, the {@code OpenWireFormat} (stateful: marshal
 * caches) and the command processor run on it only.
 *
 * <h2>Log message ids (FO = FerryMQ OpenWire)</h2>
 * <ul>
 *   <li>FO1001 DEBUG wire format negotiated</li>
 *   <li>FO2001 WARN malformed or oversized frame, connection closed</li>
 *   <li>FO2002 WARN no data within the negotiated inactivity duration, connection closed</li>
 *   <li>FO2003 WARN a command before the wire format negotiation, connection closed</li>
 *   <li>FO2004 WARN a command failed unexpectedly (answered with an ExceptionResponse)</li>
 *   <li>FO2005 WARN an unsupported command, answered with an ExceptionResponse</li>
 *   <li>FO3001 ERROR unexpected failure in the OpenWire handler, connection closed</li>
 * </ul>
 */
package io.ferrymq.transport.openwire;
