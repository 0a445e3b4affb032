package io.ferrymq.interop;

import io.ferrymq.transport.testing.FerryServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link FerryServerProcess} per test class, on a fresh data directory that is deleted afterwards. Register it
 * as a static field:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final FerryServerExtension SERVER = FerryServerExtension.withEnv(Map.of("FERRY_X", "y"));
 * </pre>
 *
 * <p>The environment may name files in the data directory's parent with {@link #WORK_DIR}, written by
 * {@link #withFile}: the extension replaces the marker with the directory's path before it starts the server.
 *
 * <p>OpenWire (the auto-detecting listener) is always on; {@link #withListeners} turns on more, each on a free
 * loopback port that {@code server().port("amqp")} tells.
 */
final class FerryServerExtension implements BeforeAllCallback, AfterAllCallback {

    /** Replaced in environment values by the absolute path of the class's work directory. */
    static final String WORK_DIR = "${workDir}";

    private final Map<String, String> env;
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Set<String> listeners = new LinkedHashSet<>();
    private Path workDir;
    private FerryServerProcess server;

    private FerryServerExtension(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** A server configured by these {@code FERRY_*} variables (journal sync off unless they say otherwise). */
    static FerryServerExtension withEnv(Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("FERRY_JOURNAL_DATASYNC", "false"); // a process kill keeps the page cache: fsync only costs time
        all.putAll(env);
        return new FerryServerExtension(all);
    }

    /** Writes {@code content} to {@code name} in the work directory before the server starts. */
    FerryServerExtension withFile(String name, String content) {
        files.put(name, content);
        return this;
    }

    /**
     * Turns on these listeners besides OpenWire: {@code amqp}, {@code stomp}, {@code mqtt}, {@code ws}, and with
     * {@code FERRY_TLS_*} key material {@code wss} and the TLS twins ({@code mqttTls}, ...).
     */
    FerryServerExtension withListeners(String... names) {
        listeners.addAll(List.of(names));
        return this;
    }

    /** The directory holding the data directory and the files of {@link #withFile}; null before the server starts. */
    Path workDir() {
        return workDir;
    }

    /** The running server. */
    FerryServerProcess server() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        workDir = Files.createTempDirectory("ferry-interop-");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(workDir.resolve(f.getKey()), f.getValue());
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        env.forEach((k, v) -> resolved.put(k, v.replace(WORK_DIR, workDir.toString())));
        server = FerryServerProcess.start(workDir.resolve("data"), resolved, listeners, 0);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            delete(workDir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
