package io.ferrymq.transport.openwire;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.openwire.OpenWireFormat;
import org.apache.activemq.openwire.OpenWireFormatFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A raw-socket client: bad bytes after a valid WireFormatInfo close the connection with one FO2xxx log line. */
class MalformedFrameIT {

    private static EmbeddedBroker broker;
    private static final Pattern PROBLEM = Pattern.compile("FO[23]\\d{3} .*");
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private int outputMark;
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            logged.add(event.getFormattedMessage());
        }
    };

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void captureLogs() {
        outputMark = broker.processOutput().map(String::length).orElse(0);
        appender.start();
        ((Logger) LoggerFactory.getLogger("io.ferrymq.transport.openwire")).addAppender(appender);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger("io.ferrymq.transport.openwire")).detachAppender(appender);
    }

    private static byte[] wireFormatInfo() throws Exception {
        OpenWireFormat format = (OpenWireFormat) new OpenWireFormatFactory().createWireFormat();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            format.marshal(format.getPreferedWireFormatInfo(), out);
        }
        return bytes.toByteArray();
    }

    /** Sends the bytes after a WireFormatInfo and returns whether the broker closed the socket. */
    private static boolean closedAfter(byte[] garbage) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(wireFormatInfo());
            socket.getOutputStream().write(garbage);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                while (in.read(buffer) >= 0) {
                    // the broker's WireFormatInfo and BrokerInfo
                }
                return true;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            }
        }
    }

    /** The transport's warning and error lines since the test began: this JVM's, or the server process's log. */
    private List<String> problems() {
        List<String> lines = broker.processOutput()
                .map(out -> List.of(out.substring(outputMark).split("\n")))
                .orElse(logged);
        return lines.stream().map(PROBLEM::matcher).filter(Matcher::find)
                .map(Matcher::group).toList();
    }

    @Test
    void garbageAfterTheWireFormatInfoClosesWithOneLogLine() throws Exception {
        byte[] garbage = {0, 0, 0, 8, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0, 0, 0, 8, 0x7e, 1, 2, 3, 4, 5,
            6, 7};
        assertThat(closedAfter(garbage)).isTrue();
        awaitOneProblem();
        assertThat(problems()).hasSize(1);
        assertThat(problems().get(0)).startsWith("FO2001 malformed OpenWire frame");
    }

    @Test
    void aFrameOverTheMaximumSizeClosesWithOneLogLine() throws Exception {
        byte[] oversized = {0x7f, 0, 0, 0, 1, 2, 3, 4};
        assertThat(closedAfter(oversized)).isTrue();
        awaitOneProblem();
        assertThat(problems()).hasSize(1);
        assertThat(problems().get(0)).startsWith("FO2001").contains("limit");
    }

    /** The log line comes after the close; wait for it and for any second one that should not come. */
    private void awaitOneProblem() {
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(100))
                .atMost(java.time.Duration.ofSeconds(5)).until(() -> problems().size() == 1);
    }
}
