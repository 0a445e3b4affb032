package io.ferrymq.interop;

import io.ferrymq.transport.testing.TestCertificates;
import io.ferrymq.transport.testing.TestCertificates.Issued;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.jms.Connection;
import javax.jms.JMSException;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * What the WebSocket client tests share: a CA and a server certificate for {@code localhost} and {@code 127.0.0.1}
 * made at run time under {@code target/certificates} (nothing secret is committed), a server process with the
 * {@code ws} and {@code wss} listeners besides plain MQTT (and OpenWire), the {@code src/test/web} {@link NodeProject},
 * and the URLs and environment of its scripts. Create it in a static field before the server's:
 *
 * <pre>
 * private static final WebSocketFixture WEB = WebSocketFixture.create("name");
 * &#64;RegisterExtension
 * static final FerryServerExtension SERVER = WEB.server();
 * </pre>
 */
final class WebSocketFixture {

    /** The script's own deadline (SCRIPT_TIMEOUT_MS); the process is killed a little later. */
    private static final Duration SCRIPT_DEADLINE = Duration.ofSeconds(60);
    private static final Duration SCRIPT_TIMEOUT = SCRIPT_DEADLINE.plusSeconds(15);

    private final Path caPem;
    private final Path chainPem;
    private final FerryServerExtension server;
    private NodeProject node;

    private WebSocketFixture(Path caPem, Path chainPem, FerryServerExtension server) {
        this.caPem = caPem;
        this.chainPem = chainPem;
        this.server = server;
    }

    /** A new CA named {@code name} and the server it is for (not started: register {@link #server()}). */
    static WebSocketFixture create(String name) {
        Path dir = Path.of(System.getProperty("ferry.buildDir", "target"), "certificates", name).toAbsolutePath();
        TestCertificates ca = TestCertificates.create(dir, name);
        Issued certificate = ca.server("localhost");
        Path chain = ca.chainPem(certificate, "server");
        FerryServerExtension server = FerryServerExtension.withEnv(Map.of(
                        "FERRY_WEB_SOCKET_ENABLED", "true",
                        "FERRY_TLS_CERTIFICATE_CHAIN", chain.toString(),
                        "FERRY_TLS_PRIVATE_KEY", ca.keyPem(certificate, "server").toString()))
                .withListeners("mqtt", "ws", "wss");
        return new WebSocketFixture(ca.caPem(), chain, server);
    }

    /** The server extension, to register in the test class. */
    FerryServerExtension server() {
        return server;
    }

    /** Installs the Node project (once per JVM); call from {@code @BeforeAll}. */
    void install() throws Exception {
        node = NodeProject.install("web", 20); // playwright-core needs Node.js 20
    }

    /**
     * {@code ws://127.0.0.1:<ws><path>} or {@code wss://localhost:<wss><path>} (the name the certificate has and
     * the clients check).
     */
    String url(String scheme, String path) {
        return switch (scheme) {
            case "ws" -> "ws://127.0.0.1:" + server.server().port("ws") + path;
            case "wss" -> "wss://localhost:" + server.server().port("wss") + path;
            default -> throw new IllegalArgumentException(scheme);
        };
    }

    /** {@code mqtt://127.0.0.1:<mqtt>}: plain MQTT over TCP. */
    String mqttUrl() {
        return "mqtt://127.0.0.1:" + server.server().port("mqtt");
    }

    /** A started ActiveMQ 5.18 (OpenWire) connection: the JMS side of the cross-protocol tests. */
    Connection jms() throws JMSException {
        Connection c = new ActiveMQConnectionFactory(server.server().tcpUrl()).createConnection();
        c.start();
        return c;
    }

    /**
     * Runs {@code node <script>} with {@code env} plus CA_FILE (the CA, PEM), CERT_FILE (the server certificate
     * chain, PEM) and SCRIPT_TIMEOUT_MS, and asserts that all its steps passed.
     */
    void runScript(String script, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("CA_FILE", caPem.toString());
        all.put("CERT_FILE", chainPem.toString());
        all.put("SCRIPT_TIMEOUT_MS", Long.toString(SCRIPT_DEADLINE.toMillis()));
        node.runScript(script, all, SCRIPT_TIMEOUT, () -> server.server().output());
    }
}
