package io.ferrymq.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the TLS handshake, right behind the {@link SslHandler}: on success records the verified client
 * certificate and its user name as {@link TlsPeer} and removes itself; on failure logs it (FT2005, the
 * {@code SslHandler} closes the connection). Named {@link HandlerNames#TLS_SESSION}. One per connection, called on
 * its event loop.
 */
final class TlsSessionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TlsSessionHandler.class);

    private final String listenerName;
    private final String subjectField;

    TlsSessionHandler(String listenerName, String subjectField) {
        this.listenerName = listenerName;
        this.subjectField = subjectField;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                X509Certificate certificate = peerCertificate(ctx.pipeline().get(SslHandler.class));
                String subject = certificate == null ? null : subject(certificate);
                if (certificate != null && subject == null) {
                    LOG.warn("FT2006 Listener '{}': client certificate {} of {} has no {} attribute: no user from it",
                            listenerName, certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                            ctx.channel().remoteAddress(), subjectField);
                }
                ctx.channel().attr(TlsPeer.KEY).set(new TlsPeer(certificate, subject));
                LOG.debug("FT1007 Listener '{}': TLS {} {} with {}{}", listenerName,
                        ctx.pipeline().get(SslHandler.class).engine().getSession().getProtocol(),
                        ctx.pipeline().get(SslHandler.class).engine().getSession().getCipherSuite(),
                        ctx.channel().remoteAddress(), subject == null ? "" : ", client " + subject);
                ctx.pipeline().remove(this);
            } else {
                LOG.info("FT2005 Listener '{}': TLS handshake with {} failed: {}", listenerName,
                        ctx.channel().remoteAddress(), String.valueOf(done.cause()));
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // the handshake failure is logged above from its event; the SslHandler closes the connection
        ctx.close();
    }

    private static X509Certificate peerCertificate(SslHandler ssl) {
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no client certificate (client auth NONE, or OPTIONAL and none sent)
        }
    }

    /** The user name of a certificate: its whole subject DN, or the first value of the configured attribute. */
    String subject(X509Certificate certificate) {
        String dn = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        if (TlsOptions.SUBJECT_DN.equalsIgnoreCase(subjectField)) {
            return dn;
        }
        try {
            // RFC 2253 lists the most specific RDN first; LdapName reverses it: search from the end
            java.util.List<Rdn> rdns = new LdapName(dn).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Rdn rdn = rdns.get(i);
                if (rdn.getType().toUpperCase(Locale.ROOT).equals(subjectField.toUpperCase(Locale.ROOT))) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            LOG.warn("FT2006 Listener '{}': cannot parse certificate subject {}", listenerName, dn);
        }
        return null;
    }
}
