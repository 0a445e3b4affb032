package io.ferrymq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.transport.testing.TestCertificates;
import io.ferrymq.transport.testing.TestCertificates.Issued;
import io.ferrymq.transport.testing.TlsProbe;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS listeners on 127.0.0.1 with the fake echo protocol and JDK TLS clients; certificates made at run time. */
class TlsListenerTest {

    private static final String HOST = "127.0.0.1";

    @TempDir
    static Path dir;
    private static TestCertificates ca;
    private static Issued server;
    private static Path chain;
    private static Path key;

    private final ProtocolRegistry registry = ProtocolRegistry.load();
    private final List<Acceptor> acceptors = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TransportRuntime runtime;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.create(dir, "test");
        server = ca.server("localhost");
        chain = ca.chainPem(server, "server");
        key = ca.keyPem(server, "server");
    }

    @BeforeEach
    void clearInstalled() {
        EchoProtocolFactory.INSTALLED.clear();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        acceptors.forEach(Acceptor::stop);
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void fixedListenerSpeaksTls13And12FromPemFiles() throws Exception {
        Acceptor acceptor = start(ListenerOptions.fixed("echo-tls", HOST, 0, "echo").withTls(TlsOptions.pem(chain, key)));

        for (String version : List.of("TLSv1.3", "TLSv1.2")) {
            SSLSocket socket = connect(acceptor, ca.clientContext(null, "TLS"), version);
            assertThat(echo(socket, "hello")).isEqualTo("hello");
            assertThat(socket.getSession().getProtocol()).isEqualTo(version);
            assertThat(((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                    .getName()).isEqualTo("CN=localhost,O=FerryMQ tests");
            Channel channel = EchoProtocolFactory.INSTALLED.poll(5, TimeUnit.SECONDS);
            assertThat(TlsPeer.isSecure(channel)).isTrue();
            assertThat(TlsPeer.subject(channel)).isEmpty();
        }
    }

    @Test
    void detectionRunsBehindTlsWithAPkcs12KeyStore() throws Exception {
        Path p12 = ca.pkcs12(server, "server");
        Acceptor acceptor = start(ListenerOptions.auto("main-tls", HOST, 0, List.of())
                .withTls(TlsOptions.pkcs12(p12, TestCertificates.PASSWORD)));

        SSLSocket socket = connect(acceptor, ca.clientContext(null, "TLS"), "TLSv1.3");
        assertThat(echo(socket, "ECHO over tls")).isEqualTo("ECHO over tls");
    }

    @Test
    void tls11IsRefused() throws Exception {
        Acceptor acceptor = start(ListenerOptions.fixed("echo-tls", HOST, 0, "echo").withTls(TlsOptions.pem(chain, key)));

        assertThat(TlsProbe.offerTls11(acceptor.boundAddress())).isEqualTo(TlsProbe.PROTOCOL_VERSION_ALERT);
        assertThat(TlsContextLoader.load(TlsOptions.pem(chain, key)).newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT)
                .getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    @Test
    void mutualTlsRequiredRefusesAClientWithoutCertificateAndNamesTheOneWithIt() throws Exception {
        Path trust = ca.caPem();
        Acceptor acceptor = start(ListenerOptions.fixed("echo-mtls", HOST, 0, "echo").withTls(TlsOptions.pem(chain, key)
                .withClientAuth(TlsClientAuth.REQUIRE, trust, null)));

        // in TLS 1.3 the client learns of the refusal on its first read, in TLS 1.2 during the handshake
        assertThatThrownBy(() -> echo(connect(acceptor, ca.clientContext(null, "TLS"), "TLSv1.3"), "hello"))
                .isInstanceOf(IOException.class);

        EchoProtocolFactory.INSTALLED.clear(); // the refused connection's protocol was installed before its handshake
        Issued device = ca.client("CN=device-1,OU=sensors,O=Acme");
        SSLSocket withCertificate = connect(acceptor, ca.clientContext(device, "TLS"), "TLSv1.3");
        assertThat(echo(withCertificate, "hello")).isEqualTo("hello");
        Channel channel = EchoProtocolFactory.INSTALLED.poll(5, TimeUnit.SECONDS);
        assertThat(TlsPeer.subject(channel)).contains("CN=device-1,OU=sensors,O=Acme");
        assertThat(acceptor.context().certificateSubject(channel)).contains("CN=device-1,OU=sensors,O=Acme");
        assertThat(TlsPeer.certificate(channel)).isPresent();
    }

    @Test
    void subjectFieldCnAndAPkcs12TrustStore() throws Exception {
        Acceptor acceptor = start(ListenerOptions.fixed("echo-mtls", HOST, 0, "echo").withTls(TlsOptions.pem(chain, key)
                .withClientAuth(TlsClientAuth.OPTIONAL, ca.caPkcs12(), TestCertificates.PASSWORD)
                .withSubjectField("CN")));

        SSLSocket anonymous = connect(acceptor, ca.clientContext(null, "TLS"), "TLSv1.2");
        assertThat(echo(anonymous, "hello")).isEqualTo("hello");
        assertThat(TlsPeer.subject(EchoProtocolFactory.INSTALLED.poll(5, TimeUnit.SECONDS))).isEmpty();

        SSLSocket device = connect(acceptor, ca.clientContext(ca.client("CN=device-2,O=Acme"), "TLS"), "TLSv1.2");
        assertThat(echo(device, "hello")).isEqualTo("hello");
        assertThat(TlsPeer.subject(EchoProtocolFactory.INSTALLED.poll(5, TimeUnit.SECONDS))).contains("device-2");
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() throws Exception {
        Acceptor acceptor = start(ListenerOptions.fixed("echo-mtls", HOST, 0, "echo").withTls(TlsOptions.pem(chain, key)
                .withClientAuth(TlsClientAuth.REQUIRE, ca.caPem(), null)));
        TestCertificates other = TestCertificates.create(dir.resolve("other"), "other");
        // trusts our server, but its certificate is signed by another CA
        SSLContext context = ca.clientContext(other.client("CN=intruder"), "TLS");

        assertThatThrownBy(() -> echo(connect(acceptor, context, "TLSv1.2"), "hello")).isInstanceOf(IOException.class);
    }

    @Test
    void changedFilesAreReloadedForNewConnectionsWithoutDroppingOpenOnes() throws Exception {
        Path reloadChain = Files.copy(chain, dir.resolve("reload.crt.pem"));
        Path reloadKey = Files.copy(key, dir.resolve("reload.key.pem"));
        Acceptor acceptor = start(ListenerOptions.fixed("echo-tls", HOST, 0, "echo")
                .withTls(TlsOptions.pem(reloadChain, reloadKey).withReloadInterval(Duration.ZERO)));
        SSLSocket before = connect(acceptor, ca.clientContext(null, "TLS"), "TLSv1.3");
        assertThat(echo(before, "one")).isEqualTo("one");
        assertThat(acceptor.reloadTls()).isFalse();

        Issued renewed = ca.server("renewed");
        Files.copy(ca.chainPem(renewed, "renewed"), reloadChain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // a certificate without its key does not load: the old pair stays in use
        Files.setLastModifiedTime(reloadChain, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(acceptor.reloadTls()).isFalse();
        Files.copy(ca.keyPem(renewed, "renewed"), reloadKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(acceptor.reloadTls()).isTrue();

        SSLSocket after = connect(acceptor, ca.clientContext(null, "TLS"), "TLSv1.3");
        assertThat(echo(after, "two")).isEqualTo("two");
        assertThat(((X509Certificate) after.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                .getName()).startsWith("CN=renewed");
        assertThat(echo(before, "still here")).isEqualTo("still here");
    }

    @Test
    void theListenerChecksItsFilesPeriodically() throws Exception {
        Path periodicChain = Files.copy(chain, dir.resolve("periodic.crt.pem"));
        Path periodicKey = Files.copy(key, dir.resolve("periodic.key.pem"));
        Acceptor acceptor = start(ListenerOptions.fixed("echo-tls", HOST, 0, "echo")
                .withTls(TlsOptions.pem(periodicChain, periodicKey).withReloadInterval(Duration.ofMillis(100))));
        Issued renewed = ca.server("periodic");
        Files.copy(ca.keyPem(renewed, "periodic-new"), periodicKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(ca.chainPem(renewed, "periodic-new"), periodicChain,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(periodicChain, FileTime.from(Instant.now().plusSeconds(5)));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            SSLSocket socket = connect(acceptor, ca.clientContext(null, "TLS"), "TLSv1.3");
            assertThat(((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                    .getName()).startsWith("CN=periodic");
        });
    }

    private Acceptor start(ListenerOptions options) {
        if (runtime == null) {
            runtime = TransportRuntime.create(TransportLimits.defaults(), 2, true);
        }
        Acceptor acceptor = new Acceptor(options, runtime, registry, TransportServices.empty());
        acceptors.add(acceptor);
        acceptor.start();
        return acceptor;
    }

    private SSLSocket connect(Acceptor acceptor, SSLContext context, String version) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(HOST, acceptor.boundAddress().getPort());
        closeables.add(socket);
        socket.setSoTimeout(5000);
        socket.setEnabledProtocols(new String[] {version});
        socket.startHandshake();
        return socket;
    }

    /** Writes {@code text} and reads as many bytes back. */
    private static String echo(SSLSocket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        byte[] back = socket.getInputStream().readNBytes(text.length());
        if (back.length < text.length()) {
            throw new IOException("connection closed after " + back.length + " bytes");
        }
        return new String(back, StandardCharsets.UTF_8);
    }
}
