package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.server.config.ConfigLoader;
import io.ferrymq.server.config.FerryConfig;
import io.ferrymq.transport.testing.TestCertificates;
import io.ferrymq.transport.testing.TestCertificates.Issued;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebSocket listeners with real clients: Paho v3 and v5 over {@code ws://} and {@code wss://} (subprotocol
 * {@code mqtt}), a message crossing from WebSocket to plain MQTT, and STOMP 1.2 (subprotocol {@code v12.stomp}) and
 * OpenWire from the JDK's WebSocket client; {@code ws} on by default. mqtt.js and @stomp/stompjs, in Node and in
 * headless Chromium, are in interop-tests.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WebSocketIT {

    private static final long TIMEOUT = 5_000;

    @TempDir
    static Path certs;
    private static TestCertificates ca;
    private static Path chain;
    private static Path key;

    @TempDir
    Path dataDir;

    private FerryServer server;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.create(certs, "ws-test");
        Issued serverCertificate = ca.server("localhost");
        chain = ca.chainPem(serverCertificate, "server");
        key = ca.keyPem(serverCertificate, "server");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start() {
        start(Map.of());
    }

    private void start(Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(Map.of(
                "dataDir", dataDir.toString(), "host", "127.0.0.1", "webSocket.enabled", "true",
                "tls.certificateChain", chain.toString(), "tls.privateKey", key.toString()));
        overrides.putAll(more);
        FerryConfig config = ConfigLoader.load(Optional.empty(), Map.of(), overrides);
        server = FerryServer.start(config, true);
    }

    private int port(String listener) {
        return server.address(listener).orElseThrow().getPort();
    }

    @Test
    void wsIsOnByDefaultAndWssWaitsForKeyMaterial() {
        server = FerryServer.start(ServerFixture.config(dataDir), true);
        assertThat(server.address("ws")).isPresent();
        assertThat(server.address("wss")).isEmpty();
    }

    @Test
    void webSocketEnabledFalseTurnsBothOff() {
        start(Map.of("webSocket.enabled", "false"));
        assertThat(server.address("ws")).isEmpty();
        assertThat(server.address("wss")).isEmpty();
        assertThat(server.address("mqttTls")).as("the TLS listeners do not depend on it").isPresent();
    }

    @Test
    void pahoOverWsReachesAPlainMqttSubscriber() throws Exception {
        start();
        MqttClient plain = new MqttClient("tcp://127.0.0.1:" + port("mqtt"), "plain-sub", new MemoryPersistence());
        MqttClient ws = new MqttClient("ws://127.0.0.1:" + port("ws") + "/mqtt", "ws-pub", new MemoryPersistence());
        try {
            plain.connect();
            BlockingQueue<String> received = new ArrayBlockingQueue<>(2);
            plain.subscribe("dash/+/temp", 1, (topic, m) -> received.add(topic + "=" + new String(m.getPayload(),
                    StandardCharsets.UTF_8)));
            ws.connect();
            ws.publish("dash/room1/temp", "19.5".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(received.poll(TIMEOUT, TimeUnit.MILLISECONDS)).isEqualTo("dash/room1/temp=19.5");

            // and back: the WebSocket client subscribes, the plain one publishes
            BlockingQueue<String> overWs = new ArrayBlockingQueue<>(1);
            ws.subscribe("dash/alerts", 1, (topic, m) -> overWs.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            plain.publish("dash/alerts", "hot".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(overWs.poll(TIMEOUT, TimeUnit.MILLISECONDS)).isEqualTo("hot");
            ws.disconnect();
            plain.disconnect();
        } finally {
            ws.close();
            plain.close();
        }
    }

    @Test
    void pahoV5OverWs() throws Exception {
        start();
        pahoV5RoundTrip("ws://127.0.0.1:" + port("ws") + "/mqtt", new MqttConnectionOptions());
    }

    @Test
    void pahoOverWss() throws Exception {
        start();
        MqttClient client = new MqttClient("wss://127.0.0.1:" + port("wss") + "/mqtt", "wss-client",
                new MemoryPersistence());
        try {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(ca.clientContext(null, "TLS").getSocketFactory());
            client.connect(options);
            BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
            client.subscribe("secure/ws", 1, (topic, m) -> received.add(new String(m.getPayload(),
                    StandardCharsets.UTF_8)));
            client.publish("secure/ws", "ok".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(received.poll(TIMEOUT, TimeUnit.MILLISECONDS)).isEqualTo("ok");
            client.disconnect();
        } finally {
            client.close();
        }
    }

    @Test
    void pahoV5OverWss() throws Exception {
        start();
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(ca.clientContext(null, "TLSv1.3").getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(true); // the certificate names 127.0.0.1 too
        pahoV5RoundTrip("wss://127.0.0.1:" + port("wss") + "/mqtt", options);
    }

    /** A Paho v5 client at {@code url} subscribes with a wildcard and receives its own QoS 1 publish. */
    private static void pahoV5RoundTrip(String url, MqttConnectionOptions options) throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient client = new org.eclipse.paho.mqttv5.client.MqttClient(url,
                "v5-" + url.substring(0, url.indexOf(':')), new org.eclipse.paho.mqttv5.client.persist
                        .MemoryPersistence());
        try {
            client.connect(options);
            BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
            client.subscribe(new MqttSubscription[] {new MqttSubscription("v5/web/+", 1)},
                    new IMqttMessageListener[] {(topic, m) -> received.add(
                            topic + "=" + new String(m.getPayload(), StandardCharsets.UTF_8))});
            client.publish("v5/web/a", "five".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(received.poll(TIMEOUT, TimeUnit.MILLISECONDS)).isEqualTo("v5/web/a=five");
            client.disconnect();
        } finally {
            client.close();
        }
    }

    @Test
    void wssWithMutualTlsRefusesAClientWithoutCertificate() throws Exception {
        start(Map.of("tls.trustStore", ca.caPem().toString(), "listeners.wss.clientAuth", "REQUIRE"));
        String url = "wss://127.0.0.1:" + port("wss") + "/mqtt";
        MqttClient anonymous = new MqttClient(url, "wss-anonymous", new MemoryPersistence());
        MqttClient device = new MqttClient(url, "wss-device", new MemoryPersistence());
        try {
            MqttConnectOptions without = new MqttConnectOptions();
            without.setSocketFactory(ca.clientContext(null, "TLSv1.2").getSocketFactory());
            without.setConnectionTimeout(5);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> anonymous.connect(without))
                    .isInstanceOf(org.eclipse.paho.client.mqttv3.MqttException.class);

            MqttConnectOptions with = new MqttConnectOptions();
            with.setSocketFactory(ca.clientContext(ca.client("CN=dashboard-1"), "TLSv1.2").getSocketFactory());
            with.setUserName("guest"); // credentials win over the certificate's user, which the users file lacks
            with.setPassword("guest".toCharArray());
            device.connect(with);
            assertThat(device.isConnected()).isTrue();
            device.disconnect();
        } finally {
            anonymous.close();
            device.close();
        }
    }

    @Test
    void stompOverWebSocketBySubprotocol() throws Exception {
        start();
        BlockingQueue<String> frames = new ArrayBlockingQueue<>(10);
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                text.append(StandardCharsets.UTF_8.decode(data));
                if (last) {
                    frames.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("v12.stomp")
                .buildAsync(URI.create("ws://127.0.0.1:" + port("ws") + "/stomp"), listener)
                .get(TIMEOUT, TimeUnit.MILLISECONDS);
        try {
            assertThat(ws.getSubprotocol()).isEqualTo("v12.stomp");
            ws.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0", true).get(TIMEOUT, TimeUnit.MILLISECONDS);
            assertThat(frames.poll(TIMEOUT, TimeUnit.MILLISECONDS)).startsWith("CONNECTED\n");
        } finally {
            ws.abort();
        }
    }

    @Test
    void aStompFrameWithAOneMebibyteBodyFitsTheDefaultFrameSize() throws Exception {
        start();
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                synchronized (received) {
                    byte[] bytes = new byte[data.remaining()];
                    data.get(bytes);
                    received.writeBytes(bytes);
                    received.notifyAll();
                }
                ws.request(1);
                return null;
            }
        };
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("v12.stomp")
                .buildAsync(URI.create("ws://127.0.0.1:" + port("ws") + "/"), listener)
                .get(TIMEOUT, TimeUnit.MILLISECONDS);
        try {
            int size = 1024 * 1024;
            ws.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0", true).get(TIMEOUT, TimeUnit.MILLISECONDS);
            ws.sendText("SUBSCRIBE\nid:0\ndestination:/queue/ws.big\n\n\0", true).get(TIMEOUT, TimeUnit.MILLISECONDS);
            String frame = "SEND\ndestination:/queue/ws.big\ncontent-length:" + size + "\n\n" + "x".repeat(size) + "\0";
            ws.sendText(frame, true).get(TIMEOUT, TimeUnit.MILLISECONDS);
            long deadline = System.currentTimeMillis() + 10_000;
            String text;
            synchronized (received) {
                while (received.size() < size && System.currentTimeMillis() < deadline) {
                    received.wait(100);
                }
                text = received.toString(StandardCharsets.UTF_8);
            }
            assertThat(text).startsWith("CONNECTED\n").contains("MESSAGE\n").contains("x".repeat(size));
        } finally {
            ws.abort();
        }
    }

    @Test
    void openWireOverWebSocketBySubprotocol() throws Exception {
        start();
        BlockingQueue<byte[]> frames = new ArrayBlockingQueue<>(10);
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                message.writeBytes(bytes);
                if (last) {
                    frames.add(message.toByteArray());
                    message.reset();
                }
                ws.request(1);
                return null;
            }
        };
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("openwire")
                .buildAsync(URI.create("ws://127.0.0.1:" + port("ws") + "/"), listener)
                .get(TIMEOUT, TimeUnit.MILLISECONDS);
        try {
            assertThat(ws.getSubprotocol()).isEqualTo("openwire");
            org.apache.activemq.openwire.OpenWireFormat format = new org.apache.activemq.openwire.OpenWireFormat();
            org.apache.activemq.util.ByteSequence hello = format.marshal(format.getPreferedWireFormatInfo());
            ws.sendBinary(ByteBuffer.wrap(hello.getData(), hello.getOffset(), hello.getLength()), true)
                    .get(TIMEOUT, TimeUnit.MILLISECONDS);
            byte[] answer = frames.poll(TIMEOUT, TimeUnit.MILLISECONDS);
            assertThat(answer).as("the broker's first bytes").isNotNull();
            Object command = new org.apache.activemq.openwire.OpenWireFormat()
                    .unmarshal(new java.io.DataInputStream(new java.io.ByteArrayInputStream(answer)));
            assertThat(command).isInstanceOf(org.apache.activemq.command.WireFormatInfo.class);
        } finally {
            ws.abort();
        }
    }
}
