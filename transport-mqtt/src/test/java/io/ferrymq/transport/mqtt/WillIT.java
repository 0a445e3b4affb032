package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Will messages: QoS and retain, the v5 will delay and its cancellation, v5 DISCONNECT 0x04. */
class WillIT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static final byte[] SESSION_60S = RawClient.intProp(0x11, 60);

    private static byte[] v5WillConnect(String id, boolean clean, String topic, long delaySeconds) {
        return RawClient.connectWithWill(5, id, clean, SESSION_60S, topic, "will of " + id, 1, false,
                delaySeconds > 0 ? RawClient.intProp(0x18, delaySeconds) : null);
    }

    @Test
    void willKeepsItsQosAndRetainForALaterSubscriber() throws Exception {
        try (RawClient c = RawClient.connect(broker.port(),
                RawClient.connectWithWill(4, "will-ret", true, null, "wills/ret", "last words", 1, true, null),
                false)) {
            c.send(RawClient.pingReq());
            assertThat(c.read().type()).isEqualTo(13);
        } // abrupt close
        MqttClient late = PahoV3IT.connect(broker.url(), "will-ret-late", true);
        List<PahoV3IT.Received> got = PahoV3IT.subscribe(late, "wills/ret", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
        assertThat(got.get(0)).isEqualTo(new PahoV3IT.Received("wills/ret", "last words", 1, true, false));
        late.disconnect();
    }

    @Test
    void v5WillIsPublishedAfterItsDelay() throws Exception {
        MqttClient watcher = PahoV3IT.connect(broker.url(), "will-delay-watch", true);
        List<PahoV3IT.Received> got = PahoV3IT.subscribe(watcher, "wills/delay", 1);
        long start;
        try (RawClient c = RawClient.connect(broker.port(), v5WillConnect("will-delay", true, "wills/delay", 2),
                true)) {
            start = System.nanoTime();
        }
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(2)).until(got::isEmpty);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1900);
        assertThat(got.get(0).payload()).isEqualTo("will of will-delay");
        watcher.disconnect();
    }

    @Test
    void v5WillDelayIsCancelledByAReconnectionInTime() throws Exception {
        MqttClient watcher = PahoV3IT.connect(broker.url(), "will-cancel-watch", true);
        List<PahoV3IT.Received> got = PahoV3IT.subscribe(watcher, "wills/cancel", 1);
        byte[] connect = v5WillConnect("will-cancel", false, "wills/cancel", 2);
        try (RawClient c = RawClient.connect(broker.port(), connect, true)) {
            c.send(RawClient.pingReq());
            assertThat(c.read().type()).isEqualTo(13);
        }
        try (RawClient again = RawClient.connect(broker.port(), connect, true)) {
            await().during(Duration.ofMillis(3000)).atMost(Duration.ofSeconds(4)).until(got::isEmpty);
            again.send(RawClient.disconnect(0));
            again.readUntilClosed();
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(got::isEmpty);
        watcher.disconnect();
    }

    @Test
    void v5DisconnectWithReason0x04SendsTheWillAndReason0DoesNot() throws Exception {
        MqttClient watcher = PahoV3IT.connect(broker.url(), "will-04-watch", true);
        List<PahoV3IT.Received> got = PahoV3IT.subscribe(watcher, "wills/v5/#", 1);
        try (RawClient c = RawClient.connect(broker.port(), v5WillConnect("will-00", true, "wills/v5/00", 0),
                true)) {
            c.send(RawClient.disconnect(0x00));
            c.readUntilClosed();
        }
        try (RawClient c = RawClient.connect(broker.port(), v5WillConnect("will-04", true, "wills/v5/04", 0),
                true)) {
            c.send(RawClient.disconnect(0x04));
            c.readUntilClosed();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> got.size() == 1);
        assertThat(got.get(0).topic()).isEqualTo("wills/v5/04");
        watcher.disconnect();
    }
}
