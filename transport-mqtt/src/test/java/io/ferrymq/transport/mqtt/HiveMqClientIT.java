package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HiveMQ MQTT client (3.1.1 and 5) against an embedded broker. */
class HiveMqClientIT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void v5PublishSubscribeAtEveryQos() throws Exception {
        Mqtt5BlockingClient sub = Mqtt5Client.builder().identifier("hive5-sub").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("hive5-pub").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        sub.connect();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("hive/+/t").qos(MqttQos.EXACTLY_ONCE).send();
            for (MqttQos qos : MqttQos.values()) {
                pub.publishWith().topic("hive/" + qos.getCode() + "/t").qos(qos)
                        .payload(("q" + qos.getCode()).getBytes(StandardCharsets.UTF_8))
                        .userProperties().add("a", "b").applyUserProperties().send();
            }
            for (int i = 0; i < 3; i++) {
                Mqtt5Publish p = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(p.getTopic().toString()).startsWith("hive/");
                assertThat(p.getUserProperties().asList()).hasSize(1);
                assertThat(p.getQos().getCode()).isEqualTo(Integer.parseInt(p.getTopic().getLevels().get(1)));
            }
        }
        pub.disconnect();
        sub.disconnect();
    }

    @Test
    void v3RetainedOnWildcardSubscribe() throws Exception {
        Mqtt3BlockingClient pub = Mqtt3Client.builder().identifier("hive3-pub").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        pub.connect();
        pub.publishWith().topic("hive3/r/1").retain(true).qos(MqttQos.AT_LEAST_ONCE)
                .payload("r1".getBytes(StandardCharsets.UTF_8)).send();
        Mqtt3BlockingClient sub = Mqtt3Client.builder().identifier("hive3-sub").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        sub.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("hive3/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt3Publish p = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(p.isRetain()).isTrue();
            assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("r1");
        }
        sub.disconnect();
        pub.disconnect();
    }
}
