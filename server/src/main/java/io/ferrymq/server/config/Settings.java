package io.ferrymq.server.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values set so far, layer over layer (file, then environment, then command line): a later layer replaces a
 * key's value, a map-valued key ({@code addressSettings}, {@code security.permissions}) as a whole. Remembers the
 * site of every value for errors found once everything is known. Not thread safe; used by one load.
 */
final class Settings {

    private record Value(Object value, Site site) {}

    private final Map<ConfigKey<?>, Value> values = new HashMap<>();

    /** Sets {@code key}, read at {@code site}. */
    <T> void put(ConfigKey<T> key, T value, Site site) {
        values.put(key, new Value(value, site));
    }

    /** The value of {@code key}: the last one set, else its default (null for an absent optional key). */
    @SuppressWarnings("unchecked")
    <T> T get(ConfigKey<T> key) {
        Value v = values.get(key);
        return v == null ? key.defaultValue() : (T) v.value();
    }

    /** Where {@code key} was last set, if it was. */
    Optional<Site> siteOf(ConfigKey<?> key) {
        Value v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.site());
    }

    /** The configuration these settings describe. */
    FerryConfig build() {
        ListenersConfig listeners = new ListenersConfig(
                new ListenerConfig(get(ConfigKeys.OPENWIRE_PORT), get(ConfigKeys.OPENWIRE_HOST)),
                new ListenerConfig(get(ConfigKeys.MQTT_PORT), get(ConfigKeys.MQTT_HOST)),
                new ListenerConfig(get(ConfigKeys.AMQP_PORT), get(ConfigKeys.AMQP_HOST)),
                new ListenerConfig(get(ConfigKeys.STOMP_PORT), get(ConfigKeys.STOMP_HOST)),
                new TlsListenerConfig(get(ConfigKeys.OPENWIRE_TLS_PORT), get(ConfigKeys.OPENWIRE_TLS_HOST),
                        get(ConfigKeys.OPENWIRE_TLS_CLIENT_AUTH)),
                new TlsListenerConfig(get(ConfigKeys.MQTT_TLS_PORT), get(ConfigKeys.MQTT_TLS_HOST),
                        get(ConfigKeys.MQTT_TLS_CLIENT_AUTH)),
                new TlsListenerConfig(get(ConfigKeys.AMQP_TLS_PORT), get(ConfigKeys.AMQP_TLS_HOST),
                        get(ConfigKeys.AMQP_TLS_CLIENT_AUTH)),
                new TlsListenerConfig(get(ConfigKeys.STOMP_TLS_PORT), get(ConfigKeys.STOMP_TLS_HOST),
                        get(ConfigKeys.STOMP_TLS_CLIENT_AUTH)),
                new ListenerConfig(get(ConfigKeys.WS_PORT), get(ConfigKeys.WS_HOST)),
                new TlsListenerConfig(get(ConfigKeys.WSS_PORT), get(ConfigKeys.WSS_HOST),
                        get(ConfigKeys.WSS_CLIENT_AUTH)));
        WebSocketConfig webSocket = new WebSocketConfig(get(ConfigKeys.WEBSOCKET_ENABLED),
                get(ConfigKeys.WEBSOCKET_PATH), get(ConfigKeys.WEBSOCKET_MAX_FRAME_SIZE),
                get(ConfigKeys.WEBSOCKET_COMPRESSION));
        TlsConfig tls = new TlsConfig(
                Optional.ofNullable(get(ConfigKeys.TLS_CERTIFICATE_CHAIN)),
                Optional.ofNullable(get(ConfigKeys.TLS_PRIVATE_KEY)),
                Optional.ofNullable(get(ConfigKeys.TLS_KEY_STORE)),
                Optional.ofNullable(get(ConfigKeys.TLS_KEY_PASSWORD)),
                Optional.ofNullable(get(ConfigKeys.TLS_TRUST_STORE)),
                Optional.ofNullable(get(ConfigKeys.TLS_TRUST_STORE_PASSWORD)),
                get(ConfigKeys.TLS_PROTOCOLS), get(ConfigKeys.TLS_SUBJECT_FIELD), get(ConfigKeys.TLS_RELOAD_INTERVAL));
        LimitsConfig limits = new LimitsConfig(
                get(ConfigKeys.MAX_CONNECTIONS), get(ConfigKeys.MAX_FRAME_SIZE),
                get(ConfigKeys.CONNECT_TIMEOUT), get(ConfigKeys.IDLE_TIMEOUT));
        JournalConfig journal = new JournalConfig(
                get(ConfigKeys.JOURNAL_FILE_SIZE), get(ConfigKeys.JOURNAL_MIN_FILES), get(ConfigKeys.JOURNAL_POOL_FILES),
                get(ConfigKeys.JOURNAL_COMPACT_MIN_FILES), get(ConfigKeys.JOURNAL_COMPACT_PERCENTAGE),
                get(ConfigKeys.JOURNAL_BUFFER_TIMEOUT), get(ConfigKeys.JOURNAL_DATASYNC));
        GuestConfig guest = new GuestConfig(
                get(ConfigKeys.GUEST_ENABLED), get(ConfigKeys.GUEST_PASSWORD),
                get(ConfigKeys.GUEST_LOOPBACK_ONLY), get(ConfigKeys.GUEST_ROLES));
        SecurityConfig security = new SecurityConfig(
                get(ConfigKeys.SECURITY_ENABLED), Optional.ofNullable(get(ConfigKeys.SECURITY_USERS_FILE)),
                get(ConfigKeys.SECURITY_ALLOW_ANONYMOUS), guest,
                Optional.ofNullable(get(ConfigKeys.SECURITY_PERMISSIONS)));
        MqttConfig mqtt = new MqttConfig(
                get(ConfigKeys.MQTT_MAX_TOPIC_ALIAS), get(ConfigKeys.MQTT_DEFAULT_SESSION_EXPIRY),
                get(ConfigKeys.MQTT_MAX_SESSION_EXPIRY), get(ConfigKeys.MQTT_SERVER_RECEIVE_MAXIMUM),
                get(ConfigKeys.MQTT_OUTBOUND_WINDOW), get(ConfigKeys.MQTT_MAX_TOPIC_LENGTH),
                get(ConfigKeys.MQTT_MAX_TOPIC_LEVELS), get(ConfigKeys.MQTT_MAX_PACKET_SIZE),
                get(ConfigKeys.MQTT_SERVER_KEEP_ALIVE), get(ConfigKeys.MQTT_MAX_QUEUED_MESSAGES),
                get(ConfigKeys.MQTT_MAX_OUTBOUND_TOPIC_ALIAS));
        OpenWireConfig openwire = new OpenWireConfig(get(ConfigKeys.OPENWIRE_VIRTUAL_TOPICS),
                get(ConfigKeys.OPENWIRE_VIRTUAL_TOPIC_PREFIX), get(ConfigKeys.OPENWIRE_VIRTUAL_TOPIC_CONSUMER_PATTERN));
        StompConfig stomp = new StompConfig(get(ConfigKeys.STOMP_QUEUE_PREFIX), get(ConfigKeys.STOMP_TOPIC_PREFIX),
                get(ConfigKeys.STOMP_TEMP_QUEUE_PREFIX), get(ConfigKeys.STOMP_TEMP_TOPIC_PREFIX),
                get(ConfigKeys.STOMP_AMQ_QUEUE_PREFIX), get(ConfigKeys.STOMP_EXCHANGE_PREFIX),
                get(ConfigKeys.STOMP_DEFAULT_PREFETCH), get(ConfigKeys.STOMP_MAX_HEADERS),
                get(ConfigKeys.STOMP_MAX_HEADER_LENGTH));
        return new FerryConfig(get(ConfigKeys.HOST), get(ConfigKeys.DATA_DIR), listeners, tls, webSocket, limits, journal, security,
                mqtt, openwire, stomp, get(ConfigKeys.ADDRESS_SETTINGS));
    }
}
