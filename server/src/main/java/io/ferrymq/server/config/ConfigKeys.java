package io.ferrymq.server.config;

import io.ferrymq.transport.TlsClientAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every configuration key, in the order of the reference. The single source of the key paths, environment
 * variable names, defaults (the {@code DEFAULT_*} constants of the config records) and descriptions.
 */
final class ConfigKeys {

    static final ConfigKey<String> HOST = new ConfigKey<>("host", ValueTypes.STRING, FerryConfig.DEFAULT_HOST,
            "interface every listener binds unless it names its own");
    static final ConfigKey<Path> DATA_DIR = new ConfigKey<>("dataDir", ValueTypes.PATH,
            FerryConfig.DEFAULT_DATA_DIR, "directory of the journal and other state (relative to the working directory)");

    static final ConfigKey<Integer> OPENWIRE_PORT = port("openwire", ListenersConfig.DEFAULT_OPENWIRE_PORT,
            "OpenWire (ActiveMQ) port, which also detects the other protocols; 0 disables it");
    static final ConfigKey<String> OPENWIRE_HOST = host("openwire");
    static final ConfigKey<Integer> MQTT_PORT = port("mqtt", ListenersConfig.DEFAULT_MQTT_PORT,
            "MQTT 3.1/3.1.1/5 port; 0 disables it");
    static final ConfigKey<String> MQTT_HOST = host("mqtt");
    static final ConfigKey<Integer> AMQP_PORT = port("amqp", ListenersConfig.DEFAULT_AMQP_PORT,
            "AMQP 1.0 port; 0 disables it");
    static final ConfigKey<String> AMQP_HOST = host("amqp");
    static final ConfigKey<Integer> STOMP_PORT = port("stomp", ListenersConfig.DEFAULT_STOMP_PORT,
            "STOMP 1.0/1.1/1.2 port; 0 disables it");
    static final ConfigKey<String> STOMP_HOST = host("stomp");

    static final ConfigKey<Integer> OPENWIRE_TLS_PORT = port("openwireTls", ListenersConfig.DEFAULT_OPENWIRE_TLS_PORT,
            "OpenWire over TLS (ssl://) port, which also detects the other protocols; runs when tls has key "
                    + "material; 0 disables it");
    static final ConfigKey<String> OPENWIRE_TLS_HOST = host("openwireTls");
    static final ConfigKey<TlsClientAuth> OPENWIRE_TLS_CLIENT_AUTH = clientAuth("openwireTls");
    static final ConfigKey<Integer> MQTT_TLS_PORT = port("mqttTls", ListenersConfig.DEFAULT_MQTT_TLS_PORT,
            "MQTT over TLS (mqtts) port; runs when tls has key material; 0 disables it");
    static final ConfigKey<String> MQTT_TLS_HOST = host("mqttTls");
    static final ConfigKey<TlsClientAuth> MQTT_TLS_CLIENT_AUTH = clientAuth("mqttTls");
    static final ConfigKey<Integer> AMQP_TLS_PORT = port("amqpTls", ListenersConfig.DEFAULT_AMQP_TLS_PORT,
            "AMQP over TLS (amqps) port; runs when tls has key material; 0 disables it");
    static final ConfigKey<String> AMQP_TLS_HOST = host("amqpTls");
    static final ConfigKey<TlsClientAuth> AMQP_TLS_CLIENT_AUTH = clientAuth("amqpTls");
    static final ConfigKey<Integer> STOMP_TLS_PORT = port("stompTls", ListenersConfig.DEFAULT_STOMP_TLS_PORT,
            "STOMP over TLS (stomp+ssl) port; runs when tls has key material; 0 disables it");
    static final ConfigKey<String> STOMP_TLS_HOST = host("stompTls");
    static final ConfigKey<TlsClientAuth> STOMP_TLS_CLIENT_AUTH = clientAuth("stompTls");

    static final ConfigKey<Integer> WS_PORT = port("ws", ListenersConfig.DEFAULT_WS_PORT,
            "WebSocket port (ws://), every protocol by subprotocol; runs when webSocket.enabled; 0 disables it");
    static final ConfigKey<String> WS_HOST = host("ws");
    static final ConfigKey<Integer> WSS_PORT = port("wss", ListenersConfig.DEFAULT_WSS_PORT,
            "WebSocket over TLS port (wss://); runs when webSocket.enabled and tls has key material; 0 disables it");
    static final ConfigKey<String> WSS_HOST = host("wss");
    static final ConfigKey<TlsClientAuth> WSS_CLIENT_AUTH = clientAuth("wss");

    static final ConfigKey<Path> TLS_CERTIFICATE_CHAIN = new ConfigKey<>("tls.certificateChain",
            ValueTypes.CONFIG_RELATIVE_PATH, null,
            "PEM file of the server certificate then its intermediates (with tls.privateKey); none by default");
    static final ConfigKey<Path> TLS_PRIVATE_KEY = new ConfigKey<>("tls.privateKey", ValueTypes.CONFIG_RELATIVE_PATH,
            null, "PEM file of the server's PKCS#8 private key");
    static final ConfigKey<Path> TLS_KEY_STORE = new ConfigKey<>("tls.keyStore", ValueTypes.CONFIG_RELATIVE_PATH,
            null, "PKCS#12 file of the server key and certificate chain, instead of the PEM files");
    static final ConfigKey<String> TLS_KEY_PASSWORD = new ConfigKey<>("tls.keyPassword", ValueTypes.STRING, null,
            "password of tls.keyStore or of an encrypted tls.privateKey");
    static final ConfigKey<Path> TLS_TRUST_STORE = new ConfigKey<>("tls.trustStore", ValueTypes.CONFIG_RELATIVE_PATH,
            null, "CA certificates that sign client certificates: PEM, or PKCS#12 when named *.p12 or *.pfx");
    static final ConfigKey<String> TLS_TRUST_STORE_PASSWORD = new ConfigKey<>("tls.trustStorePassword",
            ValueTypes.STRING, null, "password of a PKCS#12 tls.trustStore");
    static final ConfigKey<List<String>> TLS_PROTOCOLS = new ConfigKey<>("tls.protocols", ValueTypes.NAMES,
            TlsConfig.DEFAULT_PROTOCOLS, "TLS versions offered (TLSv1.3, TLSv1.2; nothing older)");
    static final ConfigKey<String> TLS_SUBJECT_FIELD = new ConfigKey<>("tls.subjectField", ValueTypes.STRING,
            TlsConfig.DEFAULT_SUBJECT_FIELD,
            "how a client certificate names its user: DN (the whole subject, RFC 2253) or an attribute such as CN");
    static final ConfigKey<Duration> TLS_RELOAD_INTERVAL = new ConfigKey<>("tls.reloadInterval", ValueTypes.DURATION,
            TlsConfig.DEFAULT_RELOAD_INTERVAL,
            "how often the TLS files are checked for changes (new connections get new files); 0 for never");

    static final ConfigKey<Boolean> WEBSOCKET_ENABLED = new ConfigKey<>("webSocket.enabled", ValueTypes.BOOLEAN,
            WebSocketConfig.DEFAULT_ENABLED, "whether the WebSocket listeners (listeners.ws, listeners.wss) run");
    static final ConfigKey<String> WEBSOCKET_PATH = new ConfigKey<>("webSocket.path", ValueTypes.STRING,
            WebSocketConfig.DEFAULT_PATH, "HTTP path of the WebSocket upgrade and below; / accepts every path");
    static final ConfigKey<Integer> WEBSOCKET_MAX_FRAME_SIZE = new ConfigKey<>("webSocket.maxFrameSize",
            ValueTypes.INT_SIZE, WebSocketConfig.DEFAULT_MAX_FRAME_SIZE,
            "largest WebSocket frame a client may send (at least 1KiB)");
    static final ConfigKey<Boolean> WEBSOCKET_COMPRESSION = new ConfigKey<>("webSocket.compression",
            ValueTypes.BOOLEAN, WebSocketConfig.DEFAULT_COMPRESSION,
            "accept per-message deflate (RFC 7692) when a client offers it");

    static final ConfigKey<Integer> MAX_CONNECTIONS = new ConfigKey<>("limits.maxConnections",
            ValueTypes.UNLIMITED_OR_POSITIVE_INT, LimitsConfig.DEFAULT_MAX_CONNECTIONS,
            "connections accepted at once; -1 for no limit");
    static final ConfigKey<Integer> MAX_FRAME_SIZE = new ConfigKey<>("limits.maxFrameSize", ValueTypes.INT_SIZE,
            LimitsConfig.DEFAULT_MAX_FRAME_SIZE, "largest frame a client may send");
    static final ConfigKey<Duration> CONNECT_TIMEOUT = new ConfigKey<>("limits.connectTimeout",
            ValueTypes.POSITIVE_DURATION, LimitsConfig.DEFAULT_CONNECT_TIMEOUT,
            "time a new connection has to complete its protocol handshake");
    static final ConfigKey<Duration> IDLE_TIMEOUT = new ConfigKey<>("limits.idleTimeout", ValueTypes.DURATION,
            LimitsConfig.DEFAULT_IDLE_TIMEOUT,
            "silence allowed on a connection whose protocol negotiates no heartbeat; 0 for never");

    static final ConfigKey<Integer> JOURNAL_FILE_SIZE = new ConfigKey<>("journal.fileSize",
            ValueTypes.JOURNAL_FILE_SIZE, JournalConfig.DEFAULT_FILE_SIZE,
            "size of each journal file, which also bounds the largest durable message");
    static final ConfigKey<Integer> JOURNAL_MIN_FILES = new ConfigKey<>("journal.minFiles", ValueTypes.MIN_FILES,
            JournalConfig.DEFAULT_MIN_FILES, "journal files created up front (at least 2)");
    static final ConfigKey<Integer> JOURNAL_POOL_FILES = new ConfigKey<>("journal.poolFiles",
            ValueTypes.NON_NEGATIVE_INT, JournalConfig.DEFAULT_POOL_FILES, "empty journal files kept for reuse");
    static final ConfigKey<Integer> JOURNAL_COMPACT_MIN_FILES = new ConfigKey<>("journal.compactMinFiles",
            ValueTypes.NON_NEGATIVE_INT, JournalConfig.DEFAULT_COMPACT_MIN_FILES,
            "compaction is considered only with at least this many files");
    static final ConfigKey<Integer> JOURNAL_COMPACT_PERCENTAGE = new ConfigKey<>("journal.compactPercentage",
            ValueTypes.PERCENTAGE, JournalConfig.DEFAULT_COMPACT_PERCENTAGE,
            "compact when live data is below this percentage of the journal (0-100)");
    static final ConfigKey<Duration> JOURNAL_BUFFER_TIMEOUT = new ConfigKey<>("journal.bufferTimeout",
            ValueTypes.DURATION, JournalConfig.DEFAULT_BUFFER_TIMEOUT,
            "how long writes are gathered before one sync (group commit)");
    static final ConfigKey<Boolean> JOURNAL_DATASYNC = new ConfigKey<>("journal.datasync", ValueTypes.BOOLEAN,
            JournalConfig.DEFAULT_DATASYNC, "sync durable writes to the disk (turn off only for tests)");

    static final ConfigKey<Boolean> SECURITY_ENABLED = new ConfigKey<>("security.enabled", ValueTypes.BOOLEAN,
            SecurityConfig.DEFAULT_ENABLED, "authenticate and authorize; false allows everything (development only)");
    static final ConfigKey<Path> SECURITY_USERS_FILE = new ConfigKey<>("security.usersFile",
            ValueTypes.CONFIG_RELATIVE_PATH, null,
            "YAML users file with hashed passwords (relative to this file's directory); none by default");
    static final ConfigKey<Boolean> SECURITY_ALLOW_ANONYMOUS = new ConfigKey<>("security.allowAnonymous",
            ValueTypes.BOOLEAN, SecurityConfig.DEFAULT_ALLOW_ANONYMOUS,
            "connections without credentials log in as the guest user (so only from loopback by default)");
    static final ConfigKey<Boolean> GUEST_ENABLED = new ConfigKey<>("security.guest.enabled", ValueTypes.BOOLEAN,
            GuestConfig.DEFAULT_ENABLED, "whether the built-in guest user exists");
    static final ConfigKey<String> GUEST_PASSWORD = new ConfigKey<>("security.guest.password", ValueTypes.STRING,
            GuestConfig.DEFAULT_PASSWORD, "the guest user's password (plain text: a well-known default)");
    static final ConfigKey<Boolean> GUEST_LOOPBACK_ONLY = new ConfigKey<>("security.guest.loopbackOnly",
            ValueTypes.BOOLEAN, GuestConfig.DEFAULT_LOOPBACK_ONLY, "accept guest logins only from the loopback interface");
    static final ConfigKey<List<String>> GUEST_ROLES = new ConfigKey<>("security.guest.roles", ValueTypes.NAMES,
            GuestConfig.DEFAULT_ROLES, "the guest user's roles");
    static final ConfigKey<Map<String, Map<io.ferrymq.addressing.security.Permission, List<String>>>> SECURITY_PERMISSIONS =
            new ConfigKey<>("security.permissions", new PermissionsType(), null,
                    "address pattern -> permission -> roles; replaces the built-in map (all for admin and guest "
                            + "on #, manage for admin only)");

    static final ConfigKey<Integer> MQTT_MAX_TOPIC_ALIAS = new ConfigKey<>("mqtt.maxTopicAlias",
            ValueTypes.TOPIC_ALIAS_MAXIMUM, MqttConfig.DEFAULT_MAX_TOPIC_ALIAS,
            "topic aliases an MQTT 5 client may use in its publishes (announced in CONNACK); 0 refuses them");
    static final ConfigKey<Duration> MQTT_DEFAULT_SESSION_EXPIRY = new ConfigKey<>("mqtt.defaultSessionExpiry",
            ValueTypes.SECONDS, MqttConfig.DEFAULT_SESSION_EXPIRY,
            "how long an MQTT 3.1/3.1.1 persistent session (clean session 0) and its queued messages outlive "
                    + "the connection");
    static final ConfigKey<Duration> MQTT_MAX_SESSION_EXPIRY = new ConfigKey<>("mqtt.maxSessionExpiry",
            ValueTypes.SECONDS, MqttConfig.DEFAULT_MAX_SESSION_EXPIRY,
            "cap on the session expiry interval an MQTT 5 client asks for");
    static final ConfigKey<Integer> MQTT_SERVER_RECEIVE_MAXIMUM = new ConfigKey<>("mqtt.serverReceiveMaximum",
            ValueTypes.UNSIGNED_SHORT, MqttConfig.DEFAULT_SERVER_RECEIVE_MAXIMUM,
            "QoS 1/2 publishes a client may have unacknowledged towards the broker (1-65535)");
    static final ConfigKey<Integer> MQTT_OUTBOUND_WINDOW = new ConfigKey<>("mqtt.outboundWindow",
            ValueTypes.UNSIGNED_SHORT, MqttConfig.DEFAULT_OUTBOUND_WINDOW,
            "QoS 1/2 publishes in flight to one client, capped by the client's receive maximum (1-65535)");
    static final ConfigKey<Integer> MQTT_MAX_TOPIC_LENGTH = new ConfigKey<>("mqtt.maxTopicLength",
            ValueTypes.UNSIGNED_SHORT, MqttConfig.DEFAULT_MAX_TOPIC_LENGTH,
            "longest topic name or filter accepted, in characters (1-65535)");
    static final ConfigKey<Integer> MQTT_MAX_TOPIC_LEVELS = new ConfigKey<>("mqtt.maxTopicLevels",
            ValueTypes.POSITIVE_INT, MqttConfig.DEFAULT_MAX_TOPIC_LEVELS,
            "most levels a topic name or filter may have");
    static final ConfigKey<Integer> MQTT_MAX_PACKET_SIZE = new ConfigKey<>("mqtt.maxPacketSize",
            ValueTypes.PACKET_SIZE, MqttConfig.DEFAULT_MAX_PACKET_SIZE,
            "largest MQTT packet accepted (at least 64 bytes; limits.maxFrameSize caps it)");
    static final ConfigKey<Duration> MQTT_SERVER_KEEP_ALIVE = new ConfigKey<>("mqtt.serverKeepAlive",
            ValueTypes.KEEP_ALIVE, MqttConfig.DEFAULT_SERVER_KEEP_ALIVE,
            "keep alive imposed on MQTT 5 clients (whole seconds, at most 65535s); 0 keeps the client's");
    static final ConfigKey<Long> MQTT_MAX_QUEUED_MESSAGES = new ConfigKey<>("mqtt.maxQueuedMessages",
            ValueTypes.POSITIVE_LONG, MqttConfig.DEFAULT_MAX_QUEUED_MESSAGES,
            "messages held per persistent-session subscription while its client is away; newer ones are dropped "
                    + "for that session while it is full");
    static final ConfigKey<Integer> MQTT_MAX_OUTBOUND_TOPIC_ALIAS = new ConfigKey<>("mqtt.maxOutboundTopicAlias",
            ValueTypes.TOPIC_ALIAS_MAXIMUM, MqttConfig.DEFAULT_MAX_OUTBOUND_TOPIC_ALIAS,
            "topic aliases the broker uses towards an MQTT 5 client (never more than it allows); 0 sends none "
                    + "(Paho's Java v5 client 1.2.5 misreads them)");

    static final ConfigKey<Boolean> OPENWIRE_VIRTUAL_TOPICS = new ConfigKey<>("openwire.virtualTopics",
            ValueTypes.BOOLEAN, OpenWireConfig.DEFAULT_VIRTUAL_TOPICS,
            "whether OpenWire virtual topics feed consumer-group queues (as in ActiveMQ Classic)");
    static final ConfigKey<String> OPENWIRE_VIRTUAL_TOPIC_PREFIX = new ConfigKey<>("openwire.virtualTopicPrefix",
            ValueTypes.STRING, OpenWireConfig.DEFAULT_VIRTUAL_TOPIC_PREFIX, "the topic name prefix of a virtual topic");
    static final ConfigKey<String> OPENWIRE_VIRTUAL_TOPIC_CONSUMER_PATTERN = new ConfigKey<>(
            "openwire.virtualTopicConsumerPattern", ValueTypes.VIRTUAL_TOPIC_CONSUMER_PATTERN,
            OpenWireConfig.DEFAULT_VIRTUAL_TOPIC_CONSUMER_PATTERN,
            "consumer queue prefix, * standing for the group: Consumer.A.VirtualTopic.X reads topic VirtualTopic.X");

    static final ConfigKey<String> STOMP_QUEUE_PREFIX = stompPrefix("queuePrefix", StompConfig.DEFAULT_QUEUE_PREFIX,
            "STOMP destinations naming an anycast queue");
    static final ConfigKey<String> STOMP_TOPIC_PREFIX = stompPrefix("topicPrefix", StompConfig.DEFAULT_TOPIC_PREFIX,
            "STOMP destinations naming a multicast address (topic)");
    static final ConfigKey<String> STOMP_TEMP_QUEUE_PREFIX = stompPrefix("tempQueuePrefix",
            StompConfig.DEFAULT_TEMP_QUEUE_PREFIX, "STOMP destinations naming a temporary queue of the connection");
    static final ConfigKey<String> STOMP_TEMP_TOPIC_PREFIX = stompPrefix("tempTopicPrefix",
            StompConfig.DEFAULT_TEMP_TOPIC_PREFIX, "STOMP destinations naming a temporary topic of the connection");
    static final ConfigKey<String> STOMP_AMQ_QUEUE_PREFIX = stompPrefix("amqQueuePrefix",
            StompConfig.DEFAULT_AMQ_QUEUE_PREFIX, "RabbitMQ-style STOMP destinations naming an existing queue");
    static final ConfigKey<String> STOMP_EXCHANGE_PREFIX = stompPrefix("exchangePrefix",
            StompConfig.DEFAULT_EXCHANGE_PREFIX, "RabbitMQ-style STOMP destinations /exchange/name/routing-key");
    static final ConfigKey<Integer> STOMP_DEFAULT_PREFETCH = new ConfigKey<>("stomp.defaultPrefetch",
            ValueTypes.POSITIVE_INT, StompConfig.DEFAULT_PREFETCH,
            "messages a STOMP subscription may have waiting for their ACK when it names no prefetch");
    static final ConfigKey<Integer> STOMP_MAX_HEADERS = new ConfigKey<>("stomp.maxHeaders", ValueTypes.POSITIVE_INT,
            StompConfig.DEFAULT_MAX_HEADERS, "the most headers in one STOMP frame");
    static final ConfigKey<Integer> STOMP_MAX_HEADER_LENGTH = new ConfigKey<>("stomp.maxHeaderLength",
            ValueTypes.POSITIVE_INT, StompConfig.DEFAULT_MAX_HEADER_LENGTH,
            "the longest STOMP command or header line, in bytes");

    static final ConfigKey<Map<String, AddressSettingsConfig>> ADDRESS_SETTINGS = new ConfigKey<>("addressSettings",
            new AddressSettingsType(), FerryConfig.DEFAULT_ADDRESS_SETTINGS,
            "address pattern -> settings; the most specific match wins field by field");

    private static ConfigKey<String> stompPrefix(String name, String defaultValue, String description) {
        return new ConfigKey<>("stomp." + name, ValueTypes.DESTINATION_PREFIX, defaultValue, description);
    }

    /** Every key, in reference order. */
    static final List<ConfigKey<?>> ALL = List.of(
            HOST, DATA_DIR,
            OPENWIRE_PORT, OPENWIRE_HOST, MQTT_PORT, MQTT_HOST, AMQP_PORT, AMQP_HOST, STOMP_PORT, STOMP_HOST,
            OPENWIRE_TLS_PORT, OPENWIRE_TLS_HOST, OPENWIRE_TLS_CLIENT_AUTH, MQTT_TLS_PORT, MQTT_TLS_HOST,
            MQTT_TLS_CLIENT_AUTH, AMQP_TLS_PORT, AMQP_TLS_HOST, AMQP_TLS_CLIENT_AUTH, STOMP_TLS_PORT, STOMP_TLS_HOST,
            STOMP_TLS_CLIENT_AUTH, WS_PORT, WS_HOST, WSS_PORT, WSS_HOST, WSS_CLIENT_AUTH,
            TLS_CERTIFICATE_CHAIN, TLS_PRIVATE_KEY, TLS_KEY_STORE, TLS_KEY_PASSWORD, TLS_TRUST_STORE,
            TLS_TRUST_STORE_PASSWORD, TLS_PROTOCOLS, TLS_SUBJECT_FIELD, TLS_RELOAD_INTERVAL,
            WEBSOCKET_ENABLED, WEBSOCKET_PATH, WEBSOCKET_MAX_FRAME_SIZE, WEBSOCKET_COMPRESSION,
            MAX_CONNECTIONS, MAX_FRAME_SIZE, CONNECT_TIMEOUT, IDLE_TIMEOUT,
            JOURNAL_FILE_SIZE, JOURNAL_MIN_FILES, JOURNAL_POOL_FILES, JOURNAL_COMPACT_MIN_FILES,
            JOURNAL_COMPACT_PERCENTAGE, JOURNAL_BUFFER_TIMEOUT, JOURNAL_DATASYNC,
            SECURITY_ENABLED, SECURITY_USERS_FILE, SECURITY_ALLOW_ANONYMOUS,
            GUEST_ENABLED, GUEST_PASSWORD, GUEST_LOOPBACK_ONLY, GUEST_ROLES, SECURITY_PERMISSIONS,
            MQTT_MAX_TOPIC_ALIAS, MQTT_DEFAULT_SESSION_EXPIRY, MQTT_MAX_SESSION_EXPIRY, MQTT_SERVER_RECEIVE_MAXIMUM,
            MQTT_OUTBOUND_WINDOW, MQTT_MAX_TOPIC_LENGTH, MQTT_MAX_TOPIC_LEVELS, MQTT_MAX_PACKET_SIZE,
            MQTT_SERVER_KEEP_ALIVE, MQTT_MAX_QUEUED_MESSAGES, MQTT_MAX_OUTBOUND_TOPIC_ALIAS,
            OPENWIRE_VIRTUAL_TOPICS, OPENWIRE_VIRTUAL_TOPIC_PREFIX, OPENWIRE_VIRTUAL_TOPIC_CONSUMER_PATTERN,
            STOMP_QUEUE_PREFIX, STOMP_TOPIC_PREFIX, STOMP_TEMP_QUEUE_PREFIX, STOMP_TEMP_TOPIC_PREFIX,
            STOMP_AMQ_QUEUE_PREFIX, STOMP_EXCHANGE_PREFIX, STOMP_DEFAULT_PREFETCH, STOMP_MAX_HEADERS,
            STOMP_MAX_HEADER_LENGTH,
            ADDRESS_SETTINGS);

    private static final Map<String, ConfigKey<?>> BY_PATH = new LinkedHashMap<>();
    private static final Map<String, ConfigKey<?>> BY_ENV = new LinkedHashMap<>();
    private static final Map<String, Set<String>> CHILDREN = new LinkedHashMap<>();

    static {
        CHILDREN.put("", new LinkedHashSet<>());
        for (ConfigKey<?> key : ALL) {
            BY_PATH.put(key.path(), key);
            if (BY_ENV.put(key.envVar(), key) != null) {
                throw new IllegalStateException("two keys map to " + key.envVar());
            }
            String parent = "";
            for (String word : key.path().split("\\.")) {
                CHILDREN.get(parent).add(word);
                String path = parent.isEmpty() ? word : parent + "." + word;
                if (!path.equals(key.path())) {
                    CHILDREN.computeIfAbsent(path, p -> new LinkedHashSet<>());
                }
                parent = path;
            }
        }
    }

    private ConfigKeys() {}

    /** The key with this path, or null. */
    static ConfigKey<?> byPath(String path) {
        return BY_PATH.get(path);
    }

    /** The key set by this environment variable, or null. */
    static ConfigKey<?> byEnvVar(String name) {
        return BY_ENV.get(name);
    }

    /** Whether {@code path} is a section ({@code listeners}, {@code security.guest}) rather than a key. */
    static boolean isSection(String path) {
        return CHILDREN.containsKey(path);
    }

    /** The names of the keys and sections directly under a section ({@code ""} for the root). */
    static Collection<String> childrenOf(String section) {
        return List.copyOf(CHILDREN.get(section));
    }

    /** Every environment variable name. */
    static Collection<String> envVars() {
        return List.copyOf(BY_ENV.keySet());
    }

    /** Every key path. */
    static Collection<String> paths() {
        return List.copyOf(BY_PATH.keySet());
    }

    /** The candidate closest to {@code name} by edit distance, if it is close enough to be a typo. */
    static Optional<String> closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(name, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 5) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static ConfigKey<Integer> port(String protocol, int port, String description) {
        return new ConfigKey<>("listeners." + protocol + ".port", ValueTypes.PORT, port, description);
    }

    private static ConfigKey<TlsClientAuth> clientAuth(String listener) {
        return new ConfigKey<>("listeners." + listener + ".clientAuth",
                ValueTypes.enumType(TlsClientAuth.class, Map.of()), TlsListenerConfig.DEFAULT_CLIENT_AUTH,
                "client certificates: NONE, OPTIONAL or REQUIRE (signed by tls.trustStore)");
    }

    private static ConfigKey<String> host(String protocol) {
        return new ConfigKey<>("listeners." + protocol + ".host", ValueTypes.STRING, null,
                "interface of the " + protocol + " listener; unset: the root host");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
