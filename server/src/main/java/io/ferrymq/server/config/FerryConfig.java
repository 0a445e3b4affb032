package io.ferrymq.server.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The whole broker configuration: immutable, complete (defaults filled in) and validated. Built by
 * {@link ConfigLoader} from defaults, {@code ferry.yaml}, {@code FERRY_*} environment variables and command-line
 * overrides; {@link #DEFAULTS} is the embedded default that needs no file.
 *
 * @param host the interface every listener binds unless it names its own
 * @param dataDir where the journal and other state live (relative to the working directory)
 * @param listeners the protocol listeners
 * @param tls the key material and trust of the TLS listeners
 * @param webSocket the WebSocket listeners' switch, path and frame size
 * @param limits connection limits
 * @param journal the message journal
 * @param security authentication and authorization
 * @param mqtt the MQTT transport's settings
 * @param openwire the OpenWire transport's settings
 * @param stomp the STOMP transport's settings
 * @param addressSettings address pattern ({@code #}, {@code orders.#}, {@code a.*}) -> settings; the most specific
 *     match wins field by field. Iteration order is the configured order.
 */
public record FerryConfig(
        String host,
        Path dataDir,
        ListenersConfig listeners,
        TlsConfig tls,
        WebSocketConfig webSocket,
        LimitsConfig limits,
        JournalConfig journal,
        SecurityConfig security,
        MqttConfig mqtt,
        OpenWireConfig openwire,
        StompConfig stomp,
        Map<String, AddressSettingsConfig> addressSettings) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final Path DEFAULT_DATA_DIR = Path.of("./data");
    public static final Map<String, AddressSettingsConfig> DEFAULT_ADDRESS_SETTINGS = Map.of();

    public static final FerryConfig DEFAULTS = new FerryConfig(
            DEFAULT_HOST, DEFAULT_DATA_DIR, ListenersConfig.DEFAULTS, TlsConfig.DEFAULTS, WebSocketConfig.DEFAULTS,
            LimitsConfig.DEFAULTS,
            JournalConfig.DEFAULTS, SecurityConfig.DEFAULTS, MqttConfig.DEFAULTS, OpenWireConfig.DEFAULTS, StompConfig.DEFAULTS,
            DEFAULT_ADDRESS_SETTINGS);

    public FerryConfig {
        ValueTypes.STRING.require("host", host);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(webSocket, "webSocket");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(openwire, "openwire");
        Objects.requireNonNull(stomp, "stomp");
        Map<String, AddressSettingsConfig> copy = new LinkedHashMap<>();
        addressSettings.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
        addressSettings = Collections.unmodifiableMap(copy);
    }
}
