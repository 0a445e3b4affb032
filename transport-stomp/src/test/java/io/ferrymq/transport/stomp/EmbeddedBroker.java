package io.ferrymq.transport.stomp;

import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.engine.EngineOptions;
import io.ferrymq.addressing.engine.FerryEngine;
import io.ferrymq.addressing.store.JournalMessageStore;
import io.ferrymq.journal.JournalOptions;
import io.ferrymq.transport.Acceptor;
import io.ferrymq.transport.ListenerOptions;
import io.ferrymq.transport.ProtocolRegistry;
import io.ferrymq.transport.TransportLimits;
import io.ferrymq.transport.TransportRuntime;
import io.ferrymq.transport.TransportServices;
import java.nio.file.Path;
import java.util.List;

/** An engine plus a STOMP listener (and an auto-detecting one) on ephemeral loopback ports, for socket tests. */
final class EmbeddedBroker implements AutoCloseable {

    final FerryEngine engine;
    final TransportRuntime runtime;
    final Acceptor stomp;
    final Acceptor auto;

    private EmbeddedBroker(Path journalDir, StompOptions options, EngineOptions engineOptions, TransportLimits limits)
            throws Exception {
        FerryEngine.Builder b = FerryEngine.builder();
        if (engineOptions != null) {
            b.options(engineOptions);
        }
        if (journalDir != null) {
            b.store(JournalMessageStore.open(JournalOptions.builder(journalDir).datasync(false).build()));
        }
        engine = b.build();
        engine.start();
        runtime = TransportRuntime.create(limits == null ? TransportLimits.defaults() : limits);
        TransportServices.Builder services = TransportServices.builder().add(Engine.class, engine);
        if (options != null) {
            services.add(StompOptions.class, options);
        }
        TransportServices built = services.build();
        stomp = new Acceptor(ListenerOptions.fixed("stomp", "127.0.0.1", 0, "stomp"), runtime,
                ProtocolRegistry.load(), built);
        auto = new Acceptor(ListenerOptions.auto("main", "127.0.0.1", 0, List.of()), runtime,
                ProtocolRegistry.load(), built);
        stomp.start();
        auto.start();
    }

    static EmbeddedBroker start() throws Exception {
        return new EmbeddedBroker(null, null, null, null);
    }

    /** A broker with a journal, options, engine options and limits; any argument may be null for the default. */
    static EmbeddedBroker start(Path journalDir, StompOptions options, EngineOptions engineOptions,
            TransportLimits limits) throws Exception {
        return new EmbeddedBroker(journalDir, options, engineOptions, limits);
    }

    int port() {
        return stomp.boundAddress().getPort();
    }

    int autoPort() {
        return auto.boundAddress().getPort();
    }

    @Override
    public void close() {
        auto.stop();
        stomp.stop();
        runtime.close();
        engine.stop();
    }
}
