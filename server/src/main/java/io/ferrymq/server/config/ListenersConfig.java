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
 */
public record ListenersConfig(
        ListenerConfig openwire, ListenerConfig mqtt, ListenerConfig amqp, ListenerConfig stomp) {

    public static final int DEFAULT_OPENWIRE_PORT = 61616;
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_AMQP_PORT = 5672;
    public static final int DEFAULT_STOMP_PORT = 61613;

    public static final ListenersConfig DEFAULTS = new ListenersConfig(
            new ListenerConfig(DEFAULT_OPENWIRE_PORT, null),
            new ListenerConfig(DEFAULT_MQTT_PORT, null),
            new ListenerConfig(DEFAULT_AMQP_PORT, null),
            new ListenerConfig(DEFAULT_STOMP_PORT, null));

    public ListenersConfig {
        Objects.requireNonNull(openwire, "openwire");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(amqp, "amqp");
        Objects.requireNonNull(stomp, "stomp");
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
}
