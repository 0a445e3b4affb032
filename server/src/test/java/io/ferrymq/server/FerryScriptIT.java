package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's start command: {@code ./ferry} starts, prints its ready line, stops cleanly on SIGTERM. */
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
                "--stomp-port", Integer.toString(freePort()))
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
        assertThat(lines).as("output: %s", lines).anyMatch(l -> l.contains("FS1001 FerryMQ ready") && l.contains("openwire"));
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
