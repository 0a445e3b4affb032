package io.ferrymq.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.addressing.security.SecurityOptions;
import io.ferrymq.addressing.security.User;
import io.ferrymq.transport.TlsClientAuth;
import io.ferrymq.transport.TlsOptions;
import io.ferrymq.transport.testing.TestCertificates;
import io.ferrymq.transport.testing.TestCertificates.Issued;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SASL EXTERNAL over mutual TLS: the verified client certificate's subject is the user (Qpid JMS over amqps). */
@Timeout(60)
class ExternalSaslIT {

    @TempDir
    static Path dir;

    private static TestCertificates ca;
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.create(dir, "amqp-test");
        Issued server = ca.server("localhost");
        TlsOptions tls = TlsOptions.pem(ca.chainPem(server, "server"), ca.keyPem(server, "server"))
                .withClientAuth(TlsClientAuth.OPTIONAL, ca.caPkcs12(), TestCertificates.PASSWORD);
        SecurityOptions security = EmbeddedBroker.security(false,
                List.of(new User("CN=carol", null, Set.of("admin"))), SecurityOptions.DEFAULT_PERMISSIONS);
        broker = EmbeddedBroker.startTls(security, tls);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static JmsConnectionFactory factory(String clientDn, String name) {
        Path keyStore = ca.pkcs12(ca.client(clientDn), name);
        String url = "amqps://localhost:" + broker.tlsPort()
                + "?transport.keyStoreLocation=" + keyStore
                + "&transport.keyStorePassword=" + TestCertificates.PASSWORD
                + "&transport.trustStoreLocation=" + ca.caPkcs12()
                + "&transport.trustStorePassword=" + TestCertificates.PASSWORD
                + "&transport.storeType=PKCS12&amqp.saslMechanisms=EXTERNAL&jms.requestTimeout=10000";
        return new JmsConnectionFactory(url);
    }

    @Test
    void certificateSubjectIsTheUser() throws Exception {
        try (Connection c = factory("CN=carol", "carol").createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("amqp.external");
            s.createProducer(q).send(s.createTextMessage("by certificate"));
            assertThat(((TextMessage) s.createConsumer(q).receive(5000)).getText()).isEqualTo("by certificate");
        }
    }

    @Test
    void certificateOfAnUnknownSubjectIsRefused() {
        JmsConnectionFactory f = factory("CN=mallory", "mallory");
        // refused by the broker's SASL outcome for EXTERNAL, not by the client for want of a mechanism
        assertThatThrownBy(() -> f.createConnection().start()).isInstanceOf(JMSSecurityException.class)
                .hasMessageContaining("EXTERNAL");
    }

    @Test
    void externalIsNotOfferedWithoutATlsClientCertificate() throws Exception {
        try (ProtonClient c = new ProtonClient(broker.port(), null, null)) {
            c.transport.sasl().setMechanisms("EXTERNAL");
            c.connection.open();
            c.pumpUntil(() -> c.transport.sasl().getRemoteMechanisms().length > 0);
            assertThat(c.transport.sasl().getRemoteMechanisms()).containsExactly("PLAIN", "ANONYMOUS");
        }
    }
}
