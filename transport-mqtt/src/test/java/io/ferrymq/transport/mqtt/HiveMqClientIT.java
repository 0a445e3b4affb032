package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
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
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("hive3/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt3Publish p = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(p.isRetain()).isTrue();
            assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("r1");
        }
        sub.disconnect();
        pub.disconnect();
    }

    @Test
    void outboundTopicAliasesResolveToTheRightTopics() throws Exception {
        MqttOptions options = MqttOptions.DEFAULTS.withMaxOutboundTopicAlias(4);
        try (EmbeddedBroker aliasing = EmbeddedBroker.start(null, options)) {
            Mqtt5BlockingClient sub = Mqtt5Client.builder().identifier("hive-alias-sub").serverHost("127.0.0.1")
                    .serverPort(aliasing.port()).buildBlocking();
            sub.connectWith().restrictions().topicAliasMaximum(8).applyRestrictions().send();
            List<String[]> got = new CopyOnWriteArrayList<>();
            sub.toAsync().subscribeWith().topicFilter("halias/#").qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> got.add(new String[] {p.getTopic().toString(),
                            new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)}))
                    .send().get(10, TimeUnit.SECONDS);
            Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("hive-alias-pub").serverHost("127.0.0.1")
                    .serverPort(aliasing.port()).buildBlocking();
            pub.connect();
            // six topics, four aliases: some topics always travel in full, the others by alias after the first
            for (int i = 0; i < 60; i++) {
                String topic = "halias/t" + (i % 6);
                pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload((topic + "|" + i).getBytes(StandardCharsets.UTF_8)).send();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 60);
            for (String[] m : got) {
                assertThat(m[1]).startsWith(m[0] + "|");
            }
            pub.disconnect();
            sub.disconnect();
        }
    }

    @Test
    void tenThousandRetainedTopicsAllReachOneWildcardSubscriber() throws Exception {
        int n = 10_000;
        try (EmbeddedBroker retained = EmbeddedBroker.start(null, MqttOptions.DEFAULTS.withOutboundWindow(64))) {
            Mqtt5AsyncClient pub = Mqtt5Client.builder().identifier("hive-ret-pub").serverHost("127.0.0.1")
                    .serverPort(retained.port()).buildAsync();
            pub.connect().get(10, TimeUnit.SECONDS);
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sent.add(pub.publishWith().topic("many/" + (i / 100) + "/" + i).retain(true)
                        .qos(MqttQos.AT_LEAST_ONCE).payload(Integer.toString(i).getBytes(StandardCharsets.UTF_8))
                        .send());
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            Set<String> topics = ConcurrentHashMap.newKeySet();
            Mqtt5AsyncClient sub = Mqtt5Client.builder().identifier("hive-ret-sub").serverHost("127.0.0.1")
                    .serverPort(retained.port()).buildAsync();
            sub.connect().get(10, TimeUnit.SECONDS);
            sub.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
                if (p.isRetain()) {
                    topics.add(p.getTopic().toString());
                }
            }).send().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> topics.size() == n);
            sub.disconnect().get(10, TimeUnit.SECONDS);
            pub.disconnect().get(10, TimeUnit.SECONDS);
        }
    }
}
