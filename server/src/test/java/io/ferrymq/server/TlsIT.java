package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.addressing.security.PasswordHashes;
import io.ferrymq.server.config.ConfigLoader;
import io.ferrymq.server.config.FerryConfig;
import io.ferrymq.transport.TlsConfigurationException;
import io.ferrymq.transport.testing.TestCertificates;
import io.ferrymq.transport.testing.TestCertificates.Issued;
import io.ferrymq.transport.testing.TlsProbe;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.activemq.ActiveMQSslConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every protocol behind TLS, with the real clients and a CA made at run time: activemq-client 6.x over
 * {@code ssl://} and {@code failover:(ssl://...)} on the auto-detecting OpenWire TLS listener, Paho over mqtts (with
 * mutual TLS required), Qpid JMS over amqps, a raw STOMP frame over TLS; TLS 1.1 refused everywhere; a missing key
 * file stops the start with its name.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TlsIT {

    private static final long TIMEOUT = 5_000;

    @TempDir
    static Path certs;
    private static TestCertificates ca;
    private static Path chain;
    private static Path key;
    private static Path caPem;
    private static Path caP12;

    @TempDir
    Path dataDir;

    private FerryServer server;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.create(certs, "ferry-test");
        Issued serverCertificate = ca.server("localhost");
        chain = ca.chainPem(serverCertificate, "server");
        key = ca.keyPem(serverCertificate, "server");
        caPem = ca.caPem();
        caP12 = ca.caPkcs12();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The in-process server with TLS on, mqttTls requiring client certificates, and {@code more} overrides. */
    private FerryServer start(Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(Map.of(
                "dataDir", dataDir.toString(), "host", "127.0.0.1",
                "tls.certificateChain", chain.toString(), "tls.privateKey", key.toString(),
                "tls.trustStore", caPem.toString(), "tls.subjectField", "CN",
                "listeners.mqttTls.clientAuth", "REQUIRE"));
        overrides.putAll(more);
        FerryConfig config = ConfigLoader.load(Optional.empty(), Map.of(), overrides);
        server = FerryServer.start(config, true);
        return server;
    }

    private int port(String listener) {
        return server.address(listener).orElseThrow().getPort();
    }

    @Test
    void tlsListenersAreOffWithoutKeyMaterial() {
        server = FerryServer.start(ServerFixture.config(dataDir), true);
        assertThat(server.address("openwireTls")).isEmpty();
        assertThat(server.address("mqttTls")).isEmpty();
        assertThat(server.address("openwire")).isPresent();
    }

    @Test
    void activeMqClientOverSslAndFailoverSsl() throws Exception {
        start(Map.of());
        for (String url : new String[] {"ssl://127.0.0.1:" + port("openwireTls"),
                "failover:(ssl://127.0.0.1:" + port("openwireTls") + ")?maxReconnectAttempts=0"}) {
            ActiveMQSslConnectionFactory factory = new ActiveMQSslConnectionFactory(url);
            factory.setTrustStore(caP12.toString());
            factory.setTrustStoreType("PKCS12");
            factory.setTrustStorePassword(TestCertificates.PASSWORD);
            roundTrip(factory, "tls.openwire");
        }
    }

    @Test
    void qpidJmsOverAmqps() throws Exception {
        start(Map.of());
        String url = "amqps://localhost:" + port("amqpTls") + "?transport.trustStoreLocation=" + caP12
                + "&transport.trustStorePassword=" + TestCertificates.PASSWORD + "&transport.trustStoreType=PKCS12";
        roundTrip(new JmsConnectionFactory(url), "tls.amqp");
    }

    /** Only the certificate users {@code names} exist (password unused) and anonymous connections are refused. */
    private static Map<String, String> certificateUsersOnly(String... names) throws IOException {
        StringBuilder yaml = new StringBuilder("users:\n");
        String hash = PasswordHashes.hash("not-used".toCharArray(), 1000);
        for (String name : names) {
            yaml.append("  ").append(name).append(":\n    password: \"").append(hash)
                    .append("\"\n    roles: [admin]\n");
        }
        Path file = Files.createTempFile(certs, "users-", ".yaml");
        Files.writeString(file, yaml);
        return Map.of("security.usersFile", file.toString(), "security.allowAnonymous", "false");
    }

    @Test
    void theCertificateSubjectIsTheUserForMqttOpenWireAndStomp() throws Exception {
        Map<String, String> overrides = new HashMap<>(certificateUsersOnly("device-1"));
        overrides.put("listeners.openwireTls.clientAuth", "REQUIRE");
        overrides.put("listeners.stompTls.clientAuth", "REQUIRE");
        start(overrides);
        Issued known = ca.client("CN=device-1,O=Acme");
        Issued unknown = ca.client("CN=intruder,O=Acme");

        MqttClient mqtt = new MqttClient("ssl://127.0.0.1:" + port("mqttTls"), "tls-cert-user", new MemoryPersistence());
        try {
            mqtt.connect(mqttOptions(ca.clientContext(known, "TLSv1.3"))); // no user name: the certificate's
            mqtt.disconnect();
            assertThatThrownBy(() -> mqtt.connect(mqttOptions(ca.clientContext(unknown, "TLSv1.3"))))
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                            .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        } finally {
            mqtt.close();
        }

        for (Issued who : List.of(known, unknown)) {
            ActiveMQSslConnectionFactory factory = new ActiveMQSslConnectionFactory(
                    "ssl://127.0.0.1:" + port("openwireTls"));
            factory.setTrustStore(caP12.toString());
            factory.setTrustStoreType("PKCS12");
            factory.setTrustStorePassword(TestCertificates.PASSWORD);
            factory.setKeyStore(ca.pkcs12(who, "openwire-client-" + who.certificate().getSerialNumber()).toString());
            factory.setKeyStoreType("PKCS12");
            factory.setKeyStorePassword(TestCertificates.PASSWORD);
            if (who == known) {
                roundTrip(factory, "tls.cert.user");
            } else {
                assertThatThrownBy(() -> factory.createConnection().start())
                        .isInstanceOf(jakarta.jms.JMSSecurityException.class);
            }
        }

        for (Issued who : List.of(known, unknown)) {
            try (SSLSocket socket = (SSLSocket) ca.clientContext(who, "TLS").getSocketFactory()
                    .createSocket("127.0.0.1", port("stompTls"))) {
                socket.setSoTimeout((int) TIMEOUT);
                socket.getOutputStream().write(
                        "CONNECT\naccept-version:1.2\nhost:localhost\n\n\0".getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                String answer = new String(socket.getInputStream().readNBytes("CONNECTED".length()),
                        StandardCharsets.UTF_8);
                assertThat(answer).isEqualTo(who == known ? "CONNECTED" : "ERROR\nmes");
            }
        }
    }

    @Test
    void pahoOverMqttsWithAClientCertificate() throws Exception {
        start(certificateUsersOnly("device-1"));
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + port("mqttTls"), "tls-device-1",
                new MemoryPersistence());
        try {
            client.connect(mqttOptions(ca.clientContext(ca.client("CN=device-1,O=Acme"), "TLSv1.3")));
            BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
            client.subscribe("sensors/tls", 1, (topic, message) ->
                    received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
            client.publish("sensors/tls", "21.5".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(received.poll(TIMEOUT, TimeUnit.MILLISECONDS)).isEqualTo("21.5");
            client.disconnect();
        } finally {
            client.close();
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificate() throws Exception {
        start(Map.of());
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + port("mqttTls"), "tls-anonymous",
                new MemoryPersistence());
        try {
            assertThatThrownBy(() -> client.connect(mqttOptions(ca.clientContext(null, "TLSv1.2"))))
                    .isInstanceOf(MqttException.class);
            assertThat(client.isConnected()).isFalse();
        } finally {
            client.close();
        }
    }

    @Test
    void stompOverTls() throws Exception {
        start(Map.of());
        SSLContext context = ca.clientContext(null, "TLS");
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1",
                port("stompTls"))) {
            socket.setSoTimeout((int) TIMEOUT);
            OutputStream out = socket.getOutputStream();
            out.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0".getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] first = in.readNBytes("CONNECTED".length());
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("CONNECTED");
        }
    }

    @Test
    void tls11IsRefusedOnEveryTlsListener() throws IOException {
        start(Map.of());
        for (String listener : new String[] {"openwireTls", "mqttTls", "amqpTls", "stompTls"}) {
            assertThat(TlsProbe.offerTls11(new InetSocketAddress("127.0.0.1", port(listener))))
                    .as(listener).isEqualTo(TlsProbe.PROTOCOL_VERSION_ALERT);
        }
    }

    @Test
    void aMissingKeyFileStopsTheStartNamingIt() {
        Path missing = certs.resolve("missing.key.pem");
        assertThatThrownBy(() -> start(Map.of("tls.privateKey", missing.toString())))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessage("TLS private key file " + missing + " does not exist or is not a file");
        server = null;
    }

    private static MqttConnectOptions mqttOptions(SSLContext context) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(context.getSocketFactory());
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        options.setAutomaticReconnect(false);
        return options;
    }

    private static void roundTrip(ConnectionFactory factory, String queueName) throws Exception {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));
            session.createProducer(session.createQueue(queueName)).send(session.createTextMessage("over tls"));
            TextMessage received = (TextMessage) consumer.receive(TIMEOUT);
            assertThat(received).as(queueName).isNotNull();
            assertThat(received.getText()).isEqualTo("over tls");
        }
    }
}
