package io.ferrymq.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import java.util.Set;

/**
 * The service provider interface of a transport: one implementation per wire protocol, found through
 * {@link java.util.ServiceLoader} (see {@link ProtocolRegistry}). A protocol module registers its implementation in
 * {@code META-INF/services/io.ferrymq.transport.ProtocolFactory}; it needs a public no-argument constructor.
 *
 * <p>Implementations are stateless and thread safe: one instance serves every listener and connection of a server.
 * Per-connection state belongs to the handlers that {@link #install} adds.
 */
public interface ProtocolFactory {

    /**
     * The bytes after which a detecting listener gives up: {@link #detect} must decide within them. Every
     * supported protocol announces itself far sooner (AMQP 8 bytes, MQTT CONNECT about 14, OpenWire 12).
     */
    int MAX_DETECTION_BYTES = 256;

    /**
     * The protocol's name in configuration and logs, lower case and unique among the registered factories:
     * {@code "mqtt"}, {@code "amqp"}, {@code "stomp"}, {@code "openwire"}.
     */
    String name();

    /** The protocol's standard port (MQTT 1883, AMQP 5672, STOMP 61613, OpenWire 61616). */
    int defaultPort();

    /**
     * Tells whether the first bytes a client sent open this protocol.
     *
     * <p>Contract: called on the connection's event loop, possibly several times for one connection with a growing
     * buffer, each time with all bytes received so far starting at {@code firstBytes.readerIndex()}. The method
     * must not change the buffer's indexes or reference count: read with {@code getByte(readerIndex() + i)}, never
     * {@code readByte()}. Answer {@link Detection#NEED_MORE} while the bytes are a proper prefix of this protocol's
     * opening, {@link Detection#NO_MATCH} as soon as they cannot be, and {@link Detection#MATCH} only when they
     * could open no other protocol: factories are asked in the listener's order and the first MATCH wins. A
     * detector gives up after {@link #MAX_DETECTION_BYTES} bytes, so decide within them.
     */
    Detection detect(ByteBuf firstBytes);

    /**
     * The WebSocket subprotocols (RFC 6455 §1.9) under which this protocol is carried, for example {@code "mqtt"}
     * or {@code "v12.stomp"}; the WebSocket transport chooses the factory by them. Empty if the protocol is not
     * offered over WebSocket.
     */
    default Set<String> webSocketSubprotocols() {
        return Set.of();
    }

    /**
     * Adds this protocol's handlers to a new connection's pipeline, after the common ones (use
     * {@link ChannelPipeline#addLast(String, io.netty.channel.ChannelHandler)} with names prefixed by
     * {@link #name()}, such as {@code "mqtt-decoder"}; never a name of {@link HandlerNames}).
     *
     * <p>Contract:
     * <ul>
     *   <li>Called on the connection's event loop, once per connection, on a channel that is already active. On a
     *       fixed-protocol listener it is called before {@code channelActive} is fired, after detection it is called
     *       after: handlers must initialise in {@code handlerAdded}, not wait for {@code channelActive}. A connection
     *       refused by the connection limit is closed without {@code channelActive} reaching these handlers.</li>
     *   <li>On a detecting listener the bytes that were buffered for detection are fired into the new handlers
     *       right after this method returns.</li>
     *   <li>The protocol calls {@link ProtocolContext#handshakeDone} once its handshake is complete (MQTT CONNACK,
     *       AMQP open, STOMP CONNECTED, OpenWire WireFormatInfo and ConnectionInfo), or the connection is closed
     *       when {@link TransportLimits#connectTimeoutMillis()} elapses.</li>
     *   <li>The protocol reads {@link TransportLimits#maxFrameSize()} for its decoders and applies
     *       {@link TransportLimits#idleTimeoutMillis()} where its handshake negotiates no keep-alive.</li>
     *   <li>Inbound back-pressure goes through {@link ConnectionGuard#pauseReads}/{@link ConnectionGuard#resumeReads},
     *       never through {@code setAutoRead}; outbound writes respect {@code Channel.isWritable()} (the
     *       listener sets a {@link io.netty.channel.WriteBufferWaterMark}).</li>
     *   <li>A runtime exception thrown here is logged (FT3002) and the connection is closed.</li>
     * </ul>
     *
     * @param pipeline the new connection's pipeline
     * @param context  the listener's context: limits and the server's services, such as the engine
     */
    void install(ChannelPipeline pipeline, ProtocolContext context);
}
