package io.ferrymq.server;

import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.engine.FerryEngine;
import io.ferrymq.addressing.store.JournalMessageStore;
import io.ferrymq.server.config.FerryConfig;
import io.ferrymq.server.config.ListenerConfig;
import io.ferrymq.server.config.ListenersConfig;
import io.ferrymq.server.config.TlsListenerConfig;
import io.ferrymq.transport.Acceptor;
import io.ferrymq.transport.ListenerOptions;
import io.ferrymq.transport.ProtocolRegistry;
import io.ferrymq.transport.TlsOptions;
import io.ferrymq.transport.TransportRuntime;
import io.ferrymq.transport.TransportServices;
import io.ferrymq.transport.mqtt.MqttOptions;
import io.ferrymq.transport.openwire.OpenWireOptions;
import io.ferrymq.transport.stomp.StompOptions;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker assembled: journal, engine, transport runtime, listeners. Started in that order and stopped in
 * reverse. Not thread safe: one thread starts it, any one thread (the shutdown hook) stops it.
 *
 * <p>The {@code openwire} listener (61616) detects every installed protocol from the first bytes; the others
 * serve their one protocol when its module is installed and are skipped (with a log line) otherwise. The TLS
 * listeners ({@code openwireTls} 61617, which detects too, {@code mqttTls} 8883, {@code amqpTls} 5671,
 * {@code stompTls} 61612) start only when the {@code tls} section names key material; a key or certificate file
 * that cannot be used fails the start with a message naming it.
 */
public final class FerryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FerryServer.class);
    /** The listener that detects the protocol. */
    static final String DETECTING_LISTENER = "openwire";

    private final FerryConfig config;
    private final FerryEngine engine;
    private final TransportRuntime runtime;
    private final Map<String, Acceptor> acceptors = new LinkedHashMap<>();
    /** The installed protocol modules, found once. */
    private final ProtocolRegistry protocols = ProtocolRegistry.load();
    private boolean stopped;

    private FerryServer(FerryConfig config, FerryEngine engine, TransportRuntime runtime) {
        this.config = config;
        this.engine = engine;
        this.runtime = runtime;
    }

    /** Starts a broker on the configured ports. */
    public static FerryServer start(FerryConfig config) {
        return start(config, false);
    }

    /**
     * Starts a broker.
     *
     * @param ephemeralPorts bind every enabled listener to a free port (tests); read them with {@link #address}
     */
    public static FerryServer start(FerryConfig config, boolean ephemeralPorts) {
        long started = System.nanoTime();
        JournalMessageStore store = JournalMessageStore.open(ServerSetup.journalOptions(config));
        FerryEngine engine;
        try {
            engine = FerryEngine.builder().options(ServerSetup.engineOptions(config)).store(store).build();
            engine.start();
        } catch (Throwable e) {
            // the journal's threads would keep the JVM alive
            store.close();
            throw e;
        }
        TransportRuntime runtime;
        try {
            runtime = TransportRuntime.create(ServerSetup.transportLimits(config));
        } catch (Throwable e) {
            engine.stop();
            throw e;
        }
        FerryServer server = new FerryServer(config, engine, runtime);
        try {
            server.startListeners(ephemeralPorts);
        } catch (Throwable e) {
            server.stop();
            throw e;
        }
        LOG.info("FS1001 FerryMQ ready in {} ms: {}", (System.nanoTime() - started) / 1_000_000, server.describe());
        return server;
    }

    private void startListeners(boolean ephemeralPorts) {
        TransportServices services = TransportServices.builder()
                .add(Engine.class, engine)
                .add(MqttOptions.class, ServerSetup.mqttOptions(config))
                .add(OpenWireOptions.class, ServerSetup.openWireOptions(config))
                .add(StompOptions.class, ServerSetup.stompOptions(config))
                .build();
        for (Map.Entry<String, ListenerConfig> e : config.listeners().byProtocol().entrySet()) {
            startListener(e.getKey(), e.getValue(), null, ephemeralPorts, services);
        }
        if (config.tls().configured()) {
            for (Map.Entry<String, TlsListenerConfig> e : config.listeners().tlsByName().entrySet()) {
                TlsListenerConfig listener = e.getValue();
                if (listener.port() != ListenerConfig.DISABLED) {
                    startListener(e.getKey(), listener.asListener(), config.tls().options(listener.clientAuth()),
                            ephemeralPorts, services);
                }
            }
        }
        if (config.webSocket().enabled()) {
            startWebSocket("ws", config.listeners().ws(), null, ephemeralPorts, services);
            TlsListenerConfig wss = config.listeners().wss();
            if (config.tls().configured()) {
                startWebSocket("wss", wss.asListener(), config.tls().options(wss.clientAuth()), ephemeralPorts,
                        services);
            }
        }
        if (protocols.all().isEmpty()) {
            LOG.warn("FS2001 no protocol modules are installed: connections will be refused after detection");
        }
    }

    /**
     * Starts one listener: OpenWire's (plain or TLS) detects the protocol, the others serve theirs when its module
     * is installed.
     *
     * @param tls the listener's TLS, or null for plain TCP
     */
    private void startListener(String name, ListenerConfig listener, TlsOptions tls, boolean ephemeralPorts,
            TransportServices services) {
        if (!listener.enabled()) {
            return;
        }
        String protocol = ListenersConfig.protocolOf(name);
        String host = listener.hostOr(config.host());
        int port = ephemeralPorts ? 0 : listener.port();
        ListenerOptions options;
        if (DETECTING_LISTENER.equals(protocol)) {
            options = ListenerOptions.auto(name, host, port, List.of());
        } else if (protocols.find(protocol).isPresent()) {
            options = ListenerOptions.fixed(name, host, port, protocol);
        } else {
            LOG.info("FS1004 listener {} ({}:{}) not started: the {} protocol module is not installed",
                    name, host, listener.port(), protocol);
            return;
        }
        Acceptor acceptor = new Acceptor(options.withTls(tls), runtime, protocols, services);
        acceptor.start();
        acceptors.put(name, acceptor);
    }

    /** Starts a WebSocket listener: every installed protocol, chosen by subprotocol. */
    private void startWebSocket(String name, ListenerConfig listener, TlsOptions tls, boolean ephemeralPorts,
            TransportServices services) {
        if (!listener.enabled()) {
            return;
        }
        ListenerOptions options = ListenerOptions.webSocket(name, listener.hostOr(config.host()),
                ephemeralPorts ? 0 : listener.port(), List.of(), config.webSocket().options()).withTls(tls);
        Acceptor acceptor = new Acceptor(options, runtime, protocols, services);
        acceptor.start();
        acceptors.put(name, acceptor);
    }

    private String describe() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Acceptor> e : acceptors.entrySet()) {
            InetSocketAddress a = e.getValue().boundAddress();
            String what = e.getValue().options().isWebSocket() ? "WebSocket " + config.webSocket().path()
                    : DETECTING_LISTENER.equals(ListenersConfig.protocolOf(e.getKey()))
                    ? "auto-detect " + (protocols.names().isEmpty() ? "(no protocols installed)" : protocols.names())
                    : ListenersConfig.protocolOf(e.getKey());
            if (e.getValue().options().isTls()) {
                what += " over TLS";
            }
            parts.add(e.getKey() + " " + e.getValue().options().host() + ":" + a.getPort() + " [" + what + "]");
        }
        return (parts.isEmpty() ? "no listeners" : String.join(", ", parts)) + "; data " + config.dataDir();
    }

    /** The engine, for embedding and tests. */
    public FerryEngine engine() {
        return engine;
    }

    /**
     * The bound address of a listener ({@code openwire}, {@code mqtt}, {@code amqp}, {@code stomp}, and with TLS
     * {@code openwireTls}, {@code mqttTls}, {@code amqpTls}, {@code stompTls}).
     */
    public Optional<InetSocketAddress> address(String listener) {
        Acceptor a = acceptors.get(listener);
        return a == null ? Optional.empty() : Optional.of(a.boundAddress());
    }

    /** Stops listeners, connections, the engine and the journal (flushed), in that order. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("FS1002 stopping");
        List<Acceptor> reverse = new ArrayList<>(acceptors.values());
        java.util.Collections.reverse(reverse);
        for (Acceptor a : reverse) {
            try {
                a.stop();
            } catch (RuntimeException e) {
                LOG.warn("FS2002 listener {} did not stop cleanly", a.options().name(), e);
            }
        }
        engine.stop();
        runtime.close();
        LOG.info("FS1003 stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
