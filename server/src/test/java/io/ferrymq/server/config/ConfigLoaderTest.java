package io.ferrymq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.server.config.AddressSettingsConfig.AddressFullPolicy;
import io.ferrymq.server.config.AddressSettingsConfig.RoutingType;
import io.ferrymq.addressing.security.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static FerryConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        return ConfigLoader.load(Optional.ofNullable(file), env, overrides);
    }

    @Test
    void defaultsWithoutFile() {
        FerryConfig c = load(null, Map.of(), Map.of());
        assertThat(c).isEqualTo(FerryConfig.DEFAULTS);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.listeners().openwire().port()).isEqualTo(61616);
        assertThat(c.listeners().openwire().hostOr(c.host())).isEqualTo("0.0.0.0");
        assertThat(c.listeners().mqtt().port()).isEqualTo(1883);
        assertThat(c.listeners().amqp().port()).isEqualTo(5672);
        assertThat(c.listeners().stomp().port()).isEqualTo(61613);
        assertThat(c.limits().maxConnections()).isEqualTo(-1);
        assertThat(c.limits().maxFrameSize()).isEqualTo(100 * 1024 * 1024);
        assertThat(c.limits().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.journal()).isEqualTo(new JournalConfig(10 * 1024 * 1024, 2, 10, 10, 30,
                Duration.ofNanos(500_000), true));
        assertThat(c.security().enabled()).isTrue();
        assertThat(c.security().usersFile()).isEmpty();
        assertThat(c.security().allowAnonymous()).isTrue();
        assertThat(c.security().guest()).isEqualTo(new GuestConfig(true, "guest", true, List.of("guest")));
        assertThat(c.security().permissions()).isEmpty();
        assertThat(c.addressSettings()).isEmpty();
    }

    @Test
    void emptyFileGivesDefaults() throws IOException {
        assertThat(load(write("# nothing\n"), Map.of(), Map.of())).isEqualTo(FerryConfig.DEFAULTS);
    }

    @Test
    void fileValues() throws IOException {
        Path file = write("""
                host: 127.0.0.1
                dataDir: /var/lib/ferry
                listeners:
                  openwire: {port: 0}
                  mqtt:
                    port: 1884
                    host: 10.0.0.1
                limits:
                  maxConnections: 1000
                  maxFrameSize: 512KiB
                  connectTimeout: 250ms
                  idleTimeout: 5m
                journal:
                  fileSize: 1GiB
                  compactPercentage: 0
                  bufferTimeout: 2ms
                  datasync: false
                security:
                  enabled: false
                  usersFile: conf/users.yaml
                  guest:
                    password: s3cret
                    roles: [guest, viewer]
                """);
        FerryConfig c = load(file, Map.of(), Map.of());
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/ferry"));
        assertThat(c.listeners().openwire().enabled()).isFalse();
        assertThat(c.listeners().mqtt()).isEqualTo(new ListenerConfig(1884, "10.0.0.1"));
        assertThat(c.listeners().amqp().port()).isEqualTo(5672);
        assertThat(c.limits()).isEqualTo(new LimitsConfig(1000, 512 * 1024, Duration.ofMillis(250),
                Duration.ofMinutes(5)));
        assertThat(c.journal().fileSize()).isEqualTo(1 << 30);
        assertThat(c.journal().compactPercentage()).isZero();
        assertThat(c.journal().bufferTimeout()).isEqualTo(Duration.ofMillis(2));
        assertThat(c.journal().datasync()).isFalse();
        assertThat(c.journal().minFiles()).isEqualTo(2);
        assertThat(c.security().enabled()).isFalse();
        assertThat(c.security().usersFile()).contains(dir.toAbsolutePath().resolve("conf/users.yaml"));
        assertThat(c.security().guest().password()).isEqualTo("s3cret");
        assertThat(c.security().guest().roles()).containsExactly("guest", "viewer");
        assertThat(c.security().guest().toString()).doesNotContain("s3cret");
    }

    @Test
    void environmentOverridesFile() throws IOException {
        Path file = write("listeners: {mqtt: {port: 1884}}\njournal: {datasync: true}\n");
        FerryConfig c = load(file, Map.of(
                "FERRY_LISTENERS_MQTT_PORT", "1885",
                "FERRY_JOURNAL_DATASYNC", "false",
                "FERRY_DATA_DIR", "/tmp/ferry",
                "FERRY_LIMITS_MAX_CONNECTIONS", "50",
                "FERRY_SECURITY_GUEST_PASSWORD", "pw",
                "FERRY_SECURITY_GUEST_ROLES", "a, b",
                "FERRY_HOME", "/opt/ferry",
                "FERRY_OPTS", "-x",
                "FERRY_JAVA_OPTS", "-Xmx1g",
                "PATH", "/usr/bin"), Map.of());
        assertThat(c.listeners().mqtt().port()).isEqualTo(1885);
        assertThat(c.journal().datasync()).isFalse();
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/ferry"));
        assertThat(c.limits().maxConnections()).isEqualTo(50);
        assertThat(c.security().guest().password()).isEqualTo("pw");
        assertThat(c.security().guest().roles()).containsExactly("a", "b");
    }

    @Test
    void environmentUsersFileStaysRelativeToWorkingDirectory() {
        FerryConfig c = load(null, Map.of("FERRY_SECURITY_USERS_FILE", "users.yaml"), Map.of());
        assertThat(c.security().usersFile()).contains(Path.of("users.yaml"));
    }

    @Test
    void overrideWinsOverEnvironment() throws IOException {
        Path file = write("host: 10.0.0.1\nlisteners: {openwire: {port: 1000}}\n");
        FerryConfig c = load(file,
                Map.of("FERRY_LISTENERS_OPENWIRE_PORT", "2000", "FERRY_HOST", "10.0.0.2"),
                Map.of("listeners.openwire.port", "3000", "dataDir", "d"));
        assertThat(c.listeners().openwire().port()).isEqualTo(3000);
        assertThat(c.host()).isEqualTo("10.0.0.2");
        assertThat(c.dataDir()).isEqualTo(Path.of("d"));
    }

    @Test
    void unknownKeyNamesKeyFileAndLine() throws IOException {
        Path file = write("""
                host: 0.0.0.0
                listeners:
                  openwire:
                    port: 61616
                  mqtt:
                    port: 1883

                    prot: 1884
                """);
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":8: unknown key 'listeners.mqtt.prot' (known: port, host)")
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.source()).isEqualTo(file.toString());
                    assertThat(ce.line()).isEqualTo(8);
                    assertThat(ce.key()).isEqualTo("listeners.mqtt.prot");
                });
    }

    @Test
    void unknownTopLevelKeyListsKnownKeys() throws IOException {
        Path file = write("hots: x\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .hasMessage(file + ":1: unknown key 'hots' (known: host, dataDir, listeners, tls, webSocket, "
                        + "limits, journal, security, mqtt, openwire, stomp, addressSettings)");
    }

    @Test
    void portOutOfRange() throws IOException {
        Path file = write("listeners:\n  amqp:\n    port: 70000\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: bad value '70000' for 'listeners.amqp.port' (expected a port 0-65535)");
    }

    @Test
    void badSizeUnit() throws IOException {
        Path file = write("journal:\n  fileSize: 10XB\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .hasMessageStartingWith(file + ":2: bad value '10XB' for 'journal.fileSize' (expected a size");
    }

    @Test
    void pagePolicyIsRejectedBecausePagingIsNotImplemented() throws IOException {
        Path file = write("addressSettings:\n  \"orders.#\":\n    addressFullPolicy: PAGE\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .hasMessageStartingWith(file + ":3: bad value 'PAGE' for "
                        + "'addressSettings[\"orders.#\"].addressFullPolicy' (PAGE is not supported: "
                        + "paging is not implemented; expected one of BLOCK, FAIL, DROP)");
    }

    @Test
    void wrongTypes() throws IOException {
        Path file = write("limits:\n  maxConnections: [1, 2]\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .hasMessage(file + ":2: expected -1 (unlimited) or a number >= 1 for 'limits.maxConnections', "
                        + "got a list");
        Path file2 = write("journal: 5\n");
        assertThatThrownBy(() -> load(file2, Map.of(), Map.of()))
                .hasMessage(file2 + ":1: expected a mapping of keys for 'journal', got '5'");
        Path file3 = write("journal:\n  datasync: yes\n");
        assertThatThrownBy(() -> load(file3, Map.of(), Map.of()))
                .hasMessage(file3 + ":2: bad value 'yes' for 'journal.datasync' (expected true or false)");
        Path file4 = write("listeners:\n  mqtt:\n    port:\n");
        assertThatThrownBy(() -> load(file4, Map.of(), Map.of()))
                .hasMessage(file4 + ":3: no value for 'listeners.mqtt.port' (expected a port 0-65535)");
    }

    @Test
    void otherRangeChecks() {
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("journal.compactPercentage", "101")))
                .hasMessageContaining("expected a percentage 0-100");
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("limits.maxConnections", "0")))
                .hasMessageContaining("expected -1 (unlimited) or a number >= 1");
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("limits.connectTimeout", "0")))
                .hasMessageContaining("expected a duration > 0");
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("limits.idleTimeout", "-1s")))
                .hasMessageContaining("bad value '-1s'");
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("limits.maxFrameSize", "4GiB")))
                .hasMessageContaining("bad value '4GiB'");
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("journal.minFiles", "1")))
                .hasMessageContaining("expected a number >= 2");
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() throws IOException {
        Path file = write("host: a\nlisteners:\n  mqtt: {port: 1\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void duplicateKeyIsRejected() throws IOException {
        Path file = write("host: a\nhost: b\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .hasMessage(file + ":2: duplicate key 'host'");
    }

    @Test
    void missingFileNamesPath() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> load(missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void unknownFerryVariableIsAnError() {
        assertThatThrownBy(() -> load(null, Map.of("FERRY_LISTENERS_MQTT_PROT", "1"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment FERRY_LISTENERS_MQTT_PROT: unknown variable FERRY_LISTENERS_MQTT_PROT "
                        + "(did you mean FERRY_LISTENERS_MQTT_PORT?)");
        assertThatThrownBy(() -> load(null, Map.of("FERRY_SOMETHING_ELSE_ENTIRELY", "1"), Map.of()))
                .hasMessageContaining("unknown variable FERRY_SOMETHING_ELSE_ENTIRELY");
    }

    @Test
    void badEnvironmentValueNamesVariable() {
        assertThatThrownBy(() -> load(null, Map.of("FERRY_LISTENERS_MQTT_PORT", "abc"), Map.of()))
                .hasMessage("environment FERRY_LISTENERS_MQTT_PORT: bad value 'abc' for 'listeners.mqtt.port' "
                        + "(expected a port 0-65535)");
    }

    @Test
    void unknownOverrideKey() {
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("listeners.mqtt.prot", "1")))
                .hasMessage("command line: unknown key 'listeners.mqtt.prot' (did you mean 'listeners.mqtt.port'?)");
    }

    @Test
    void twoListenersOnOnePortAreRejected() {
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("listeners.stomp.port", "1883")))
                .hasMessage("command line: 'listeners.stomp.port' and 'listeners.mqtt.port' both use port 1883");
        // different specific interfaces may share a port; disabled listeners never conflict
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("host", "10.0.0.1");
        overrides.put("listeners.mqtt.host", "10.0.0.2");
        overrides.put("listeners.stomp.port", "1883");
        overrides.put("listeners.amqp.port", "0");
        overrides.put("listeners.openwire.port", "0");
        assertThat(load(null, Map.of(), overrides).listeners().stomp().port()).isEqualTo(1883);
    }

    @Test
    void stompPrefixesMustDiffer() throws IOException {
        Path file = write("stomp:\n  topicPrefix: /queue/\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .hasMessage(file + ":2: 'stomp.topicPrefix' and 'stomp.queuePrefix' are both /queue/");
        assertThat(load(null, Map.of("FERRY_STOMP_QUEUE_PREFIX", "/q/"), Map.of()).stomp().queuePrefix())
                .isEqualTo("/q/");
    }

    @Test
    void addressSettingsAndPermissionsFromFile() throws IOException {
        Path file = write("""
                security:
                  permissions:
                    "#": {consume: [admin, app], manage: [admin]}
                    "orders.*":
                      send: [app]
                      createDurableQueue: []
                addressSettings:
                  "#":
                    maxDeliveryAttempts: 5
                    deadLetterAddress: DLQ
                  "orders.#":
                    autoCreateAddresses: false
                    autoDeleteDelay: 30s
                    defaultRoutingType: anycast
                    redeliveryDelay: 100ms
                    redeliveryMultiplier: 2.5
                    maxRedeliveryDelay: 1m
                    maxSizeBytes: 64MiB
                    addressFullPolicy: FAIL
                    lastValueKey: _AMQ_LVQ_NAME
                    expiryAddress: Expired
                    deadLetterAddressPrefix: DLQ.
                  "a.*": {}
                """);
        FerryConfig c = load(file, Map.of(), Map.of());
        Map<String, Map<Permission, List<String>>> perms = c.security().permissions().orElseThrow();
        assertThat(perms.keySet()).containsExactly("#", "orders.*");
        assertThat(perms.get("#")).containsOnly(
                Map.entry(Permission.CONSUME, List.of("admin", "app")), Map.entry(Permission.MANAGE, List.of("admin")));
        assertThat(perms.get("orders.*")).containsOnly(
                Map.entry(Permission.SEND, List.of("app")), Map.entry(Permission.CREATE_DURABLE_QUEUE, List.of()));

        assertThat(c.addressSettings().keySet()).containsExactly("#", "orders.#", "a.*");
        assertThat(c.addressSettings().get("#")).isEqualTo(
                AddressSettingsConfig.builder().maxDeliveryAttempts(5).deadLetterAddress("DLQ").build());
        assertThat(c.addressSettings().get("orders.#")).isEqualTo(AddressSettingsConfig.builder()
                .autoCreateAddresses(false)
                .autoDeleteDelay(Duration.ofSeconds(30))
                .defaultRoutingType(RoutingType.ANYCAST)
                .redeliveryDelay(Duration.ofMillis(100))
                .redeliveryMultiplier(2.5)
                .maxRedeliveryDelay(Duration.ofMinutes(1))
                .maxSizeBytes(64L * 1024 * 1024)
                .deadLetterAddressPrefix("DLQ.")
                .addressFullPolicy(AddressFullPolicy.FAIL)
                .lastValueKey("_AMQ_LVQ_NAME")
                .expiryAddress("Expired")
                .build());
        assertThat(c.addressSettings().get("a.*")).isEqualTo(AddressSettingsConfig.EMPTY);
    }

    @Test
    void mapErrorsNameEntryAndLine() throws IOException {
        Path file = write("addressSettings:\n  \"#\":\n    maxDeliveryAttempt: 3\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .hasMessageStartingWith(file + ":3: unknown key 'addressSettings[\"#\"].maxDeliveryAttempt' "
                        + "(known: autoCreateAddresses, ");
        Path file2 = write("security:\n  permissions:\n    \"#\":\n      sned: [a]\n");
        assertThatThrownBy(() -> load(file2, Map.of(), Map.of()))
                .hasMessageStartingWith(file2 + ":4: unknown permission 'security.permissions[\"#\"].sned' "
                        + "(known: send, consume, browse, createAddress, ");
        Path file3 = write("addressSettings:\n  \"ord#\": {}\n");
        assertThatThrownBy(() -> load(file3, Map.of(), Map.of()))
                .hasMessageStartingWith(file3 + ":2: bad address pattern 'ord#'");
        Path file4 = write("addressSettings:\n  \"#\":\n    redeliveryMultiplier: 0.5\n");
        assertThatThrownBy(() -> load(file4, Map.of(), Map.of()))
                .hasMessage(file4 + ":3: bad value '0.5' for 'addressSettings[\"#\"].redeliveryMultiplier' "
                        + "(expected a number >= 1)");
    }

    @Test
    void mapsFromEnvironmentReplaceTheFileMap() throws IOException {
        Path file = write("addressSettings:\n  \"orders.#\": {maxDeliveryAttempts: 7}\n");
        FerryConfig c = load(file, Map.of(
                "FERRY_ADDRESS_SETTINGS", "{\"#\": {maxDeliveryAttempts: 3, addressFullPolicy: DROP}}",
                "FERRY_SECURITY_PERMISSIONS", "{\"#\": {send: [app]}}"), Map.of());
        assertThat(c.addressSettings()).containsOnlyKeys("#");
        assertThat(c.addressSettings().get("#").maxDeliveryAttempts()).isEqualTo(3);
        assertThat(c.addressSettings().get("#").addressFullPolicy()).isEqualTo(AddressFullPolicy.DROP);
        assertThat(c.security().permissions().orElseThrow())
                .containsOnly(Map.entry("#", Map.of(Permission.SEND, List.of("app"))));
    }

    @Test
    void mapErrorFromEnvironmentNamesVariable() {
        assertThatThrownBy(() -> load(null,
                Map.of("FERRY_ADDRESS_SETTINGS", "{\"#\": {addressFullPolicy: PAGE}}"), Map.of()))
                .hasMessageStartingWith("environment FERRY_ADDRESS_SETTINGS: bad value 'PAGE' for "
                        + "'addressSettings[\"#\"].addressFullPolicy' (PAGE is not supported");
        assertThatThrownBy(() -> load(null, Map.of("FERRY_ADDRESS_SETTINGS", "{\"#\": "), Map.of()))
                .hasMessageStartingWith("environment FERRY_ADDRESS_SETTINGS")
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void envVarNames() {
        assertThat(ConfigLoader.envVar("host")).isEqualTo("FERRY_HOST");
        assertThat(ConfigLoader.envVar("dataDir")).isEqualTo("FERRY_DATA_DIR");
        assertThat(ConfigLoader.envVar("listeners.mqtt.port")).isEqualTo("FERRY_LISTENERS_MQTT_PORT");
        assertThat(ConfigLoader.envVar("limits.maxConnections")).isEqualTo("FERRY_LIMITS_MAX_CONNECTIONS");
        assertThat(ConfigLoader.envVar("journal.datasync")).isEqualTo("FERRY_JOURNAL_DATASYNC");
        assertThat(ConfigLoader.envVar("security.guest.password")).isEqualTo("FERRY_SECURITY_GUEST_PASSWORD");
        assertThat(ConfigLoader.envVar("addressSettings")).isEqualTo("FERRY_ADDRESS_SETTINGS");
        assertThat(ConfigKeys.envVars()).hasSize(ConfigKeys.ALL.size()).doesNotHaveDuplicates();
    }

    @Test
    void mqttSectionFromFileAndEnvironment() throws IOException {
        Path file = write("""
                listeners:
                  mqtt: {port: 1884}
                mqtt:
                  maxTopicAlias: 0
                  defaultSessionExpiry: 2h
                  maxSessionExpiry: 1d
                  serverReceiveMaximum: 100
                  outboundWindow: 50
                  maxTopicLength: 1024
                  maxTopicLevels: 8
                  maxPacketSize: 256KiB
                  serverKeepAlive: 30s
                  maxQueuedMessages: 5000
                  maxOutboundTopicAlias: 8
                """);
        FerryConfig c = load(file, Map.of("FERRY_MQTT_OUTBOUND_WINDOW", "60"), Map.of());
        assertThat(c.listeners().mqtt().port()).isEqualTo(1884);
        assertThat(c.mqtt()).isEqualTo(new MqttConfig(0, Duration.ofHours(2), Duration.ofDays(1), 100, 60, 1024, 8,
                256 * 1024, Duration.ofSeconds(30), 5000, 8));
        assertThat(load(null, Map.of(), Map.of()).mqtt()).isEqualTo(MqttConfig.DEFAULTS);
        assertThat(ConfigLoader.envVar("mqtt.maxQueuedMessages")).isEqualTo("FERRY_MQTT_MAX_QUEUED_MESSAGES");
    }

    @Test
    void badMqttValuesNameKeyValueAndFile() throws IOException {
        Path file = write("mqtt:\n  maxTopicAlias: 8\n  serverReceiveMaximum: 0\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: bad value '0' for 'mqtt.serverReceiveMaximum' (expected a number 1-65535)")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("mqtt.serverReceiveMaximum"));
        Path file2 = write("mqtt:\n  defaultSessionExpiry: 1500ms\n");
        assertThatThrownBy(() -> load(file2, Map.of(), Map.of()))
                .hasMessage(file2 + ":2: bad value '1500ms' for 'mqtt.defaultSessionExpiry' "
                        + "(expected a duration in whole seconds such as 30s, 12h or 7d)");
        Path file3 = write("mqtt:\n  maxPacketSize: 32\n");
        assertThatThrownBy(() -> load(file3, Map.of(), Map.of()))
                .hasMessageStartingWith(file3 + ":2: bad value '32' for 'mqtt.maxPacketSize' (expected a size from 64");
        Path file4 = write("mqtt:\n  maxTopicAlais: 8\n");
        assertThatThrownBy(() -> load(file4, Map.of(), Map.of()))
                .hasMessageStartingWith(file4 + ":2: unknown key 'mqtt.maxTopicAlais'");
        assertThatThrownBy(() -> load(null, Map.of("FERRY_MQTT_SERVER_KEEP_ALIVE", "70000s"), Map.of()))
                .hasMessageStartingWith("environment FERRY_MQTT_SERVER_KEEP_ALIVE: bad value '70000s' for "
                        + "'mqtt.serverKeepAlive' (expected a duration in whole seconds from 0 to 65535s");
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("mqtt.maxQueuedMessages", "0")))
                .hasMessage("command line: bad value '0' for 'mqtt.maxQueuedMessages' (expected a number >= 1)");
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("mqtt.maxTopicLevels", "0")))
                .hasMessageContaining("expected a number >= 1");
    }

    @Test
    void recordsRejectBadValuesSetInCode() {
        assertThatThrownBy(() -> new ListenerConfig(70000, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port: bad value '70000' (expected a port 0-65535)");
        assertThatThrownBy(() -> AddressSettingsConfig.builder().redeliveryMultiplier(0.1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
