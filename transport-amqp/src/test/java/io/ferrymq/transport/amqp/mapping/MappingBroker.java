package io.ferrymq.transport.amqp.mapping;

import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.engine.EngineOptions;
import io.ferrymq.addressing.engine.FerryEngine;
import io.ferrymq.addressing.security.GuestOptions;
import io.ferrymq.addressing.security.PasswordHashes;
import io.ferrymq.addressing.security.SecurityOptions;
import io.ferrymq.addressing.security.User;
import io.ferrymq.addressing.settings.AddressSettings;
import io.ferrymq.transport.Acceptor;
import io.ferrymq.transport.ListenerOptions;
import io.ferrymq.transport.ProtocolRegistry;
import io.ferrymq.transport.TransportLimits;
import io.ferrymq.transport.TransportRuntime;
import io.ferrymq.transport.TransportServices;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An engine and an AMQP listener on an ephemeral port for the mapping's end-to-end tests: user {@code alice} /
 * {@code secret}; dead letters go to {@code DLQ}.
 */
final class MappingBroker implements AutoCloseable {

    static final String DLQ = "DLQ";

    private final FerryEngine engine;
    private final TransportRuntime runtime;
    private final Acceptor amqp;

    MappingBroker() throws Exception {
        SecurityOptions security = new SecurityOptions(true, true, GuestOptions.DEFAULTS,
                List.of(new User("alice", PasswordHashes.hash("secret".toCharArray(), 1000), Set.of("admin"))),
                SecurityOptions.DEFAULT_PERMISSIONS);
        AddressSettings settings = AddressSettings.builder().deadLetterAddress(DLQ).build();
        engine = FerryEngine.builder()
                .options(EngineOptions.DEFAULTS.withSecurity(security).withAddressSettings(Map.of("#", settings)))
                .build();
        engine.start();
        runtime = TransportRuntime.create(TransportLimits.defaults());
        amqp = new Acceptor(ListenerOptions.fixed("amqp", "127.0.0.1", 0, "amqp"), runtime, ProtocolRegistry.load(),
                TransportServices.builder().add(Engine.class, engine).build());
        amqp.start();
    }

    /** A Qpid JMS URL for the listener. */
    String url() {
        return "amqp://127.0.0.1:" + amqp.boundAddress().getPort()
                + "?jms.requestTimeout=10000&jms.connectTimeout=10000";
    }

    @Override
    public void close() {
        amqp.stop();
        runtime.close();
        engine.stop();
    }
}
