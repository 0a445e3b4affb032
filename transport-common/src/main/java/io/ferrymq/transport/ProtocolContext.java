package io.ferrymq.transport;

import io.netty.channel.Channel;
import java.util.Objects;
import java.util.Optional;

/**
 * What a listener hands to {@link ProtocolFactory#install}: its name, the server's {@link TransportLimits} and the
 * server's services. One instance per listener, shared by its connections; immutable and thread safe.
 *
 * <p>The engine reaches a protocol through {@link #service(Class)}: the server registers it with
 * {@code TransportServices.builder().add(Engine.class, engine)} and a protocol calls
 * {@code context.service(Engine.class)} in {@code install}. transport-common itself does not know the engine's
 * types.
 *
 * <p>Protocol modules may construct a context directly to test their handlers on an {@code EmbeddedChannel}.
 */
public final class ProtocolContext {

    private final String listenerName;
    private final TransportLimits limits;
    private final TransportServices services;

    /**
     * @param listenerName the listener's name
     * @param limits       the server's limits
     * @param services     the server's services
     */
    public ProtocolContext(String listenerName, TransportLimits limits, TransportServices services) {
        this.listenerName = Objects.requireNonNull(listenerName, "listenerName");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.services = Objects.requireNonNull(services, "services");
    }

    /** The name of the listener the connection arrived on, for logs and per-listener policies. */
    public String listenerName() {
        return listenerName;
    }

    /** The server's limits: frame size for decoders, idle timeout for protocols without negotiated keep-alive. */
    public TransportLimits limits() {
        return limits;
    }

    /**
     * The server's service registered under {@code type}, such as {@code service(Engine.class)}.
     *
     * @throws IllegalStateException naming the type, if the server registered none
     */
    public <T> T service(Class<T> type) {
        return services.get(type);
    }

    /** The server's service registered under {@code type}, if any. */
    public <T> Optional<T> findService(Class<T> type) {
        return services.find(type);
    }

    /**
     * Tells the listener that the connection completed its protocol handshake, which cancels its connect timeout.
     * Same as {@link ConnectionGuard#handshakeDone(Channel)}.
     */
    public void handshakeDone(Channel channel) {
        ConnectionGuard.handshakeDone(channel);
    }

    /**
     * The user name of the connection's verified TLS client certificate (mutual TLS), to pass to the engine as
     * {@code ConnectRequest.certificateSubject}; empty on plain listeners and without a client certificate. Same as
     * {@link TlsPeer#subject(Channel)}.
     */
    public Optional<String> certificateSubject(Channel channel) {
        return TlsPeer.subject(channel);
    }

    @Override
    public String toString() {
        return "ProtocolContext[listener=" + listenerName + ", " + limits + ", " + services + "]";
    }
}
