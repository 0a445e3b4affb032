package io.ferrymq.transport.openwire;

import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.engine.EngineOptions;
import io.ferrymq.addressing.engine.FerryEngine;
import io.ferrymq.addressing.security.GuestOptions;
import io.ferrymq.addressing.security.PasswordHashes;
import io.ferrymq.addressing.security.SecurityOptions;
import io.ferrymq.addressing.security.User;
import io.ferrymq.addressing.store.JournalMessageStore;
import io.ferrymq.addressing.settings.AddressSettings;
import io.ferrymq.transport.Acceptor;
import io.ferrymq.transport.ListenerOptions;
import io.ferrymq.transport.ProtocolRegistry;
import io.ferrymq.transport.TransportLimits;
import io.ferrymq.transport.TransportRuntime;
import io.ferrymq.transport.TransportServices;
import io.ferrymq.journal.JournalOptions;
import io.ferrymq.transport.testing.FerryServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The broker the OpenWire client suite talks to: by default an engine plus an OpenWire listener and an
 * auto-detecting one on ephemeral ports in this JVM; with the system property {@value #PROCESS_MODE}{@code =true}
 * (the server module sets it when it runs this suite) the real server, {@code java -jar ferrymq-server.jar}, as a
 * child process configured alike. The user {@code alice}/{@code secret} exists besides the loopback guest; dead
 * letters go to {@code ActiveMQ.DLQ}.
 *
 * <p>Checks that look inside the engine (queue depths, whether an address exists) go through {@link #engine()},
 * which is empty against a process: those checks are skipped there, and the client-visible ones still run.
 */
final class EmbeddedBroker implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "secret";
    static final String DLQ = "ActiveMQ.DLQ";
    /** The system property that runs the suite against the server process. */
    static final String PROCESS_MODE = "ferry.openwire.againstProcess";
    /** alice/secret, hashed with few iterations: the hash is a test fixture, not a secret. */
    private static final String PASSWORD_HASH = PasswordHashes.hash(PASSWORD.toCharArray(), 1000);

    private final FerryEngine engine;
    private final TransportRuntime runtime;
    private final Acceptor openwire;
    private final Acceptor auto;
    private final FerryServerProcess process;
    private final Path workDir;

    private EmbeddedBroker() throws Exception {
        this(null, 0, OpenWireOptions.DEFAULTS);
    }

    static boolean againstProcess() {
        return Boolean.getBoolean(PROCESS_MODE);
    }

    /**
     * @param journalDir where a {@link JournalMessageStore} keeps its files, or null for the in-memory store
     * @param port the OpenWire port, or 0 for an ephemeral one
     */
    private EmbeddedBroker(Path journalDir, int port, OpenWireOptions options) throws Exception {
        if (againstProcess()) {
            if (!options.equals(OpenWireOptions.DEFAULTS)) {
                throw new IllegalArgumentException("the server process runs with the default OpenWire options");
            }
            engine = null;
            runtime = null;
            openwire = null;
            auto = null;
            workDir = Files.createTempDirectory("ferry-openwire-suite-");
            Files.writeString(workDir.resolve("users.yaml"), "users:\n  " + USER + ":\n    password: \""
                    + PASSWORD_HASH + "\"\n    roles: [admin]\n");
            Path dataDir = journalDir != null ? journalDir : workDir.resolve("data");
            process = FerryServerProcess.start(dataDir, Map.of(
                    "FERRY_JOURNAL_DATASYNC", "false",
                    "FERRY_ADDRESS_SETTINGS", "{\"#\": {deadLetterAddress: " + DLQ + "}}",
                    "FERRY_SECURITY_USERS_FILE", workDir.resolve("users.yaml").toString()), Set.of(), port);
            return;
        }
        process = null;
        workDir = null;
        SecurityOptions security = new SecurityOptions(true, true, GuestOptions.DEFAULTS,
                List.of(new User(USER, PASSWORD_HASH, Set.of("admin"))),
                SecurityOptions.DEFAULT_PERMISSIONS);
        AddressSettings dla = AddressSettings.builder().deadLetterAddress(DLQ).build();
        FerryEngine.Builder builder = FerryEngine.builder()
                .options(EngineOptions.DEFAULTS.withSecurity(security).withAddressSettings(Map.of("#", dla)));
        if (journalDir != null) {
            builder.store(JournalMessageStore.open(
                    JournalOptions.builder(journalDir).fileSize(1024 * 1024).datasync(false).build()));
        }
        engine = builder.build();
        engine.start();
        runtime = TransportRuntime.create(TransportLimits.defaults());
        TransportServices services = TransportServices.builder().add(Engine.class, engine)
                .add(OpenWireOptions.class, options).build();
        openwire = new Acceptor(ListenerOptions.fixed("openwire", "127.0.0.1", port, "openwire"), runtime,
                ProtocolRegistry.load(), services);
        auto = new Acceptor(ListenerOptions.auto("main", "127.0.0.1", 0, List.of()), runtime,
                ProtocolRegistry.load(), services);
        openwire.start();
        auto.start();
    }

    static EmbeddedBroker start() throws Exception {
        return new EmbeddedBroker();
    }

    /** A broker with OpenWire options of the test's own. */
    static EmbeddedBroker start(OpenWireOptions options) throws Exception {
        return new EmbeddedBroker(null, 0, options);
    }

    /** A broker on a journal in {@code dir}, OpenWire on {@code port} (0: ephemeral), to restart on the same. */
    static EmbeddedBroker persistent(Path dir, int port) throws Exception {
        return new EmbeddedBroker(dir, port, OpenWireOptions.DEFAULTS);
    }

    /** The engine, when it runs in this JVM; empty against the server process. */
    Optional<FerryEngine> engine() {
        return Optional.ofNullable(engine);
    }

    /** What the server process has printed so far (its log); empty in this JVM, where tests attach an appender. */
    Optional<String> processOutput() {
        return process == null ? Optional.empty() : Optional.of(process.output());
    }

    /** The OpenWire port. */
    int port() {
        return process != null ? process.port("openwire") : openwire.boundAddress().getPort();
    }

    String url() {
        return "tcp://127.0.0.1:" + port();
    }

    /** The auto-detecting listener (the server's OpenWire port detects every protocol). */
    String autoUrl() {
        return "tcp://127.0.0.1:" + (process != null ? process.port("openwire") : auto.boundAddress().getPort());
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
            deleteTree(workDir);
            return;
        }
        auto.stop();
        openwire.stop();
        runtime.close();
        engine.stop();
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
