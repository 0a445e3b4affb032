package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Time-based expiry with short intervals: the v5 Message Expiry Interval of retained and queued messages (MQTT 5.0
 * §3.3.2.3.3), the v5 Session Expiry Interval (§3.1.2.11.2) and the default expiry of 3.1.1 persistent sessions
 * ({@link MqttOptions#defaultSessionExpirySeconds()}).
 */
class ExpiryIT {

    private static byte[] messageExpiry(int seconds) {
        return RawClient.intProp(0x02, seconds);
    }

    private static void publish(RawClient c, String topic, boolean retain, int id, byte[] props, String payload)
            throws Exception {
        c.send(RawClient.publish(topic, 1, false, retain, id, props, payload));
        assertThat(c.read(4).type()).isEqualTo(4); // PUBACK: routed (and stored) before the clock starts
    }

    @Test
    void expiredRetainedAndQueuedMessagesAreNotDelivered() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            byte[] subConnect = RawClient.connect(5, "mx-sub", false, 0, RawClient.intProp(0x11, 300));
            try (RawClient sub = RawClient.connect(broker.port(), subConnect, true)) {
                sub.send(RawClient.subscribe(1, "mx/q", 1, true));
                assertThat(sub.read().type()).isEqualTo(9);
            } // away: its QoS 1 messages queue
            awaitDetached(broker, "mx-sub.mx.q");
            try (RawClient pub = RawClient.connect(broker.port(), RawClient.connect(5, "mx-pub", true, 0, null),
                    true)) {
                publish(pub, "mx/r1", true, 1, messageExpiry(1), "short-retained");
                publish(pub, "mx/r2", true, 2, new byte[0], "retained");
                publish(pub, "mx/q", false, 3, messageExpiry(1), "short-queued");
                publish(pub, "mx/q", false, 4, new byte[0], "queued");
            }
            awaitMessageCount(broker, "mx-sub.mx.q", 2);
            // the expiry needs wall time: wait until the clock is well past the 1 s interval
            long expired = System.currentTimeMillis() + 1_500;
            await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() >= expired);

            try (RawClient late = RawClient.connect(broker.port(), RawClient.connect(5, "mx-late", true, 0, null),
                    true)) {
                late.send(RawClient.subscribe(1, "mx/+", 1, true));
                assertThat(late.read().type()).isEqualTo(9);
                RawClient.Publish p = late.readPublish();
                assertThat(p.topic() + "=" + p.payload()).isEqualTo("mx/r2=retained");
                late.send(RawClient.ack(0x40, p.packetId()));
                assertThat(late.poll(300)).as("the expired retained message").isNull();
            }
            try (RawClient sub = RawClient.connect(broker.port(), subConnect, true)) {
                assertThat(sub.connAck.body()[0] & 1).as("session present").isEqualTo(1);
                RawClient.Publish p = sub.readPublish();
                assertThat(p.payload()).isEqualTo("queued");
                sub.send(RawClient.ack(0x40, p.packetId()));
                assertThat(sub.poll(300)).as("the expired queued message").isNull();
            }
        }
    }

    @Test
    void aV5SessionExpiresAfterItsSessionExpiryInterval() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            byte[] connect = RawClient.connect(5, "sx-sub", false, 0, RawClient.intProp(0x11, 1));
            assertSessionExpires(broker, connect, true, "sx-sub.sx.t", "sx/t");
        }
    }

    @Test
    void anAbandoned311PersistentSessionExpiresAfterTheDefaultExpiry() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(null,
                MqttOptions.DEFAULTS.withDefaultSessionExpirySeconds(1))) {
            byte[] connect = RawClient.connect(4, "dx-sub", false, 0, null);
            assertSessionExpires(broker, connect, false, "dx-sub.dx.t", "dx/t");
        }
    }

    /**
     * MQTT 5.0 §3.1.2.4: Clean Start 0 resumes an existing session whatever the new connection's Session Expiry
     * Interval; with 0 (§3.1.2.11.2) the resumed session then ends when that connection closes. The Paho
     * interoperability suite's test_offline_message_queueing and test_publication_expiry reconnect this way.
     */
    @Test
    void aV5ResumeWithSessionExpiryZeroGetsTheQueuedMessagesThenTheSessionEnds() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            try (RawClient sub = RawClient.connect(broker.port(),
                    RawClient.connect(5, "rz-sub", true, 0, RawClient.intProp(0x11, 300)), true)) {
                sub.send(RawClient.subscribe(1, "rz/t", 1, true));
                assertThat(sub.read().type()).isEqualTo(9);
            }
            awaitDetached(broker, "rz-sub.rz.t");
            try (RawClient pub = RawClient.connect(broker.port(), RawClient.connect(5, "rz-pub", true, 0, null),
                    true)) {
                publish(pub, "rz/t", false, 1, new byte[0], "queued");
            }
            awaitMessageCount(broker, "rz-sub.rz.t", 1);

            byte[] resume = RawClient.connect(5, "rz-sub", false, 0, null); // no Session Expiry Interval: 0
            try (RawClient sub = RawClient.connect(broker.port(), resume, true)) {
                assertThat(sub.connAck.body()[0] & 1).as("session present").isEqualTo(1);
                RawClient.Publish p = sub.readPublish();
                assertThat(p.topic() + "=" + p.payload()).isEqualTo("rz/t=queued");
                sub.send(RawClient.ack(0x40, p.packetId()));
                sub.send(RawClient.disconnect(0));
            }
            // the session ended with that connection: its subscription is gone, nothing is resumed
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.engine.queue("rz-sub.rz.t").isEmpty());
            try (RawClient again = RawClient.connect(broker.port(), resume, true)) {
                assertThat(again.connAck.body()[0] & 1).as("session present").isZero();
            }
        }
    }

    /**
     * MQTT 5.0 §3.14.2.2.2: the Session Expiry Interval of a DISCONNECT replaces the CONNECT's, longer (the session
     * outlives its 1 s) or 0 (it ends at once). The Paho interoperability suite's test_session_expiry.
     */
    @Test
    void aV5DisconnectSessionExpiryIntervalReplacesTheConnects() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            byte[] connect = RawClient.connect(5, "dz-sub", false, 0, RawClient.intProp(0x11, 1));
            try (RawClient sub = RawClient.connect(broker.port(), connect, true)) {
                sub.send(RawClient.subscribe(1, "dz/t", 1, true));
                assertThat(sub.read().type()).isEqualTo(9);
                sub.send(disconnectWithExpiry(5));
            }
            awaitDetached(broker, "dz-sub.dz.t");
            long past = System.currentTimeMillis() + 2_500; // well past the CONNECT's 1 s
            await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() >= past);
            assertThat(broker.engine.queue("dz-sub.dz.t")).as("subscription kept by the 5 s expiry").isPresent();
            try (RawClient sub = RawClient.connect(broker.port(), connect, true)) {
                assertThat(sub.connAck.body()[0] & 1).as("session present").isEqualTo(1);
                sub.send(disconnectWithExpiry(0));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.engine.queue("dz-sub.dz.t").isEmpty());
            try (RawClient again = RawClient.connect(broker.port(), connect, true)) {
                assertThat(again.connAck.body()[0] & 1).as("session present").isZero();
            }
        }
    }

    /** MQTT 5.0 §3.14.2.2.2: a non-zero expiry in DISCONNECT after 0 in CONNECT is a Protocol Error. */
    @Test
    void aV5DisconnectCannotGiveAnExpiryToASessionThatHadNone() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            try (RawClient c = RawClient.connect(broker.port(), RawClient.connect(5, "dz0", true, 0, null), true)) {
                c.send(disconnectWithExpiry(60));
                java.util.List<RawClient.Packet> got = c.readUntilClosed();
                assertThat(got).hasSize(1);
                assertThat(got.get(0).type()).isEqualTo(14);
                assertThat(got.get(0).body()[0] & 0xff).as("reason code").isEqualTo(0x82);
            }
        }
    }

    private static byte[] disconnectWithExpiry(long seconds) {
        byte[] prop = RawClient.intProp(0x11, seconds);
        byte[] body = new byte[2 + prop.length];
        body[1] = (byte) prop.length;
        System.arraycopy(prop, 0, body, 2, prop.length);
        return RawClient.packet(0xE0, body);
    }

    /**
     * Subscribes with {@code connect}, leaves, has a message queued, then sees the subscription deleted with its
     * message without any reconnect (nothing leaks), and a reconnect find no session and no message.
     */
    private static void assertSessionExpires(EmbeddedBroker broker, byte[] connect, boolean v5, String queue,
            String topic) throws Exception {
        try (RawClient sub = RawClient.connect(broker.port(), connect, v5)) {
            sub.send(RawClient.subscribe(1, topic, 1, v5));
            assertThat(sub.read().type()).isEqualTo(9);
        }
        awaitDetached(broker, queue);
        try (RawClient pub = RawClient.connect(broker.port(), RawClient.connect(4, queue + "-pub", true, 0, null),
                false)) {
            pub.send(RawClient.publish(topic, 1, false, false, 1, null, "queued"));
            assertThat(pub.read().type()).isEqualTo(4);
        }
        awaitMessageCount(broker, queue, 1); // the session's subscription holds the message
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.engine.queue(queue).isEmpty());
        try (RawClient again = RawClient.connect(broker.port(), connect, v5)) {
            assertThat(again.connAck.body()[0] & 1).as("session present").isZero();
            assertThat(again.poll(300)).isNull();
        }
    }

    /** Waits until the client's closed connection has left the subscription queue {@code queue}. */
    private static void awaitDetached(EmbeddedBroker broker, String queue) {
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.engine.queue(queue)
                .map(q -> q.consumerCount() == 0).orElse(false));
    }

    private static void awaitMessageCount(EmbeddedBroker broker, String queue, long count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.engine.queue(queue)
                .map(q -> q.messageCount() == count).orElse(false));
    }
}
