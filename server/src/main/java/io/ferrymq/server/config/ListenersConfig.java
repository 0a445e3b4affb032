package io.ferrymq.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The protocol listeners, each on its standard port by default. OpenWire's port also detects the other protocols.
 *
 * @param openwire ActiveMQ OpenWire (and protocol detection)
 * @param mqtt MQTT 3.1, 3.1.1 and 5
 * @param amqp AMQP 1.0
 * @param stomp STOMP 1.0, 1.1 and 1.2
 * @param openwireTls OpenWire over TLS ({@code ssl://}), which also detects the other protocols behind TLS
 * @param mqttTls MQTT over TLS (mqtts)
 * @param amqpTls AMQP over TLS (amqps)
 * @param stompTls STOMP over TLS (stomp+ssl)
 * @param ws WebSocket, every protocol by subprotocol (when {@code webSocket.enabled})
 * @param wss WebSocket over TLS (when {@code webSocket.enabled} and {@code tls} has key material)
 */
public record ListenersConfig(
        ListenerConfig openwire, ListenerConfig mqtt, ListenerConfig amqp, ListenerConfig stomp,
        TlsListenerConfig openwireTls, TlsListenerConfig mqttTls, TlsListenerConfig amqpTls,
        TlsListenerConfig stompTls, ListenerConfig ws, TlsListenerConfig wss) {

    public static final int DEFAULT_OPENWIRE_PORT = 61616;
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_AMQP_PORT = 5672;
    public static final int DEFAULT_STOMP_PORT = 61613;
    public static final int DEFAULT_OPENWIRE_TLS_PORT = 61617;
    public static final int DEFAULT_MQTT_TLS_PORT = 8883;
    public static final int DEFAULT_AMQP_TLS_PORT = 5671;
    public static final int DEFAULT_STOMP_TLS_PORT = 61612;
    public static final int DEFAULT_WS_PORT = 61614;
    public static final int DEFAULT_WSS_PORT = 61619;

    public static final ListenersConfig DEFAULTS = new ListenersConfig(
            new ListenerConfig(DEFAULT_OPENWIRE_PORT, null),
            new ListenerConfig(DEFAULT_MQTT_PORT, null),
            new ListenerConfig(DEFAULT_AMQP_PORT, null),
            new ListenerConfig(DEFAULT_STOMP_PORT, null),
            TlsListenerConfig.onPort(DEFAULT_OPENWIRE_TLS_PORT),
            TlsListenerConfig.onPort(DEFAULT_MQTT_TLS_PORT),
            TlsListenerConfig.onPort(DEFAULT_AMQP_TLS_PORT),
            TlsListenerConfig.onPort(DEFAULT_STOMP_TLS_PORT),
            new ListenerConfig(DEFAULT_WS_PORT, null),
            TlsListenerConfig.onPort(DEFAULT_WSS_PORT));

    public ListenersConfig {
        Objects.requireNonNull(openwire, "openwire");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(amqp, "amqp");
        Objects.requireNonNull(stomp, "stomp");
        Objects.requireNonNull(openwireTls, "openwireTls");
        Objects.requireNonNull(mqttTls, "mqttTls");
        Objects.requireNonNull(amqpTls, "amqpTls");
        Objects.requireNonNull(stompTls, "stompTls");
        Objects.requireNonNull(ws, "ws");
        Objects.requireNonNull(wss, "wss");
    }

    /** The listeners by protocol name ({@code openwire}, {@code mqtt}, {@code amqp}, {@code stomp}), in that order. */
    public Map<String, ListenerConfig> byProtocol() {
        Map<String, ListenerConfig> m = new LinkedHashMap<>();
        m.put("openwire", openwire);
        m.put("mqtt", mqtt);
        m.put("amqp", amqp);
        m.put("stomp", stomp);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The TLS listeners by name ({@code openwireTls}, {@code mqttTls}, {@code amqpTls}, {@code stompTls}), in that
     * order; {@link #protocolOf} gives each one's protocol.
     */
    public Map<String, TlsListenerConfig> tlsByName() {
        Map<String, TlsListenerConfig> m = new LinkedHashMap<>();
        m.put("openwireTls", openwireTls);
        m.put("mqttTls", mqttTls);
        m.put("amqpTls", amqpTls);
        m.put("stompTls", stompTls);
        return Collections.unmodifiableMap(m);
    }

    /** The protocol of a listener name: {@code mqttTls} -> {@code mqtt}, {@code mqtt} -> {@code mqtt}. */
    public static String protocolOf(String listenerName) {
        return listenerName.endsWith(TLS_SUFFIX)
                ? listenerName.substring(0, listenerName.length() - TLS_SUFFIX.length())
                : listenerName;
    }

    private static final String TLS_SUFFIX = "Tls";
}
