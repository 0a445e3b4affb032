package io.ferrymq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real listeners on 127.0.0.1, ephemeral ports, with the fake ping and echo protocols. */
class AcceptorTest {

    private static final String HOST = "127.0.0.1";

    private final ProtocolRegistry registry = ProtocolRegistry.load();
    private final List<Acceptor> acceptors = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TransportRuntime runtime;

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
    void autoListenerDetectsPing() throws IOException {
        Acceptor acceptor = start(TransportLimits.defaults(), ListenerOptions.auto("main", HOST, 0, List.of()));

        try (LineClient client = client(acceptor)) {
            client.send("PING\n");
            assertThat(client.readLine()).isEqualTo("PONG");
            client.send("PING\nPING\n");
            assertThat(client.readLine()).isEqualTo("PONG");
            assertThat(client.readLine()).isEqualTo("PONG");
        }
    }

    @Test
    void autoListenerDetectsEcho() throws IOException {
        Acceptor acceptor = start(TransportLimits.defaults(), ListenerOptions.auto("main", HOST, 0, List.of()));

        try (LineClient client = client(acceptor)) {
            client.send("ECHO hello\n");
            assertThat(client.readLine()).isEqualTo("ECHO hello");
            client.send("more\n");
            assertThat(client.readLine()).isEqualTo("more");
        }
    }

    @Test
    void detectionWaitsForBytesSentOneByOne() throws IOException {
        Acceptor acceptor = start(TransportLimits.defaults(), ListenerOptions.auto("main", HOST, 0, List.of()));

        try (LineClient client = client(acceptor)) {
            client.sendByteByByte("PING\n");
            assertThat(client.readLine()).isEqualTo("PONG");
        }
    }

    @Test
    void fixedListenerSpeaksItsProtocolWithoutDetection() throws IOException {
        Acceptor acceptor = start(TransportLimits.defaults(), ListenerOptions.fixed("echo", HOST, 0, "echo"));

        try (LineClient client = client(acceptor)) {
            client.send("not an ECHO opening\n");
            assertThat(client.readLine()).isEqualTo("not an ECHO opening");
        }
        assertThat(acceptor.isStarted()).isTrue();
        assertThat(acceptor.boundAddress().getPort()).isPositive();
    }

    @Test
    void unknownProtocolIsLoggedAndClosed() throws IOException {
        Acceptor acceptor = start(TransportLimits.defaults(), ListenerOptions.auto("main", HOST, 0, List.of()));

        try (LogCapture log = new LogCapture(ProtocolDetector.class); LineClient client = client(acceptor)) {
            client.send("HELLO WORLD 1234567890\n");

            assertThat(client.awaitClosedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> !log.events().isEmpty());
            ILoggingEvent event = log.events().get(0);
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .startsWith("FT2002 Listener 'main': unknown protocol from ")
                    .contains(":" + client.localPort())
                    .endsWith("first bytes 48454c4c4f20574f524c442031323334"); // "HELLO WORLD 1234", 16 bytes
            assertThat(log.events()).hasSize(1);
        }
    }

    @Test
    void autoListenerDetectsOnlyAllowedProtocols() throws IOException {
        Acceptor acceptor = start(TransportLimits.defaults(), ListenerOptions.auto("pings", HOST, 0, List.of("ping")));

        try (LineClient echo = client(acceptor)) {
            echo.send("ECHO hello\n");
            assertThat(echo.awaitClosedByServer()).isTrue();
        }
        try (LineClient ping = client(acceptor)) {
            ping.send("PING\n");
            assertThat(ping.readLine()).isEqualTo("PONG");
        }
    }

    @Test
    void connectionsOverTheLimitAreClosedAcrossListeners() throws IOException {
        TransportLimits limits = TransportLimits.defaults().withMaxConnections(2);
        Acceptor first = start(limits, ListenerOptions.fixed("first", HOST, 0, "ping"));
        Acceptor second = start(limits, ListenerOptions.auto("second", HOST, 0, List.of()));
        ConnectionCounter counter = runtime.connections();

        try (LogCapture log = new LogCapture(ConnectionLimitHandler.class)) {
            LineClient one = client(first);
            await().until(counter::current, n -> n == 1);
            LineClient two = client(second);
            await().until(counter::current, n -> n == 2);

            try (LineClient three = client(first)) {
                assertThat(three.awaitClosedByServer()).isTrue();
            }
            assertThat(log.messages()).singleElement().asString()
                    .startsWith("FT2001 Listener 'first': connection limit of 2 reached");
            assertThat(counter.current()).isEqualTo(2);

            one.close();
            await().until(counter::current, n -> n == 1);
            try (LineClient four = client(first)) {
                four.send("PING\n");
                assertThat(four.readLine()).isEqualTo("PONG");
            }
            two.send("PING\n");
            assertThat(two.readLine()).isEqualTo("PONG");
            two.close();
        }
        await().until(counter::current, n -> n == 0);
    }

    @Test
    void silentConnectionIsClosedAtTheConnectTimeout() throws IOException {
        TransportLimits limits = TransportLimits.defaults().withConnectTimeoutMillis(200);
        Acceptor acceptor = start(limits, ListenerOptions.auto("main", HOST, 0, List.of()));

        try (LogCapture log = new LogCapture(ConnectTimeoutHandler.class); LineClient silent = client(acceptor)) {
            assertThat(silent.awaitClosedByServer()).isTrue();
            await().until(() -> !log.messages().isEmpty());
            assertThat(log.messages().get(0))
                    .startsWith("FT2003 Listener 'main': no complete handshake within 200 ms from ");
        }
    }

    @Test
    void pausedConnectionReadsAgainWhenTheLastPauseIsReleased() throws Exception {
        Acceptor acceptor = start(TransportLimits.defaults(), ListenerOptions.fixed("echo", HOST, 0, "echo"));

        try (LineClient client = client(acceptor)) {
            Channel channel = EchoProtocolFactory.INSTALLED.poll(5, TimeUnit.SECONDS);
            assertThat(channel).isNotNull();

            // Called from the test thread: the guard hops onto the connection's event loop.
            ConnectionGuard.pauseReads(channel);
            ConnectionGuard.pauseReads(channel);
            await().until(() -> !channel.config().isAutoRead() && ConnectionGuard.readPauses(channel) == 2);
            client.send("held\n");

            ConnectionGuard.resumeReads(channel);
            await().until(() -> ConnectionGuard.readPauses(channel) == 1);
            assertThat(channel.config().isAutoRead()).isFalse();

            ConnectionGuard.resumeReads(channel);
            await().until(() -> channel.config().isAutoRead());
            assertThat(client.readLine()).isEqualTo("held");
        }
    }

    @Test
    void stopClosesOpenConnectionsAndUnbinds() throws IOException {
        Acceptor acceptor = start(TransportLimits.defaults(), ListenerOptions.fixed("ping", HOST, 0, "ping"));
        try (LineClient client = client(acceptor)) {
            await().until(() -> acceptor.openConnections() == 1);

            acceptor.stop();

            assertThat(acceptor.isStarted()).isFalse();
            assertThat(client.awaitClosedByServer()).isTrue();
            assertThatThrownBy(acceptor::boundAddress).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void bindingAPortInUseFails() {
        Acceptor first = start(TransportLimits.defaults(), ListenerOptions.fixed("first", HOST, 0, "ping"));
        int port = first.boundAddress().getPort();
        Acceptor second = new Acceptor(ListenerOptions.fixed("second", HOST, port, "ping"), runtime, registry,
                TransportServices.empty());

        assertThatThrownBy(second::start)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("listener 'second': cannot bind 127.0.0.1:" + port);
        assertThat(second.isStarted()).isFalse();
    }

    @Test
    void unknownProtocolNameFailsBeforeBinding() {
        runtime = TransportRuntime.create(TransportLimits.defaults(), 1, true);
        TransportServices services = TransportServices.empty();

        assertThatThrownBy(() -> new Acceptor(ListenerOptions.fixed("x", HOST, 0, "mqtt"), runtime, registry,
                services)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown protocol 'mqtt'; registered: [echo, ping]");
        assertThatThrownBy(() -> new Acceptor(ListenerOptions.auto("y", HOST, 0, List.of("ping", "amqp")), runtime,
                registry, services)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void servicesReachTheProtocolThroughTheContext() {
        runtime = TransportRuntime.create(TransportLimits.defaults(), 1, true);
        StringBuilder engine = new StringBuilder("engine");
        Acceptor acceptor = new Acceptor(ListenerOptions.fixed("ping", HOST, 0, "ping"), runtime, registry,
                TransportServices.builder().add(StringBuilder.class, engine).build());

        assertThat(acceptor.context().service(StringBuilder.class)).isSameAs(engine);
        assertThat(acceptor.context().listenerName()).isEqualTo("ping");
        assertThatThrownBy(() -> acceptor.context().service(Integer.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("java.lang.Integer");
    }

    private Acceptor start(TransportLimits limits, ListenerOptions options) {
        if (runtime == null) {
            runtime = TransportRuntime.create(limits, 2, true);
        }
        Acceptor acceptor = new Acceptor(options, runtime, registry, TransportServices.empty());
        acceptors.add(acceptor);
        acceptor.start();
        return acceptor;
    }

    private LineClient client(Acceptor acceptor) throws IOException {
        LineClient client = LineClient.connect(acceptor.boundAddress());
        closeables.add(client);
        return client;
    }
}
