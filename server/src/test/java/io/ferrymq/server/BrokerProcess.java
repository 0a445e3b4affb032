package io.ferrymq.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MqttBrokerChild} process, for tests that kill the broker. Its standard output is read on a thread of
 * its own (so the child never blocks on a full pipe; its warnings and errors are copied to the test's output) and
 * its standard error goes to a file shown on failure.
 */
final class BrokerProcess implements AutoCloseable {

    private final Process process;
    private final Path stderr;
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    private BrokerProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::pump, "broker-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a broker on {@code dataDir} with MQTT and OpenWire on the given ports, and waits until it serves. */
    static BrokerProcess start(Path dataDir, int mqttPort, int openwirePort, Path logDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = Files.createTempFile(logDir, "broker-", ".stderr");
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                MqttBrokerChild.class.getName(), dataDir.toString(), Integer.toString(mqttPort),
                Integer.toString(openwirePort))
                .redirectError(err.toFile())
                .start();
        BrokerProcess broker = new BrokerProcess(p, err);
        broker.awaitReady(Duration.ofSeconds(30));
        return broker;
    }

    /** A port nobody listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(MqttBrokerChild.READY)) {
                    ready.complete(line);
                } else if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                    System.out.println("broker " + process.pid() + ": " + line); // in the test's report
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        ready.completeExceptionally(new IllegalStateException("broker exited before it was ready: " + stderrText()));
    }

    private void awaitReady(Duration timeout) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            kill();
            throw new IllegalStateException("broker not ready: " + e + "\n" + stderrText(), e);
        }
    }

    /** SIGKILL, and waits until the process is gone. {@code Process.destroy*} would close our pipes first. */
    void kill() {
        process.toHandle().destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("broker " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
