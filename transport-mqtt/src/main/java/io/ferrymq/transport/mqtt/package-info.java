/**
 * MQTT 3.1, 3.1.1 and 5.0: the protocol side of the transport (no engine types here; see the {@code bridge}
 * package). {@link io.ferrymq.transport.mqtt.MqttProtocolFactory} assembles the pipeline (Netty's MqttDecoder and
 * MqttEncoder, an IdleStateHandler after CONNECT, {@code MqttServerHandler}, which only pumps). {@code MqttSession}
 * is the connection's state machine; it delegates to small types with one job each: {@code ConnectParams} (what a
 * CONNECT asks for), {@code StoredSession} (a persistent session's records), {@code Subscriptions} (SUBSCRIBE,
 * UNSUBSCRIBE, retained on subscribe), {@code InboundFlow}/{@code OutboundFlow} (publications, acknowledgements,
 * Receive Maximum, topic aliases, Maximum Packet Size), {@code Will} (the will and its delay) and
 * {@code VersionStrategy} (what differs between 3.1.1 and 5.0). They talk to the broker only through
 * {@code Broker} and to the network only through {@code PacketWriter}, so {@code MqttSessionTest} drives them
 * without a socket. Everything runs on the connection's event loop.
 *
 * <h2>Log message ids (FM)</h2>
 * <ul>
 *   <li>FM1001 DEBUG client connected</li>
 *   <li>FM1002 INFO connection refused by the broker (authentication, limits)</li>
 *   <li>FM1003 INFO client silent past 1.5 x keep alive, closed</li>
 *   <li>FM1004 INFO protocol error (bad topic, alias, receive maximum exceeded), closed</li>
 *   <li>FM1005 INFO CONNECT with an unsupported protocol level, refused</li>
 *   <li>FM1006 INFO CONNECT with an invalid client id, refused</li>
 *   <li>FM1007 DEBUG connection failed with an I/O error</li>
 *   <li>FM1008 WARN a resumed persistent session could not reattach one of its subscriptions</li>
 *   <li>FM1009 DEBUG a subscription could not take the expiry of a v5 DISCONNECT's Session Expiry Interval</li>
 *   <li>FM2000 WARN malformed packet, connection closed (v5 DISCONNECT 0x81)</li>
 *   <li>FM2001 WARN packet over the maximum packet size, connection closed (v5 DISCONNECT 0x95)</li>
 *   <li>FM2002 WARN a will could not be published</li>
 * </ul>
 */
package io.ferrymq.transport.mqtt;
