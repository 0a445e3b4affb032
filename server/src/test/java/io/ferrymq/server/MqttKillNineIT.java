package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT persistence contract under a crash (issue 3, "Must show"): persistent sessions (Paho v3 clean session
 * false, Paho v5 clean start false with a session expiry) subscribed at QoS 1 are offline while QoS 1 messages are
 * published to them and retained messages are set, replaced and cleared; the broker process is killed with SIGKILL
 * while a last burst of publishes is in flight and restarted on the same data directory. Every publish the broker
 * acknowledged (PUBACK) reaches every session it was meant for, once (a second copy only with DUP); nothing arrives
 * that was never published; a new {@code #} subscriber receives exactly the latest value of every retained topic
 * and nothing for the cleared one.
 */
class MqttKillNineIT {

    private static final int V3_SESSIONS = 4;
    private static final int TO_ALL = 50;
    private static final int TO_EACH = 40;
    private static final int RETAINED = 200;
    private static final int BURST = 300;
    private static final String CLEARED = "ret/t7";

    @TempDir
    Path work;

    /** One arrival at a session. */
    private record Arrival(String topic, String payload, boolean dup, boolean retained) {}

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void confirmedQos1MessagesAndRetainedTopicsSurviveSigkill() throws Exception {
        Path dataDir = work.resolve("data");
        int mqttPort = BrokerProcess.freePort();
        int openwirePort = BrokerProcess.freePort();
        String uri = "tcp://127.0.0.1:" + mqttPort;

        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        Map<String, String> retainedExpected = new LinkedHashMap<>();
        try (BrokerProcess first = BrokerProcess.start(dataDir, mqttPort, openwirePort, work)) {
            // the persistent sessions subscribe, then go away
            for (int i = 0; i < V3_SESSIONS; i++) {
                MqttClient c = v3Client(uri, v3Id(i));
                c.connect(persistentV3());
                c.subscribe(new String[] {"kill/all", "kill/s" + i + "/#"}, new int[] {1, 1});
                c.disconnect();
                c.close();
            }
            org.eclipse.paho.mqttv5.client.MqttClient v5 = v5Client(uri);
            v5.connect(persistentV5());
            v5.subscribe(new MqttSubscription[] {new MqttSubscription("kill/all", 1),
                    new MqttSubscription("kill/v5/+", 1)}, new IMqttMessageListener[] {(t, m) -> {}, (t, m) -> {}});
            v5.disconnect();
            v5.close();

            MqttAsyncClient publisher = new MqttAsyncClient(uri, "publisher", new MemoryPersistence());
            MqttConnectOptions po = new MqttConnectOptions();
            po.setCleanSession(true);
            po.setMaxInflight(1000);
            po.setAutomaticReconnect(false);
            publisher.connect(po).waitForCompletion(10_000);

            // QoS 1 to the offline sessions, every one confirmed
            List<IMqttDeliveryToken> tokens = new ArrayList<>();
            for (int n = 0; n < TO_EACH; n++) {
                for (int i = 0; i < V3_SESSIONS; i++) {
                    tokens.add(publish(publisher, "kill/s" + i + "/x", "s" + i + "-" + n, false, attempted, confirmed));
                }
                tokens.add(publish(publisher, "kill/v5/a", "v5-" + n, false, attempted, confirmed));
            }
            for (int n = 0; n < TO_ALL; n++) {
                tokens.add(publish(publisher, "kill/all", "all-" + n, false, attempted, confirmed));
            }
            awaitAll(tokens);

            // retained: set, then replace every fifth, then clear one
            for (int i = 0; i < RETAINED; i++) {
                tokens.add(publish(publisher, "ret/t" + i, "r" + i + "-v1", true, null, null));
                retainedExpected.put("ret/t" + i, "r" + i + "-v1");
            }
            awaitAll(tokens);
            for (int i = 0; i < RETAINED; i += 5) {
                tokens.add(publish(publisher, "ret/t" + i, "r" + i + "-v2", true, null, null));
                retainedExpected.put("ret/t" + i, "r" + i + "-v2");
            }
            awaitAll(tokens);
            tokens.add(publisher.publish(CLEARED, new byte[0], 1, true));
            retainedExpected.remove(CLEARED);
            awaitAll(tokens);
            assertThat(confirmed).hasSize(V3_SESSIONS * TO_EACH + TO_EACH + TO_ALL);

            // a last burst, killed mid-flight: whatever was confirmed must survive
            int before = confirmed.size();
            for (int n = 0; n < BURST; n++) {
                publish(publisher, "kill/all", "burst-" + n, false, attempted, confirmed);
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1))
                    .until(() -> confirmed.size() - before >= BURST / 10);
            first.kill();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !publisher.isConnected());
            publisher.close(true);
        }
        Set<String> confirmedAtKill = Set.copyOf(confirmed);
        System.out.printf("MqttKillNineIT: burst of %d, %d confirmed at the kill%n", BURST,
                select(confirmedAtKill, p -> p.startsWith("burst-")).size());

        try (BrokerProcess second = BrokerProcess.start(dataDir, mqttPort, openwirePort, work)) {
            // every session finds its confirmed messages
            Map<String, ConcurrentLinkedQueue<Arrival>> got = new LinkedHashMap<>();
            Map<String, Set<String>> expected = new LinkedHashMap<>();
            List<AutoCloseable> clients = new ArrayList<>();
            for (int i = 0; i < V3_SESSIONS; i++) {
                String prefix = "s" + i + "-";
                ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
                got.put(v3Id(i), arrivals);
                expected.put(v3Id(i), select(confirmedAtKill, p -> p.startsWith(prefix) || isToAll(p)));
                MqttClient c = v3Client(uri, v3Id(i));
                c.setCallback(collect(arrivals));
                c.connect(persistentV3());
                clients.add(() -> {
                    c.disconnect();
                    c.close();
                });
            }
            ConcurrentLinkedQueue<Arrival> v5Arrivals = new ConcurrentLinkedQueue<>();
            got.put("v5-session", v5Arrivals);
            expected.put("v5-session", select(confirmedAtKill, p -> p.startsWith("v5-") || isToAll(p)));
            org.eclipse.paho.mqttv5.client.MqttClient v5 = v5Client(uri);
            v5.setCallback(new V5Collector(v5Arrivals));
            v5.connect(persistentV5());
            clients.add(() -> {
                v5.disconnect();
                v5.close();
            });

            // everything confirmed arrives, and the arrivals then stay put: room for anything that should not come
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> expected.entrySet().stream()
                    .allMatch(e -> payloads(got.get(e.getKey())).containsAll(e.getValue())));
            awaitQuiet(() -> got.values().stream().mapToInt(java.util.Collection::size).sum());
            for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
                List<Arrival> arrivals = List.copyOf(got.get(e.getKey()));
                Set<String> allowed = select(attempted, p -> e.getKey().equals("v5-session")
                        ? p.startsWith("v5-") || isToAll(p)
                        : p.startsWith(e.getKey().replace("session-", "s") + "-") || isToAll(p));
                assertThat(payloads(arrivals)).as("%s: confirmed messages", e.getKey()).containsAll(e.getValue());
                assertThat(payloads(arrivals)).as("%s: only published messages", e.getKey()).isSubsetOf(allowed);
                Map<String, Integer> firstCopies = new HashMap<>();
                arrivals.stream().filter(a -> !a.dup()).forEach(a -> firstCopies.merge(a.payload(), 1, Integer::sum));
                assertThat(firstCopies).as("%s: no message twice without DUP", e.getKey())
                        .allSatisfy((p, count) -> assertThat(count).as(p).isEqualTo(1));
            }
            for (AutoCloseable c : clients) {
                c.close();
            }

            // a new subscriber to # gets the latest value of every retained topic, and nothing for the cleared one
            ConcurrentLinkedQueue<Arrival> retained = new ConcurrentLinkedQueue<>();
            MqttClient reader = v3Client(uri, "retained-reader");
            reader.setCallback(collect(retained));
            MqttConnectOptions clean = new MqttConnectOptions();
            clean.setCleanSession(true);
            reader.connect(clean);
            reader.subscribe("#", 1);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> retained.size() >= retainedExpected.size());
            awaitQuiet(retained::size);
            Map<String, String> latest = new HashMap<>();
            Map<String, Integer> copies = new HashMap<>();
            for (Arrival a : retained) {
                latest.put(a.topic(), a.payload());
                copies.merge(a.topic(), 1, Integer::sum);
                assertThat(a.retained()).as("%s has the retain flag", a.topic()).isTrue();
            }
            assertThat(latest).isEqualTo(retainedExpected);
            assertThat(latest).doesNotContainKey(CLEARED);
            assertThat(copies).allSatisfy((t, count) -> assertThat(count).as(t).isEqualTo(1));
            reader.disconnect();
            reader.close();
        }
        assertThat(confirmedAtKill).as("the burst was cut short or not: some of it was confirmed")
                .anyMatch(p -> p.startsWith("burst-"));
    }

    private static boolean isToAll(String payload) {
        return payload.startsWith("all-") || payload.startsWith("burst-");
    }

    private static String v3Id(int i) {
        return "session-" + i;
    }

    private static Set<String> select(Set<String> payloads, Predicate<String> which) {
        Set<String> out = new HashSet<>();
        for (String p : payloads) {
            if (which.test(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private static Set<String> payloads(Iterable<Arrival> arrivals) {
        Set<String> out = new HashSet<>();
        arrivals.forEach(a -> out.add(a.payload()));
        return out;
    }

    private static IMqttDeliveryToken publish(MqttAsyncClient client, String topic, String payload, boolean retain,
            Set<String> attempted, Set<String> confirmed) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        m.setRetained(retain);
        if (attempted != null) {
            attempted.add(payload);
        }
        return client.publish(topic, m, null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                if (confirmed != null) {
                    confirmed.add(payload);
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {}
        });
    }

    private static void awaitAll(List<IMqttDeliveryToken> tokens) throws Exception {
        for (IMqttDeliveryToken t : tokens) {
            t.waitForCompletion(20_000);
            assertThat(t.getException()).isNull();
        }
        tokens.clear();
    }

    private static MqttClient v3Client(String uri, String id) throws Exception {
        return new MqttClient(uri, id, new MemoryPersistence());
    }

    private static MqttConnectOptions persistentV3() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(false);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        return o;
    }

    private static org.eclipse.paho.mqttv5.client.MqttClient v5Client(String uri) throws Exception {
        return new org.eclipse.paho.mqttv5.client.MqttClient(uri, "v5-session",
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    }

    private static MqttConnectionOptions persistentV5() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(false);
        return o;
    }

    private static MqttCallback collect(ConcurrentLinkedQueue<Arrival> into) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                into.add(new Arrival(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isDuplicate(),
                        m.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        };
    }

    /** Paho v5's callback, collecting arrivals. */
    private record V5Collector(ConcurrentLinkedQueue<Arrival> into) implements org.eclipse.paho.mqttv5.client.MqttCallback {
        @Override
        public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {}

        @Override
        public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) {
            into.add(new Arrival(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isDuplicate(),
                    m.isRetained()));
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
    }

    /** Waits until {@code count} stops changing for 300 ms: room for anything that should not come. */
    private static void awaitQuiet(java.util.function.IntSupplier count) {
        java.util.concurrent.atomic.AtomicInteger last = new java.util.concurrent.atomic.AtomicInteger(-1);
        Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
                .until(() -> {
                    int now = count.getAsInt();
                    return last.getAndSet(now) == now;
                });
    }
}
