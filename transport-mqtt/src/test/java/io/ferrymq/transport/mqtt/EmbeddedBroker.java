package io.ferrymq.transport.mqtt;

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

/** An engine plus an MQTT listener (and an auto-detecting one) on ephemeral ports, for socket tests. */
final class EmbeddedBroker implements AutoCloseable {

    final FerryEngine engine;
    final TransportRuntime runtime;
    final Acceptor mqtt;
    final Acceptor auto;

    private EmbeddedBroker(Path journalDir, MqttOptions options, EngineOptions engineOptions, TransportLimits limits)
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
            services.add(MqttOptions.class, options);
        }
        TransportServices built = services.build();
        mqtt = new Acceptor(ListenerOptions.fixed("mqtt", "127.0.0.1", 0, "mqtt"), runtime, ProtocolRegistry.load(),
                built);
        auto = new Acceptor(ListenerOptions.auto("main", "127.0.0.1", 0, List.of()), runtime,
                ProtocolRegistry.load(), built);
        mqtt.start();
        auto.start();
    }

    static EmbeddedBroker start() throws Exception {
        return new EmbeddedBroker(null, null, null, null);
    }

    static EmbeddedBroker start(Path journalDir, MqttOptions options) throws Exception {
        return new EmbeddedBroker(journalDir, options, null, null);
    }

    /** A broker with engine options (security) and transport limits; any argument may be null for the default. */
    static EmbeddedBroker start(Path journalDir, MqttOptions options, EngineOptions engineOptions,
            TransportLimits limits) throws Exception {
        return new EmbeddedBroker(journalDir, options, engineOptions, limits);
    }

    String url() {
        return "tcp://127.0.0.1:" + mqtt.boundAddress().getPort();
    }

    int port() {
        return mqtt.boundAddress().getPort();
    }

    int autoPort() {
        return auto.boundAddress().getPort();
    }

    @Override
    public void close() {
        auto.stop();
        mqtt.stop();
        runtime.close();
        engine.stop();
    }
}
