package io.ferrymq.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the {@link FerryConfig} once, at start. Each layer overrides the one before:
 *
 * <ol>
 *   <li>the defaults ({@link FerryConfig#DEFAULTS});</li>
 *   <li>the YAML file, if one is given;</li>
 *   <li>environment variables {@code FERRY_<KEY_PATH>} ({@code FERRY_LISTENERS_MQTT_PORT}); the map-valued keys
 *       {@code addressSettings} and {@code security.permissions} take a YAML flow value;</li>
 *   <li>command-line overrides by key path ({@code listeners.mqtt.port} -> {@code 1884}).</li>
 * </ol>
 *
 * <p>A map-valued key set by a later layer replaces the earlier map as a whole. Anything that cannot be used
 * fails the load with a {@link ConfigException} naming the source (file and line, variable or command line), the
 * full key path and the offending value: an unknown key or {@code FERRY_*} variable, a value of the wrong type or
 * out of range, two enabled listeners on one port. Stateless and thread safe.
 */
public final class ConfigLoader {

    /** Environment variables that belong to the launch script, not to the configuration. */
    public static final Set<String> IGNORED_ENV_VARS =
            Set.of("FERRY_HOME", "FERRY_OPTS", "FERRY_JAVA_OPTS", "FERRY_NO_BUILD");

    /** The source name of command-line overrides in error messages. */
    public static final String COMMAND_LINE = "command line";

    private static final Set<String> WILDCARD_HOSTS = Set.of("0.0.0.0", "::", "[::]", "*");

    private ConfigLoader() {}

    /**
     * Loads the configuration.
     *
     * @param configFile the YAML file, if any; a missing file is an error
     * @param env the environment ({@code System.getenv()}); only {@code FERRY_*} variables are read
     * @param overrides key path -> value text, applied last (command-line options)
     * @return the complete, validated configuration
     * @throws ConfigException when the configuration cannot be used
     */
    public static FerryConfig load(Optional<Path> configFile, Map<String, String> env, Map<String, String> overrides) {
        Objects.requireNonNull(configFile, "configFile");
        Settings settings = new Settings();
        configFile.ifPresent(file -> readFile(file, settings));
        readEnvironment(env, settings);
        readOverrides(overrides, settings);
        FerryConfig config;
        try {
            config = settings.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("configuration", 0, null, e.getMessage(), e);
        }
        checkPorts(config, settings);
        checkClientAuth(config, settings);
        checkStompPrefixes(config, settings);
        return config;
    }

    /** Loads a file over the defaults, without environment or overrides. */
    public static FerryConfig load(Path configFile) {
        return load(Optional.of(configFile), Map.of(), Map.of());
    }

    /** The environment variable that sets {@code keyPath} ({@code FERRY_LISTENERS_MQTT_PORT}). */
    public static String envVar(String keyPath) {
        return ConfigKey.envVar(keyPath);
    }

    private static void readFile(Path file, Settings settings) {
        YamlDocument doc = YamlDocument.read(file);
        Path dir = file.toAbsolutePath().getParent();
        Source source = new Source(file.toString(), doc, dir);
        JsonNode root = doc.root();
        if (root.isNull()) {
            return; // an empty file: the defaults
        }
        if (!root.isObject()) {
            throw new ConfigException(source.name(), 1, null,
                    "expected a mapping of keys at the top of the file, got " + Site.describe(root));
        }
        readSection(root, source.root(), settings);
    }

    private static void readSection(JsonNode node, Site site, Settings settings) {
        JsonNode mapping = site.mapping(node, "a mapping of keys");
        for (Iterator<String> it = mapping.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            Site child = site.field(mapping, name);
            JsonNode value = mapping.get(name);
            if (ConfigKeys.isSection(child.path())) {
                readSection(value, child, settings);
            } else {
                ConfigKey<?> key = ConfigKeys.byPath(child.path());
                if (key == null) {
                    throw child.unknownKey(ConfigKeys.childrenOf(site.path()));
                }
                put(settings, key, value, child);
            }
        }
    }

    private static <T> void put(Settings settings, ConfigKey<T> key, JsonNode node, Site site) {
        settings.put(key, key.type().read(node, site), site);
    }

    private static <T> void putText(Settings settings, ConfigKey<T> key, String text, Site site) {
        settings.put(key, key.type().readText(text, site), site);
    }

    private static void readEnvironment(Map<String, String> env, Settings settings) {
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ConfigKey.ENV_PREFIX) || IGNORED_ENV_VARS.contains(name)) {
                continue;
            }
            Source source = Source.named("environment " + name);
            ConfigKey<?> key = ConfigKeys.byEnvVar(name);
            if (key == null) {
                String hint = ConfigKeys.closest(name, ConfigKeys.envVars())
                        .map(s -> " (did you mean " + s + "?)")
                        .orElse(" (see docs/configuration.md for the variables)");
                throw new ConfigException(source.name(), 0, null, "unknown variable " + name + hint);
            }
            putText(settings, key, e.getValue(), new Site(source, key.path(), 0));
        }
    }

    private static void readOverrides(Map<String, String> overrides, Settings settings) {
        Source source = Source.named(COMMAND_LINE);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Site site = new Site(source, e.getKey(), 0);
            ConfigKey<?> key = ConfigKeys.byPath(e.getKey());
            if (key == null) {
                String hint = ConfigKeys.closest(e.getKey(), ConfigKeys.paths())
                        .map(s -> " (did you mean '" + s + "'?)")
                        .orElse("");
                throw site.error("unknown key '" + e.getKey() + "'" + hint);
            }
            putText(settings, key, Objects.requireNonNull(e.getValue(), e.getKey()), site);
        }
    }

    /** Each STOMP destination prefix names one kind of destination: no two may be equal. */
    private static void checkStompPrefixes(FerryConfig config, Settings settings) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : config.stomp().prefixes().entrySet()) {
            String other = seen.putIfAbsent(e.getValue(), e.getKey());
            if (other != null) {
                throw conflict(settings, "stomp." + e.getKey(), "stomp." + other, "are both " + e.getValue());
            }
        }
    }

    /** A TLS listener asking for client certificates needs the CAs that sign them. */
    private static void checkClientAuth(FerryConfig config, Settings settings) {
        if (!config.tls().configured() || config.tls().trustStore().isPresent()) {
            return;
        }
        Map<String, TlsListenerConfig> tlsListeners = new LinkedHashMap<>(config.listeners().tlsByName());
        if (config.webSocket().enabled()) {
            tlsListeners.put("wss", config.listeners().wss());
        }
        for (Map.Entry<String, TlsListenerConfig> e : tlsListeners.entrySet()) {
            TlsListenerConfig l = e.getValue();
            if (l.port() != ListenerConfig.DISABLED && l.clientAuth() != TlsListenerConfig.DEFAULT_CLIENT_AUTH) {
                String key = "listeners." + e.getKey() + ".clientAuth";
                Site site = settings.siteOf(ConfigKeys.byPath(key)).orElseThrow();
                throw new ConfigException(site.source().name(), site.line(), key,
                        "'" + key + "' is " + l.clientAuth() + " but 'tls.trustStore' names no CA certificates "
                                + "to check client certificates with");
            }
        }
    }

    /** Two keys whose values clash: reported where {@code key} was set, or else where {@code otherKey} was. */
    private static ConfigException conflict(Settings settings, String key, String otherKey, String clash) {
        Site site = settings.siteOf(ConfigKeys.byPath(key))
                .or(() -> settings.siteOf(ConfigKeys.byPath(otherKey)))
                .orElseThrow();
        return new ConfigException(site.source().name(), site.line(), key,
                "'" + key + "' and '" + otherKey + "' " + clash);
    }

    /** Two enabled listeners may not bind the same port on the same (or a wildcard) interface. */
    private static void checkPorts(FerryConfig config, Settings settings) {
        record Bound(String protocol, ListenerConfig listener, String host) {}
        List<Bound> bound = new ArrayList<>();
        Map<String, ListenerConfig> listeners = new LinkedHashMap<>(config.listeners().byProtocol());
        if (config.tls().configured()) {
            config.listeners().tlsByName().forEach((name, l) -> listeners.put(name, l.asListener()));
        }
        if (config.webSocket().enabled()) {
            listeners.put("ws", config.listeners().ws());
            if (config.tls().configured()) {
                listeners.put("wss", config.listeners().wss().asListener());
            }
        }
        for (Map.Entry<String, ListenerConfig> e : listeners.entrySet()) {
            ListenerConfig l = e.getValue();
            if (!l.enabled()) {
                continue;
            }
            Bound b = new Bound(e.getKey(), l, l.hostOr(config.host()));
            for (Bound other : bound) {
                boolean sameInterface = other.host().equals(b.host())
                        || WILDCARD_HOSTS.contains(other.host()) || WILDCARD_HOSTS.contains(b.host());
                if (other.listener().port() == l.port() && sameInterface) {
                    throw conflict(settings, "listeners." + b.protocol() + ".port",
                            "listeners." + other.protocol() + ".port", "both use port " + l.port());
                }
            }
            bound.add(b);
        }
    }
}
