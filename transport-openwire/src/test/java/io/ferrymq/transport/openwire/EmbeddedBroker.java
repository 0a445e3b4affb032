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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An engine plus an OpenWire listener and an auto-detecting one on ephemeral ports, for socket tests. The user
 * {@code alice}/{@code secret} exists besides the loopback guest; dead letters go to {@code ActiveMQ.DLQ}.
 */
final class EmbeddedBroker implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "secret";
    static final String DLQ = "ActiveMQ.DLQ";

    final FerryEngine engine;
    final TransportRuntime runtime;
    final Acceptor openwire;
    final Acceptor auto;

    private EmbeddedBroker() throws Exception {
        this(null, 0, OpenWireOptions.DEFAULTS);
    }

    /**
     * @param journalDir where a {@link JournalMessageStore} keeps its files, or null for the in-memory store
     * @param port the OpenWire port, or 0 for an ephemeral one
     */
    private EmbeddedBroker(Path journalDir, int port, OpenWireOptions options) throws Exception {
        SecurityOptions security = new SecurityOptions(true, true, GuestOptions.DEFAULTS,
                List.of(new User(USER, PasswordHashes.hash(PASSWORD.toCharArray(), 1000), Set.of("admin"))),
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

    int port() {
        return openwire.boundAddress().getPort();
    }

    String url() {
        return "tcp://127.0.0.1:" + openwire.boundAddress().getPort();
    }

    String autoUrl() {
        return "tcp://127.0.0.1:" + auto.boundAddress().getPort();
    }

    @Override
    public void close() {
        auto.stop();
        openwire.stop();
        runtime.close();
        engine.stop();
    }
}
