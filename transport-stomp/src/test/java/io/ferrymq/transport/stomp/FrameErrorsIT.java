package io.ferrymq.transport.stomp;

import static io.ferrymq.transport.stomp.RawStompClient.frame;
import static io.ferrymq.transport.stomp.RawStompClient.frameWithBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferrymq.transport.TransportLimits;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input: each case gets an ERROR frame with a message header, the connection closes, one log line. */
class FrameErrorsIT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start(null, null, null, TransportLimits.defaults().withMaxFrameSize(4096));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** Sends {@code raw} on a 1.2 connection and checks ERROR, close and exactly one line with {@code logId}. */
    private static RawStompClient.Frame expectError(String raw, String logId) throws Exception {
        try (LogLines log = new LogLines(); RawStompClient c = RawStompClient.connect12(broker.port())) {
            RawStompClient.Frame error = c.request(raw);
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isNotBlank();
            assertThat(c.closedByServer(5_000)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> log.withId(logId).size() == 1);
            assertThat(log.withId("FP2")).hasSize(logId.startsWith("FP2") ? 1 : 0);
            return error;
        }
    }

    @Test
    void unknownCommand() throws Exception {
        RawStompClient.Frame e = expectError(frame("PUBLISH", "destination:/queue/x"), "FP2001");
        assertThat(e.header("message")).contains("unknown command PUBLISH");
    }

    @Test
    void malformedHeader() throws Exception {
        RawStompClient.Frame e = expectError(frame("SEND", "destination:/queue/x", "no-colon"), "FP2001");
        assertThat(e.header("message")).contains("malformed header");
    }

    @Test
    void undefinedEscapeIn12() throws Exception {
        RawStompClient.Frame e = expectError(frame("SEND", "destination:/queue/x", "bad:a\\tb"), "FP2001");
        assertThat(e.header("message")).contains("undefined escape");
    }

    @Test
    void missingRequiredHeaderNamesItAndAnswersTheReceipt() throws Exception {
        RawStompClient.Frame e = expectError(frame("SEND", "receipt:77"), "FP2003");
        assertThat(e.header("message")).contains("'destination'");
        assertThat(e.header("receipt-id")).isEqualTo("77");
        assertThat(expectError(frame("SUBSCRIBE", "destination:/queue/x"), "FP2003").header("message"))
                .contains("'id'");
        assertThat(expectError(frame("COMMIT", "transaction:never-begun"), "FP2003").header("message"))
                .contains("no open transaction");
        assertThat(expectError(frame("ACK", "id:999"), "FP2003").header("message")).contains("999");
    }

    @Test
    void frameOverTheSizeLimit() throws Exception {
        RawStompClient.Frame e = expectError(frameWithBody("SEND", "x".repeat(5000), "destination:/queue/x"),
                "FP2002");
        assertThat(e.header("message")).contains("4096");
        RawStompClient.Frame declared = expectError("SEND\ndestination:/queue/x\ncontent-length:100000\n\n",
                "FP2002");
        assertThat(declared.header("message")).contains("over the limit");
    }

    @Test
    void framesBeforeConnect() throws Exception {
        try (LogLines log = new LogLines(); RawStompClient c = new RawStompClient(broker.port())) {
            RawStompClient.Frame error = c.request(frame("SEND", "destination:/queue/x"));
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).contains("before CONNECT");
            assertThat(c.closedByServer(5_000)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> log.withId("FP2003").size() == 1);
        }
    }

    @Test
    void badSelectorIsRefusedByTheEngine() throws Exception {
        RawStompClient.Frame e = expectError(frame("SUBSCRIBE", "id:1", "destination:/topic/sel",
                "selector:color = = 'x'"), "FP1004");
        assertThat(e.command()).isEqualTo("ERROR");
    }
}
