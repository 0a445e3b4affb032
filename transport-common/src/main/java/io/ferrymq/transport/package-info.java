/**
 * Netty pieces shared by every FerryMQ transport.
 *
 * <h2>How a server uses it</h2>
 * <pre>{@code
 * ProtocolRegistry protocols = ProtocolRegistry.load();                 // ServiceLoader, once
 * TransportServices services = TransportServices.builder().add(Engine.class, engine).build();
 * TransportRuntime runtime = TransportRuntime.create(limits);           // event loops, connection counter
 * Acceptor mqtt = new Acceptor(ListenerOptions.fixed("mqtt", "0.0.0.0", 1883, "mqtt"), runtime, protocols, services);
 * Acceptor main = new Acceptor(ListenerOptions.auto("main", "0.0.0.0", 61616, List.of()), runtime, protocols, services);
 * mqtt.start(); main.start();
 * ...
 * main.stop(); mqtt.stop(); runtime.close();                            // reverse order, runtime last
 * }</pre>
 *
 * <h2>How a protocol plugs in</h2>
 * A protocol module implements {@link io.ferrymq.transport.ProtocolFactory} and names the class in
 * {@code META-INF/services/io.ferrymq.transport.ProtocolFactory}. Its {@code install} adds its handlers with
 * {@code pipeline.addLast}, looks the engine up with {@code context.service(Engine.class)}, sizes its decoder with
 * {@code context.limits().maxFrameSize()}, calls {@code context.handshakeDone(channel)} when its handshake is
 * complete, and pauses reading with {@link io.ferrymq.transport.ConnectionGuard#pauseReads}.
 *
 * <h2>TLS</h2>
 * A listener with {@link io.ferrymq.transport.ListenerOptions#tls()} puts Netty's {@code SslHandler} in front of
 * everything (protocol detection included), built by {@link io.ferrymq.transport.TlsContextLoader} from PEM or
 * PKCS#12 files (TLS 1.2 and 1.3, JDK provider) and rebuilt when they change
 * ({@link io.ferrymq.transport.ReloadingTlsContext}). With mutual TLS a protocol reads the client certificate's user
 * name with {@link io.ferrymq.transport.ProtocolContext#certificateSubject} and passes it to the engine.
 *
 * <h2>WebSocket</h2>
 * A listener with {@link io.ferrymq.transport.ListenerOptions#webSocket()} accepts the HTTP upgrade (RFC 6455) and
 * chooses the protocol by the client's {@code Sec-WebSocket-Protocol} among the registered protocols'
 * {@link io.ferrymq.transport.ProtocolFactory#webSocketSubprotocols()}; binary, text and continuation frames carry
 * the protocol's bytes, ping/pong and the close handshake are Netty's. With TLS too, it is a wss listener.
 *
 * <h2>Threads</h2>
 * Each connection is confined to one event loop of the runtime's worker group; every handler here runs on it.
 * {@link io.ferrymq.transport.ConnectionGuard} may be called from any thread and hops onto the event loop.
 *
 * <h2>Log message ids (FT = FerryMQ transport)</h2>
 * <ul>
 *   <li>FT1001 INFO runtime started, on epoll or nio</li>
 *   <li>FT1002 INFO listener listening</li>
 *   <li>FT1003 INFO listener stopped</li>
 *   <li>FT1004 INFO runtime stopped</li>
 *   <li>FT1005 DEBUG protocol detected</li>
 *   <li>FT1006 INFO TLS key material reloaded after its files changed</li>
 *   <li>FT1007 DEBUG TLS handshake completed (version, cipher suite, client certificate user)</li>
 *   <li>FT1008 DEBUG WebSocket subprotocol chosen</li>
 *   <li>FT1009 DEBUG HTTP request that is no WebSocket upgrade on the listener's path, answered 404</li>
 *   <li>FT2001 WARN connection over the server's connection limit, closed</li>
 *   <li>FT2002 WARN unknown protocol on a detecting listener, closed (first bytes in hex)</li>
 *   <li>FT2003 WARN no complete handshake within the connect timeout, closed</li>
 *   <li>FT2004 WARN resumeReads without pauseReads, ignored</li>
 *   <li>FT2005 INFO TLS handshake failed (old TLS version, no or untrusted client certificate...), closed</li>
 *   <li>FT2006 WARN client certificate without the configured subject attribute: no user from it</li>
 *   <li>FT2007 WARN WebSocket client offered no known subprotocol, closed</li>
 *   <li>FT3001 ERROR listener cannot bind</li>
 *   <li>FT3002 ERROR a protocol's detect or install threw, connection closed</li>
 *   <li>FT3003 ERROR changed TLS files do not load: the current key material stays in use</li>
 * </ul>
 */
package io.ferrymq.transport;
