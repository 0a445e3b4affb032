package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.transport.testing.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's start command: {@code ./ferry} starts, prints its ready line, stops cleanly on SIGTERM; its TLS flags
 * start the TLS listeners.
 */
class FerryScriptIT {

    private static final Path ROOT = Path.of(System.getProperty("ferry.repoRoot", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void startsPrintsTheReadyLineAndStopsOnSigterm() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("ferry").toString(),
                "--data-dir", work.resolve("data").toString(),
                "--host", "127.0.0.1",
                "--openwire-port", Integer.toString(freePort()),
                "--mqtt-port", Integer.toString(freePort()),
                "--amqp-port", Integer.toString(freePort()),
                "--stomp-port", Integer.toString(freePort()),
                "--ws-port", Integer.toString(freePort()))
                .directory(work.toFile())
                .redirectErrorStream(true);
        // the build under test made the jar; the script must not start a nested build
        pb.environment().put("FERRY_NO_BUILD", "1");
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            if (line.contains("FS1001")) {
                break;
            }
        }
        assertThat(lines).as("output: %s", lines).anyMatch(l -> l.contains("FS1001 FerryMQ ready") && l.contains("openwire")
                && l.contains("ws 127.0.0.1:"));
        CompletableFuture<List<String>> rest = CompletableFuture.supplyAsync(() -> drain(out));
        p.toHandle().destroy(); // SIGTERM; unlike Process.destroy it keeps our pipe open
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(rest.get(10, TimeUnit.SECONDS)).anyMatch(l -> l.contains("FS1003 stopped"));
        assertThat(rest.get()).anyMatch(l -> l.contains("FJ1003"));
        assertThat(Files.exists(work.resolve("data").resolve("journal"))).isTrue();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aBadConfigKeyStopsTheStartWithItsNameAndFile() throws Exception {
        Path config = work.resolve("ferry.yaml");
        Files.writeString(config, "listeners:\n  mqtt:\n    prot: 1883\n");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("ferry").toString(), "--config", config.toString())
                .directory(work.toFile())
                .redirectErrorStream(true);
        pb.environment().put("FERRY_NO_BUILD", "1");
        Process p = pb.start();
        List<String> output = drain(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(String.join("\n", output)).contains("ferry.yaml").contains("listeners.mqtt.prot");
    }

    /** {@code ./ferry --tls-cert --tls-key}: the TLS listeners start from the command line alone. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void tlsFlagsStartTheTlsListeners() throws Exception {
        TestCertificates ca = TestCertificates.create(work, "script-test");
        TestCertificates.Issued issued = ca.server("localhost");
        int mqttTls = freePort();
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("ferry").toString(),
                "--data-dir", work.resolve("data").toString(), "--host", "127.0.0.1",
                "--tls-cert", ca.chainPem(issued, "server").toString(),
                "--tls-key", ca.keyPem(issued, "server").toString(),
                "--mqtt-tls-port", Integer.toString(mqttTls)));
        for (String listener : List.of("openwire", "mqtt", "amqp", "stomp", "ws", "openwire-tls", "amqp-tls",
                "stomp-tls", "wss")) {
            command.addAll(List.of("--" + listener + "-port", Integer.toString(freePort())));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("FERRY_NO_BUILD", "1");
        Process p = pb.start();
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + mqttTls, "script-tls", new MemoryPersistence());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = null;
            String line;
            while (ready == null && (line = out.readLine()) != null) {
                ready = line.contains("FS1001") ? line : null;
            }
            assertThat(ready).as("the ready line").isNotNull()
                    .contains("mqttTls 127.0.0.1:" + mqttTls + " [mqtt over TLS]").contains("wss 127.0.0.1:");
            CompletableFuture.runAsync(() -> drain(out));
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(ca.clientContext(null, "TLSv1.3").getSocketFactory());
            client.connect(options);
            assertThat(client.isConnected()).isTrue();
            client.disconnect();
        } finally {
            client.close();
            p.toHandle().destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static List<String> drain(BufferedReader in) {
        List<String> lines = new ArrayList<>();
        try {
            String l;
            while ((l = in.readLine()) != null) {
                lines.add(l);
            }
        } catch (IOException e) {
            // the process went away
        }
        return lines;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
