package io.ferrymq.transport.amqp;

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
 * An engine plus an AMQP listener and an auto-detecting one on ephemeral ports, for socket tests. The user
 * {@code alice}/{@code secret} exists besides the loopback guest; dead letters go to {@code DLQ}.
 */
final class EmbeddedBroker implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "secret";
    static final String DLQ = "DLQ";

    final FerryEngine engine;
    final TransportRuntime runtime;
    final Acceptor amqp;
    final Acceptor auto;
    /** A TLS listener, when started with {@link #startTls}; else null. */
    final Acceptor tls;

    private EmbeddedBroker(TransportLimits limits, boolean guest) throws Exception {
        this(limits, security(guest, List.of(), SecurityOptions.DEFAULT_PERMISSIONS), Map.of());
    }

    private EmbeddedBroker(TransportLimits limits, SecurityOptions security, Map<String, AddressSettings> settings)
            throws Exception {
        this(limits, security, settings, null);
    }

    private EmbeddedBroker(TransportLimits limits, SecurityOptions security, Map<String, AddressSettings> settings,
            io.ferrymq.transport.TlsOptions tlsOptions) throws Exception {
        Map<String, AddressSettings> all = new java.util.HashMap<>(settings);
        all.put("#", AddressSettings.builder().deadLetterAddress(DLQ).build());
        engine = FerryEngine.builder()
                .options(EngineOptions.DEFAULTS.withSecurity(security).withAddressSettings(all))
                .build();
        engine.start();
        runtime = TransportRuntime.create(limits);
        TransportServices services = TransportServices.builder().add(Engine.class, engine).build();
        amqp = new Acceptor(ListenerOptions.fixed("amqp", "127.0.0.1", 0, "amqp"), runtime,
                ProtocolRegistry.load(), services);
        auto = new Acceptor(ListenerOptions.auto("main", "127.0.0.1", 0, List.of()), runtime,
                ProtocolRegistry.load(), services);
        amqp.start();
        auto.start();
        if (tlsOptions != null) {
            tls = new Acceptor(ListenerOptions.fixed("amqps", "127.0.0.1", 0, "amqp").withTls(tlsOptions), runtime,
                    ProtocolRegistry.load(), services);
            tls.start();
        } else {
            tls = null;
        }
    }

    /** A broker with an extra AMQP listener over TLS. */
    static EmbeddedBroker startTls(SecurityOptions security, io.ferrymq.transport.TlsOptions tlsOptions)
            throws Exception {
        return new EmbeddedBroker(TransportLimits.defaults(), security, Map.of(), tlsOptions);
    }

    int tlsPort() {
        return tls.boundAddress().getPort();
    }

    static EmbeddedBroker start() throws Exception {
        return new EmbeddedBroker(TransportLimits.defaults(), true);
    }

    /** Security with {@code alice} (admin) plus {@code extraUsers} and the given permissions. */
    static SecurityOptions security(boolean guest, List<User> extraUsers,
            Map<String, Map<io.ferrymq.addressing.security.Permission, Set<String>>> permissions) throws Exception {
        GuestOptions guestOptions = guest ? GuestOptions.DEFAULTS
                : new GuestOptions(false, "guest", true, Set.of("guest"));
        List<User> users = new java.util.ArrayList<>(extraUsers);
        users.add(new User(USER, PasswordHashes.hash(PASSWORD.toCharArray(), 1000), Set.of("admin")));
        return new SecurityOptions(true, true, guestOptions, users, permissions);
    }

    /** A broker with its own security and address settings (beside the "#" dead-letter entry). */
    static EmbeddedBroker start(SecurityOptions security, Map<String, AddressSettings> settings) throws Exception {
        return new EmbeddedBroker(TransportLimits.defaults(), security, settings);
    }

    static EmbeddedBroker start(TransportLimits limits, boolean guest) throws Exception {
        return new EmbeddedBroker(limits, guest);
    }

    int port() {
        return amqp.boundAddress().getPort();
    }

    /** A Qpid JMS URL for the AMQP listener, with extra URI options (may be empty). */
    String url(String options) {
        return "amqp://127.0.0.1:" + port() + (options.isEmpty() ? "" : "?" + options);
    }

    String autoUrl() {
        return "amqp://127.0.0.1:" + auto.boundAddress().getPort();
    }

    @Override
    public void close() {
        if (tls != null) {
            tls.stop();
        }
        auto.stop();
        amqp.stop();
        runtime.close();
        engine.stop();
    }
}
