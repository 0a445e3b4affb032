package io.ferrymq.transport.amqp.bridge;

import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.transport.TlsPeer;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of SASL (AMQP 1.0 §5.3): offers EXTERNAL (only on a connection whose TLS client certificate
 * was verified: the certificate's subject is the identity), PLAIN and ANONYMOUS; lets a client skip the layer (it
 * is then anonymous at open); reads the mechanism's initial response (for PLAIN without one, an empty challenge
 * asks for it) and answers with the outcome of the engine's authentication ({@link Engine#open}). A failed outcome
 * is followed by closing the socket.
 *
 * <p>Not thread safe: called on the connection's event loop.
 */
final class SaslAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(SaslAuthenticator.class);

    static final String EXTERNAL = "EXTERNAL";
    static final String PLAIN = "PLAIN";
    static final String ANONYMOUS = "ANONYMOUS";

    /** Authenticates a user name (null: anonymous) and password, calling back on the event loop. */
    interface Authentication {
        void authenticate(String username, char[] password, String certificateSubject, Runnable ok,
                Consumer<Throwable> failed);
    }

    private final Channel channel;
    private final String certificateSubject;
    private final Authentication authentication;
    private final Runnable failedOutcomeSent;
    private final Runnable pump;
    private boolean awaitingPlainResponse;

    /**
     * @param failedOutcomeSent called after a failed outcome is set: flush it, then close the socket
     * @param pump flushes the transport's output
     */
    SaslAuthenticator(Channel channel, Authentication authentication, Runnable failedOutcomeSent, Runnable pump) {
        this.channel = channel;
        this.certificateSubject = TlsPeer.subject(channel).orElse(null);
        this.authentication = authentication;
        this.failedOutcomeSent = failedOutcomeSent;
        this.pump = pump;
    }

    void install(Sasl sasl) {
        sasl.server();
        sasl.allowSkip(true);
        if (certificateSubject != null) {
            sasl.setMechanisms(EXTERNAL, PLAIN, ANONYMOUS);
        } else {
            sasl.setMechanisms(PLAIN, ANONYMOUS);
        }
        sasl.setListener(new SaslListener() {
            @Override
            public void onSaslInit(Sasl s, Transport t) {
                init(s);
            }

            @Override
            public void onSaslResponse(Sasl s, Transport t) {
                if (awaitingPlainResponse) {
                    awaitingPlainResponse = false;
                    authenticate(s, PLAIN, received(s));
                }
            }

            @Override
            public void onSaslMechanisms(Sasl s, Transport t) {
            }

            @Override
            public void onSaslChallenge(Sasl s, Transport t) {
            }

            @Override
            public void onSaslOutcome(Sasl s, Transport t) {
            }
        });
    }

    private void init(Sasl sasl) {
        String[] mechanisms = sasl.getRemoteMechanisms();
        String mechanism = mechanisms.length > 0 ? mechanisms[0] : "";
        byte[] response = received(sasl);
        if (PLAIN.equals(mechanism) && response.length == 0) {
            // RFC 4422 §5: no initial response, so an empty challenge asks for it (a sasl-response follows)
            awaitingPlainResponse = true;
            sasl.send(new byte[0], 0, 0);
            pump.run();
            return;
        }
        authenticate(sasl, mechanism, response);
    }

    private static byte[] received(Sasl sasl) {
        byte[] response = new byte[Math.max(0, sasl.pending())];
        sasl.recv(response, 0, response.length);
        return response;
    }

    private void authenticate(Sasl sasl, String mechanism, byte[] response) {
        String username;
        char[] password;
        String subject = null;
        if (EXTERNAL.equals(mechanism) && certificateSubject != null) {
            // RFC 4422 appendix A: the identity is the certificate's; an authorization id, if any, is ignored
            username = null;
            password = null;
            subject = certificateSubject;
        } else if (PLAIN.equals(mechanism)) {
            // RFC 4616: [authzid] NUL authcid NUL passwd
            int first = indexOf(response, 0);
            int second = first < 0 ? -1 : indexOf(response, first + 1);
            if (second < 0) {
                LOG.warn("FA2001 SASL PLAIN from {} with a malformed response, authentication failed",
                        channel.remoteAddress());
                fail(sasl, Sasl.PN_SASL_AUTH);
                return;
            }
            username = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
            password = new String(response, second + 1, response.length - second - 1, StandardCharsets.UTF_8)
                    .toCharArray();
        } else if (ANONYMOUS.equals(mechanism)) {
            username = null;
            password = null;
        } else {
            LOG.warn("FA2001 SASL mechanism {} from {} is not supported, authentication failed", mechanism,
                    channel.remoteAddress());
            fail(sasl, Sasl.PN_SASL_AUTH);
            return;
        }
        String identity = subject != null ? subject : username;
        authentication.authenticate(username, password, subject, () -> {
            sasl.done(Sasl.PN_SASL_OK);
            pump.run();
        }, failure -> {
            LOG.warn("FA2001 SASL {} authentication of {} from {} failed: {}", mechanism,
                    identity == null ? "an anonymous client" : identity, channel.remoteAddress(),
                    Conditions.unwrap(failure).getMessage());
            fail(sasl, outcome(failure));
        });
    }

    private void fail(Sasl sasl, Sasl.SaslOutcome outcome) {
        sasl.done(outcome);
        failedOutcomeSent.run();
    }

    /**
     * The SASL outcome for a failed {@link Engine#open} (AMQP 1.0 §5.3.3.6): {@code auth} for credentials,
     * {@code sys-temp} when the broker is stopping or full, {@code sys} otherwise.
     */
    static Sasl.SaslOutcome outcome(Throwable failure) {
        if (Conditions.unwrap(failure) instanceof EngineException e) {
            return switch (e.kind()) {
                case AUTHENTICATION_FAILED, NOT_AUTHORIZED -> Sasl.PN_SASL_AUTH;
                case SHUTTING_DOWN, RESOURCE_LIMIT -> Sasl.PN_SASL_TEMP;
                default -> Sasl.PN_SASL_SYS;
            };
        }
        return Sasl.PN_SASL_SYS;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
