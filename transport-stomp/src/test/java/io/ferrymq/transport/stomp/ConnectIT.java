package io.ferrymq.transport.stomp;

import static io.ferrymq.transport.stomp.RawStompClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferrymq.addressing.engine.EngineOptions;
import io.ferrymq.addressing.security.GuestOptions;
import io.ferrymq.addressing.security.PasswordHashes;
import io.ferrymq.addressing.security.SecurityOptions;
import io.ferrymq.addressing.security.User;
import io.ferrymq.transport.TransportLimits;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CONNECT: version negotiation, host, login through the engine, heart-beats both ways, detection. */
class ConnectIT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        User user = new User("app", PasswordHashes.hash("s3cret".toCharArray(), 1_000), Set.of("guest"));
        SecurityOptions security = new SecurityOptions(true, false, GuestOptions.DEFAULTS, List.of(user),
                SecurityOptions.DEFAULT_PERMISSIONS);
        broker = EmbeddedBroker.start(null, StompOptions.DEFAULTS.withHeartBeats(50, 1.5),
                EngineOptions.DEFAULTS.withSecurity(security), TransportLimits.defaults().withIdleTimeoutMillis(0));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static final String LOGIN = "login:app";
    private static final String PASSCODE = "passcode:s3cret";

    @Test
    void acceptVersionPicksTheHighestCommonVersion() throws Exception {
        try (RawStompClient c = new RawStompClient(broker.port())) {
            RawStompClient.Frame f = c.request(frame("CONNECT", "accept-version:1.0,1.1,1.2", "host:localhost",
                    LOGIN, PASSCODE));
            assertThat(f.command()).isEqualTo("CONNECTED");
            assertThat(f.header("version")).isEqualTo("1.2");
            assertThat(f.header("session")).isNotBlank();
            assertThat(f.header("heart-beat")).isEqualTo("0,0");
        }
        try (RawStompClient c = new RawStompClient(broker.port())) {
            RawStompClient.Frame f = c.request(frame("STOMP", "accept-version:1.1", "host:x", LOGIN, PASSCODE));
            assertThat(f.command()).isEqualTo("CONNECTED");
            assertThat(f.header("version")).isEqualTo("1.1");
        }
        try (RawStompClient c = new RawStompClient(broker.port())) {
            RawStompClient.Frame f = c.request(frame("CONNECT", LOGIN, PASSCODE));
            assertThat(f.command()).isEqualTo("CONNECTED");
            assertThat(f.header("version")).isNull(); // 1.0: no version header
            assertThat(f.header("heart-beat")).isNull();
        }
    }

    @Test
    void noCommonVersionIsAnErrorListingTheSupportedOnes() throws Exception {
        try (LogLines log = new LogLines(); RawStompClient c = new RawStompClient(broker.port())) {
            RawStompClient.Frame f = c.request(frame("CONNECT", "accept-version:2.0", "host:x", LOGIN, PASSCODE));
            assertThat(f.command()).isEqualTo("ERROR");
            assertThat(f.header("version")).isEqualTo("1.0,1.1,1.2");
            assertThat(f.header("message")).contains("Supported protocol versions");
            assertThat(c.closedByServer(5_000)).isTrue();
            assertThat(log.withId("FP1002")).hasSize(1);
        }
    }

    @Test
    void wrongPasscodeIsRefusedByTheEngine() throws Exception {
        try (LogLines log = new LogLines(); RawStompClient c = new RawStompClient(broker.port())) {
            RawStompClient.Frame f = c.request(frame("CONNECT", "accept-version:1.2", "host:x", LOGIN,
                    "passcode:wrong"));
            assertThat(f.command()).isEqualTo("ERROR");
            assertThat(f.header("message")).isEqualTo("Authentication failed");
            assertThat(c.closedByServer(5_000)).isTrue();
            assertThat(log.withId("FP1002")).hasSize(1);
        }
    }

    @Test
    void aClientIdIsExclusive() throws Exception {
        try (RawStompClient first = RawStompClient.connect(broker.port(), "accept-version:1.2", "host:x", LOGIN,
                PASSCODE, "client-id:only-one"); RawStompClient second = new RawStompClient(broker.port())) {
            RawStompClient.Frame f = second.request(frame("CONNECT", "accept-version:1.2", "host:x", LOGIN, PASSCODE,
                    "client-id:only-one"));
            assertThat(f.command()).isEqualTo("ERROR");
            assertThat(second.closedByServer(5_000)).isTrue();
            first.sendWithReceipt("BEGIN", "", "transaction:still-connected");
        }
    }

    @Test
    void theServerSendsHeartBeatsAtTheAgreedRate() throws Exception {
        try (RawStompClient c = new RawStompClient(broker.port())) {
            RawStompClient.Frame f = c.request(frame("CONNECT", "accept-version:1.2", "host:x", LOGIN, PASSCODE,
                    "heart-beat:0,100"));
            assertThat(f.header("heart-beat")).isEqualTo("100,0");
            long start = System.nanoTime();
            assertThat(c.awaitHeartBeats(3, 5_000)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            c.sendWithReceipt("BEGIN", "", "transaction:after-beats"); // EOLs did not disturb the framing
        }
    }

    @Test
    void aClientSilentPastItsHeartBeatIsClosedButOneThatBeatsStaysConnected() throws Exception {
        try (LogLines log = new LogLines(); RawStompClient silent = new RawStompClient(broker.port())) {
            RawStompClient.Frame f = silent.request(frame("CONNECT", "accept-version:1.2", "host:x", LOGIN, PASSCODE,
                    "heart-beat:100,0"));
            assertThat(f.header("heart-beat")).isEqualTo("0,100");
            assertThat(silent.closedByServer(5_000)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> !log.withId("FP1003").isEmpty());
        }
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try (RawStompClient beating = new RawStompClient(broker.port())) {
            beating.request(frame("CONNECT", "accept-version:1.2", "host:x", LOGIN, PASSCODE, "heart-beat:100,0"));
            beats.scheduleAtFixedRate(() -> {
                try {
                    beating.heartBeat();
                } catch (Exception e) {
                    // the assertion below reports it
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            // well past the 150 ms grace: still connected, and answering
            assertThat(beating.closedByServer(800)).isFalse();
            beating.sendWithReceipt("BEGIN", "", "transaction:alive");
        } finally {
            beats.shutdownNow();
        }
    }

    @Test
    void theAutoListenerDetectsStomp() throws Exception {
        try (RawStompClient c = new RawStompClient(broker.autoPort())) {
            RawStompClient.Frame f = c.request(frame("CONNECT", "accept-version:1.2", "host:x", LOGIN, PASSCODE));
            assertThat(f.command()).isEqualTo("CONNECTED");
            c.sendWithReceipt("SEND", "detected", "destination:/queue/auto-detect");
        }
    }
}
