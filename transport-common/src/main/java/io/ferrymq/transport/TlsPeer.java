package io.ferrymq.transport;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * What TLS says about a connection's peer: whether the connection is encrypted and, after mutual TLS, the verified
 * client certificate and the user name it yields ({@link TlsOptions#subjectField()}). A protocol passes
 * {@link #subject(Channel)} to the engine as {@code ConnectRequest.certificateSubject} when it opens the connection;
 * the handshake always completes before the protocol sees its first byte, so the values are known by then.
 *
 * <p>Set once on the connection's event loop when its handshake completes; readable from any thread afterwards.
 */
public final class TlsPeer {

    static final AttributeKey<TlsPeer> KEY = AttributeKey.valueOf(TlsPeer.class, "peer");

    private final X509Certificate certificate;
    private final String subject;

    TlsPeer(X509Certificate certificate, String subject) {
        this.certificate = certificate;
        this.subject = subject;
    }

    /** Whether the connection arrived over TLS (on a TLS listener). */
    public static boolean isSecure(Channel channel) {
        return channel.pipeline().get(SslHandler.class) != null || channel.hasAttr(KEY);
    }

    /**
     * The user name of the connection's verified client certificate: the subject DN (RFC 2253) or the configured
     * subject attribute. Empty without TLS, without a client certificate, or when the certificate lacks the
     * configured attribute.
     */
    public static Optional<String> subject(Channel channel) {
        TlsPeer peer = channel.attr(KEY).get();
        return peer == null ? Optional.empty() : Optional.ofNullable(peer.subject);
    }

    /** The connection's verified client certificate, if it presented one. */
    public static Optional<X509Certificate> certificate(Channel channel) {
        TlsPeer peer = channel.attr(KEY).get();
        return peer == null ? Optional.empty() : Optional.ofNullable(peer.certificate);
    }
}
