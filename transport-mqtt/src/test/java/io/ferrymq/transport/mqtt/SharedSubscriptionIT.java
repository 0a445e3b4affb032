package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/**
 * The contract docs/mqtt.md writes down for shared subscriptions (MQTT 5.0 §4.8.2): QoS 1 messages a member
 * received but never acknowledged go to the remaining members when it leaves; nothing is stranded.
 */
class SharedSubscriptionIT {

    @Test
    void unacknowledgedMessagesOfAMemberThatDropsGoToTheOtherMember() throws Exception {
        assertNothingStranded(false);
    }

    @Test
    void unacknowledgedMessagesOfAMemberThatDisconnectsGoToTheOtherMember() throws Exception {
        assertNothingStranded(true);
    }

    private static void assertNothingStranded(boolean politely) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            RawClient silent = RawClient.connect(broker.port(), RawClient.connect(5, "share-silent", true, 0, null),
                    true);
            silent.send(RawClient.subscribe(1, "$share/g/shared/t", 1, true));
            assertThat(silent.read().type()).isEqualTo(9);
            PahoV5IT.Client acking = new PahoV5IT.Client(broker, "share-acking", true, 0L, null);
            acking.sub(new MqttSubscription("$share/g/shared/t", 1));

            MqttClient pub = PahoV3IT.connect(broker.url(), "share-pub", true);
            for (int i = 0; i < 6; i++) {
                PahoV3IT.publish(pub, "shared/t", "s" + i, 1, false);
            }
            pub.disconnect();
            List<String> unacked = new ArrayList<>();
            for (RawClient.Packet p = silent.poll(500); p != null; p = silent.poll(300)) {
                if (p.type() == 3) {
                    unacked.add(silent.decodePublish(p).payload()); // never acknowledged
                }
            }
            assertThat(unacked).as("the silent member had its share").isNotEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> acking.messages.size() == 6 - unacked.size());

            if (politely) {
                silent.send(RawClient.disconnect(0));
            }
            silent.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> acking.messages.size() >= 6);
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                    .until(() -> acking.messages.size() == 6);
            assertThat(acking.messages).extracting(m -> new String(m.getPayload(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4", "s5");
            acking.close();
        }
    }
}
