package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.server.config.ConfigLoader;
import io.ferrymq.server.config.FerryConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT as an operator meets it: {@code ./ferry} with the default configuration serves Paho v3 and v5 clients on
 * the MQTT port and, by protocol detection, on the OpenWire port; the {@code mqtt:} settings reach the client in
 * CONNACK.
 */
class MqttListenerIT {

    private static final Path ROOT = Path.of(System.getProperty("ferry.repoRoot", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void ferryScriptServesMqttOnItsPortAndDetectsItOnTheOpenwirePort() throws Exception {
        int openwire = BrokerProcess.freePort();
        int mqtt = BrokerProcess.freePort();
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("ferry").toString(),
                "--data-dir", work.resolve("data").toString(),
                "--host", "127.0.0.1",
                "--openwire-port", Integer.toString(openwire),
                "--mqtt-port", Integer.toString(mqtt),
                "--amqp-port", Integer.toString(BrokerProcess.freePort()),
                "--stomp-port", Integer.toString(BrokerProcess.freePort()),
                "--ws-port", "0")
                .directory(work.toFile())
                .redirectErrorStream(true);
        pb.environment().put("FERRY_NO_BUILD", "1"); // the build under test made the jar
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.contains("FS1001")) {
                lines.add(line);
            }
            assertThat(line).as("ready line; output: %s", lines).isNotNull().contains("mqtt");
            CompletableFuture.runAsync(() -> out.lines().forEach(l -> {})); // keep the pipe drained

            for (int port : new int[] {mqtt, openwire}) {
                String uri = "tcp://127.0.0.1:" + port;
                assertThat(v3RoundTrip(uri, "detect/v3/" + port)).as("Paho v3 on %d", port).isEqualTo("hello v3");
                assertThat(v5RoundTrip(uri, "detect/v5/" + port)).as("Paho v5 on %d", port).isEqualTo("hello v5");
            }
        } finally {
            p.toHandle().destroy(); // SIGTERM; unlike Process.destroy it keeps our pipe open
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.toHandle().destroyForcibly();
            }
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void mqttSettingsReachTheClientOnBothListeners() throws Exception {
        FerryConfig config = ConfigLoader.load(Optional.empty(),
                Map.of("FERRY_MQTT_MAX_TOPIC_ALIAS", "5", "FERRY_MQTT_SERVER_KEEP_ALIVE", "20s"),
                Map.of("dataDir", work.resolve("data").toString(), "host", "127.0.0.1",
                        "mqtt.serverReceiveMaximum", "50", "mqtt.maxPacketSize", "64KiB"));
        try (FerryServer server = FerryServer.start(config, true)) {
            for (String listener : List.of("mqtt", "openwire")) {
                String uri = "tcp://127.0.0.1:" + server.address(listener).orElseThrow().getPort();
                MqttAsyncClient c = new MqttAsyncClient(uri, "settings-" + listener,
                        new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setKeepAliveInterval(60);
                IMqttToken connected = c.connect(o);
                connected.waitForCompletion(10_000);
                MqttProperties connack = connected.getResponseProperties();
                assertThat(connack.getTopicAliasMaximum()).as(listener).isEqualTo(5);
                assertThat(connack.getServerKeepAlive()).as(listener).isEqualTo(20);
                assertThat(connack.getReceiveMaximum()).as(listener).isEqualTo(50);
                assertThat(connack.getMaximumPacketSize()).as(listener).isEqualTo(64L * 1024);
                c.disconnect().waitForCompletion(10_000);
                c.close();
            }
        }
    }

    /** Subscribes, publishes one QoS 1 message to itself and returns what arrived. */
    private static String v3RoundTrip(String uri, String topic) throws Exception {
        MqttClient c = new MqttClient(uri, "v3-" + topic.hashCode(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        c.connect(o);
        try {
            LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
            c.subscribe(topic, 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            c.publish(topic, "hello v3".getBytes(StandardCharsets.UTF_8), 1, false);
            return got.poll(10, TimeUnit.SECONDS);
        } finally {
            c.disconnect();
            c.close();
        }
    }

    private static String v5RoundTrip(String uri, String topic) throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient c = new org.eclipse.paho.mqttv5.client.MqttClient(uri,
                "v5-" + topic.hashCode(), new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        try {
            LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
            c.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                    new org.eclipse.paho.mqttv5.common.MqttSubscription(topic, 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                            (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8))});
            c.publish(topic, "hello v5".getBytes(StandardCharsets.UTF_8), 1, false);
            return got.poll(10, TimeUnit.SECONDS);
        } finally {
            c.disconnect();
            c.close();
        }
    }
}
