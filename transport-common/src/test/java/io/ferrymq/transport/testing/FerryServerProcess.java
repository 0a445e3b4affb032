package io.ferrymq.transport.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real server, {@code java -jar server/target/ferrymq-server.jar} (system property {@code ferry.serverJar}), as
 * a child process: OpenWire (the auto-detecting listener) and the listeners the test asks for on free loopback
 * ports, the others off, {@code FERRY_*} environment variables as given. Shared by every module's tests through
 * transport-common's test jar. Its merged
 * output goes to {@code server.log} beside the data directory, read on a thread of its own so the child never
 * blocks on a full pipe; warnings and errors are copied to the test's output.
 *
 * <p>Three guards make sure no broker outlives its test: {@link #close()} (SIGKILL), a JVM shutdown hook, and a
 * watchdog thread that kills the process after {@link #MAX_LIFETIME} whatever the test does. Not thread safe: one
 * test thread starts, kills and restarts it.
 */
public final class FerryServerProcess implements AutoCloseable {

    /** The line the server prints once every listener is bound. */
    public static final String READY = "FS1001 FerryMQ ready";
    /** A broker still running after this long is killed by the watchdog. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    /**
     * The listeners the server knows, by their configuration names; {@code --<name>-port} on its command line
     * ({@code mqttTls}: {@code --mqtt-tls-port}). The TLS ones and {@code wss} also need {@code FERRY_TLS_*} key
     * material in the environment.
     */
    private static final List<String> LISTENERS = List.of("openwire", "mqtt", "amqp", "stomp", "ws",
            "openwireTls", "mqttTls", "amqpTls", "stompTls", "wss");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BIND_RETRY = Duration.ofSeconds(15);

    private final Path dataDir;
    private final Map<String, Integer> ports;
    private final Map<String, String> env;
    private final Path log;
    private Process process;
    private Thread shutdownHook;

    private FerryServerProcess(Path dataDir, Map<String, Integer> ports, Map<String, String> env, Path log) {
        this.dataDir = dataDir;
        this.ports = Map.copyOf(ports);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /**
     * Starts a broker on {@code dataDir} with OpenWire on a free loopback port and waits for its ready line.
     *
     * @param env extra environment, {@code FERRY_*} configuration variables
     */
    public static FerryServerProcess start(Path dataDir, Map<String, String> env) throws IOException {
        return start(dataDir, env, Set.of(), 0);
    }

    /**
     * Starts a broker on {@code dataDir} with OpenWire on {@code openwirePort} (0: a free one) and the listeners
     * named in {@code more} ({@code mqtt}, {@code amqp}, {@code stomp}, {@code ws}, {@code wss}, {@code mqttTls},
     * ...) on free loopback ports, every other listener off, and waits for its ready line.
     */
    public static FerryServerProcess start(Path dataDir, Map<String, String> env, Set<String> more, int openwirePort)
            throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("openwire", openwirePort == 0 ? freePort() : openwirePort);
        for (String name : more) {
            if (!LISTENERS.contains(name) || name.equals("openwire")) {
                throw new IllegalArgumentException("unknown listener " + name + "; one of " + LISTENERS);
            }
            ports.put(name, freePort());
        }
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
        FerryServerProcess server = new FerryServerProcess(dataDir, ports, env, log);
        server.launch();
        return server;
    }

    /** The port of a listener this process was started with ({@code openwire}, {@code mqtt}, ...). */
    public int port(String listener) {
        Integer port = ports.get(listener);
        if (port == null) {
            throw new IllegalArgumentException("listener " + listener + " is off; started: " + ports.keySet());
        }
        return port;
    }

    /** {@code tcp://127.0.0.1:<port>} of the OpenWire (auto-detecting) listener. */
    public String tcpUrl() {
        return "tcp://127.0.0.1:" + port("openwire");
    }

    /** A failover URL over {@link #tcpUrl()} that retries quickly and forever. */
    public String failoverUrl() {
        return "failover:(" + tcpUrl() + ")?initialReconnectDelay=100&maxReconnectDelay=500";
    }

    /** SIGKILL (kill -9): no shutdown hook of the broker runs. Waits until the process is gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.toHandle().destroyForcibly(); // Process.destroyForcibly would close our end of the pipe first
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("broker " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        process = null;
    }

    /** Starts the broker again on the same data directory, port and environment (after {@link #kill()}). */
    public void restart() throws IOException {
        kill();
        launch();
    }

    /** The broker's output so far, for failure messages. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kill();
    }

    private void launch() throws IOException {
        long deadline = System.nanoTime() + BIND_RETRY.toNanos();
        while (true) {
            try {
                launchOnce();
                return;
            } catch (IllegalStateException e) {
                // a killed predecessor's socket may hold the port for a moment
                if (System.nanoTime() > deadline || !e.getMessage().contains("ddress already in use")) {
                    throw e;
                }
                sleep(200);
            }
        }
    }

    private void launchOnce() throws IOException {
        Path jar = Path.of(System.getProperty("ferry.serverJar", "../server/target/ferrymq-server.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the server first (mvn -pl server -am install "
                    + "-DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : System.getProperty("ferry.it.jvmArgs", "-Xmx512m").trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--data-dir", dataDir.toString(),
                "--host", "127.0.0.1"));
        for (String listener : LISTENERS) {
            command.add("--" + listener.replace("Tls", "-tls") + "-port");
            command.add(Integer.toString(ports.getOrDefault(listener, 0)));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("FERRY_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        process = p;
        shutdownHook = new Thread(() -> p.toHandle().destroyForcibly(), "broker-" + p.pid() + "-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(MAX_LIFETIME.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.out.println("watchdog: killing broker " + p.pid() + " after " + MAX_LIFETIME);
                    p.toHandle().destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.toHandle().destroyForcibly();
            }
        }, "broker-" + p.pid() + "-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, ready), "broker-" + p.pid() + "-output");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            kill();
            throw new IllegalStateException("broker not ready: " + e + "\n" + output(), e);
        }
    }

    private void pump(Process p, CompletableFuture<Void> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (line.contains(READY)) {
                    ready.complete(null);
                } else if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                    System.out.println("broker " + p.pid() + ": " + line); // lands in the test's report
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        ready.completeExceptionally(new IllegalStateException("broker " + p.pid() + " exited before it was ready"));
    }

    /** A port nobody listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
