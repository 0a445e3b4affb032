package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hand-made packets: bad input, unsupported levels, abrupt closes (wills) and keep alive. */
class RawFrameIT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** A CONNECT of {@code level} with client id, keep alive and optionally a will. */
    static byte[] connect(int level, String clientId, int keepAlive, String willTopic, String will, int willQos) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        str(body, "MQTT");
        body.write(level);
        int flags = 0x02;
        if (willTopic != null) {
            flags |= 0x04 | (willQos << 3);
        }
        body.write(flags);
        body.write(keepAlive >> 8);
        body.write(keepAlive);
        if (level == 5) {
            body.write(0); // no properties
        }
        str(body, clientId);
        if (willTopic != null) {
            if (level == 5) {
                body.write(0);
            }
            str(body, willTopic);
            str(body, will);
        }
        return packet(0x10, body.toByteArray());
    }

    static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length);
        out.write(b, 0, b.length);
    }

    static byte[] packet(int type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        int len = body.length;
        do {
            int d = len % 128;
            len /= 128;
            out.write(len > 0 ? d | 0x80 : d);
        } while (len > 0);
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    static byte[] readAll(InputStream in) throws Exception {
        return in.readAllBytes(); // until the server closes
    }

    @Test
    void unsupportedProtocolLevelGetsReturnCode1() throws Exception {
        try (Socket s = new Socket("127.0.0.1", broker.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(connect(7, "lvl", 0, null, null, 0));
            byte[] reply = readAll(s.getInputStream());
            assertThat(reply).startsWith(0x20, 0x02, 0x00, 0x01);
        }
    }

    @Test
    void malformedPacketAfterConnectEndsV5ConnectionWith0x81() throws Exception {
        try (Socket s = new Socket("127.0.0.1", broker.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(connect(5, "malformed", 0, null, null, 0));
            assertThat(in.read()).isEqualTo(0x20); // CONNACK
            int len = in.read();
            in.readNBytes(len);
            // SUBSCRIBE with reserved flags 0 instead of 2: malformed (5.0 §3.8.1)
            out.write(packet(0x80, new byte[] {0, 1, 0, 0, 1, 'a', 0}));
            byte[] reply = readAll(in);
            assertThat(reply).startsWith(0xE0);
            assertThat(reply[2] & 0xff).isEqualTo(0x81);
        }
        // nothing else is affected
        MqttClient c = PahoV3IT.connect(broker.url(), "after-malformed", true);
        c.disconnect();
    }

    @Test
    void oversizedPacketEndsV5ConnectionWith0x95() throws Exception {
        try (EmbeddedBroker small = EmbeddedBroker.start(null, MqttOptions.DEFAULTS.withMaxPacketSize(1024));
                Socket s = new Socket("127.0.0.1", small.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(connect(5, "big", 0, null, null, 0));
            assertThat(in.read()).isEqualTo(0x20);
            in.readNBytes(in.read());
            // a PUBLISH announcing 4104 bytes: refused on its fixed header, before the body is read
            out.write(new byte[] {0x30, (byte) 0x88, 0x20, 0, 5, 'b', 'i', 'g', '/', 't'});
            byte[] reply = readAll(in);
            assertThat(reply).startsWith(0xE0);
            assertThat(reply[2] & 0xff).isEqualTo(0x95);
        }
    }

    @Test
    void willIsPublishedOnAbnormalCloseOnly() throws Exception {
        MqttClient watcher = PahoV3IT.connect(broker.url(), "will-watcher", true);
        List<PahoV3IT.Received> got = PahoV3IT.subscribe(watcher, "will/#", 1);
        try (Socket s = new Socket("127.0.0.1", broker.port())) {
            s.getOutputStream().write(connect(4, "will-abrupt", 0, "will/abrupt", "gone", 1));
            assertThat(s.getInputStream().read()).isEqualTo(0x20);
        } // closed without DISCONNECT
        try (Socket s = new Socket("127.0.0.1", broker.port())) {
            s.getOutputStream().write(connect(4, "will-polite", 0, "will/polite", "bye", 1));
            assertThat(s.getInputStream().read()).isEqualTo(0x20);
            s.getInputStream().readNBytes(3);
            s.getOutputStream().write(new byte[] {(byte) 0xE0, 0});
            s.getInputStream().readAllBytes();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 1);
        // give a wrongly published polite will the chance to show up
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
        assertThat(got).extracting(PahoV3IT.Received::topic).containsExactly("will/abrupt");
        watcher.disconnect();
    }

    @Test
    void silentClientIsClosedAfterOneAndAHalfKeepAlives() throws Exception {
        try (Socket s = new Socket("127.0.0.1", broker.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(connect(4, "silent", 1, null, null, 0));
            long start = System.nanoTime();
            byte[] reply = readAll(s.getInputStream()); // CONNACK, then the close
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(reply).startsWith(0x20);
            assertThat(millis).isBetween(1000L, 5000L);
        }
    }

    @Test
    void pingReqGetsPingResp() throws Exception {
        try (RawClient c = RawClient.connect(broker.port(), RawClient.connect(4, "pinger", true, 30, null), false)) {
            for (int i = 0; i < 3; i++) {
                c.send(RawClient.pingReq());
                RawClient.Packet p = c.read();
                assertThat(p.type()).isEqualTo(13);
                assertThat(p.body()).isEmpty();
            }
        }
    }

    @Test
    void secondConnectEndsTheV5ConnectionWith0x82AndOneLogLine() throws Exception {
        ch.qos.logback.classic.Logger log =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.ferrymq.transport.mqtt");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try (RawClient c = RawClient.connect(broker.port(), RawClient.connect(5, "twice", true, 0, null), true)) {
            c.send(RawClient.connect(5, "twice", true, 0, null));
            List<RawClient.Packet> end = c.readUntilClosed();
            assertThat(end).extracting(RawClient.Packet::type).containsExactly(14);
            assertThat(end.get(0).reasonCode()).isEqualTo(0x82);
        } finally {
            log.detachAppender(appender);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> appender.list.stream()
                .anyMatch(e -> e.getFormattedMessage().contains("'twice'")));
        assertThat(appender.list).filteredOn(e -> e.getFormattedMessage().contains("twice"))
                .extracting(e -> e.getFormattedMessage().substring(0, 6)).containsExactly("FM1004");
        // nothing else is affected
        MqttClient c = PahoV3IT.connect(broker.url(), "after-twice", true);
        c.disconnect();
    }
}
