package io.ferrymq.server;

import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.engine.EngineOptions;
import io.ferrymq.addressing.security.GuestOptions;
import io.ferrymq.addressing.security.Permission;
import io.ferrymq.addressing.security.SecurityOptions;
import io.ferrymq.addressing.security.User;
import io.ferrymq.addressing.settings.AddressFullPolicy;
import io.ferrymq.addressing.settings.AddressSettings;
import io.ferrymq.journal.JournalOptions;
import io.ferrymq.server.config.AddressSettingsConfig;
import io.ferrymq.server.config.FerryConfig;
import io.ferrymq.server.config.GuestConfig;
import io.ferrymq.server.config.LimitsConfig;
import io.ferrymq.server.config.MqttConfig;
import io.ferrymq.server.config.OpenWireConfig;
import io.ferrymq.server.config.SecurityConfig;
import io.ferrymq.server.config.StompConfig;
import io.ferrymq.server.config.UserEntry;
import io.ferrymq.server.config.UsersFile;
import io.ferrymq.transport.TransportLimits;
import io.ferrymq.transport.mqtt.MqttOptions;
import io.ferrymq.transport.openwire.OpenWireOptions;
import io.ferrymq.transport.stomp.StompOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the configuration file's model into each component's typed options. */
final class ServerSetup {

    private ServerSetup() {}

    static JournalOptions journalOptions(FerryConfig config) {
        var j = config.journal();
        return JournalOptions.builder(config.dataDir().resolve("journal"))
                .fileSize(j.fileSize())
                // the write buffer bounds the largest record: one file's worth, so a durable message may be as
                // large as journal.fileSize (10 MiB by default) rather than the library's 490 KiB
                .bufferSize(j.fileSize())
                .minFiles(j.minFiles())
                .poolFiles(j.poolFiles())
                .compactMinFiles(j.compactMinFiles())
                .compactPercentage(j.compactPercentage())
                .bufferTimeoutNanos((int) Math.min(Integer.MAX_VALUE, j.bufferTimeout().toNanos()))
                .datasync(j.datasync())
                .build();
    }

    static TransportLimits transportLimits(FerryConfig config) {
        LimitsConfig l = config.limits();
        return TransportLimits.defaults()
                .withMaxConnections(l.maxConnections())
                .withMaxFrameSize(l.maxFrameSize())
                .withConnectTimeoutMillis(l.connectTimeout().toMillis())
                .withIdleTimeoutMillis(l.idleTimeout().toMillis());
    }

    /**
     * The MQTT transport's options: its defaults with every configured field set, so a component the transport
     * adds later keeps its default. The durations are whole seconds (checked when the configuration loads).
     */
    static MqttOptions mqttOptions(FerryConfig config) {
        MqttConfig m = config.mqtt();
        return MqttOptions.DEFAULTS
                .withMaxTopicAlias(m.maxTopicAlias())
                .withDefaultSessionExpirySeconds(m.defaultSessionExpiry().getSeconds())
                .withMaxSessionExpirySeconds(m.maxSessionExpiry().getSeconds())
                .withServerReceiveMaximum(m.serverReceiveMaximum())
                .withOutboundWindow(m.outboundWindow())
                .withMaxTopicLength(m.maxTopicLength())
                .withMaxTopicLevels(m.maxTopicLevels())
                .withMaxPacketSize(m.maxPacketSize())
                .withServerKeepAliveSeconds(Math.toIntExact(m.serverKeepAlive().getSeconds()))
                .withMaxQueuedMessages(m.maxQueuedMessages())
                .withMaxOutboundTopicAlias(m.maxOutboundTopicAlias());
    }

    /** The OpenWire transport's options from the {@code openwire:} section. */
    static OpenWireOptions openWireOptions(FerryConfig config) {
        OpenWireConfig o = config.openwire();
        return new OpenWireOptions(o.virtualTopics(), o.virtualTopicPrefix(), o.virtualTopicConsumerPattern());
    }

    /** The STOMP transport's options from the {@code stomp:} section. */
    static StompOptions stompOptions(FerryConfig config) {
        StompConfig c = config.stomp();
        StompOptions d = StompOptions.DEFAULTS;
        return new StompOptions(c.queuePrefix(), c.topicPrefix(), c.tempQueuePrefix(), c.tempTopicPrefix(),
                c.amqQueuePrefix(), c.exchangePrefix(), c.defaultPrefetch(), d.minHeartBeatMillis(),
                d.heartBeatGrace(), c.maxHeaders(), c.maxHeaderLength());
    }

    /** The engine's options; connections are counted by the transports (limits.maxConnections). */
    static EngineOptions engineOptions(FerryConfig config) {
        Map<String, AddressSettings> settings = new LinkedHashMap<>();
        config.addressSettings().forEach((pattern, c) -> settings.put(pattern, addressSettings(c)));
        return EngineOptions.DEFAULTS.withAddressSettings(settings).withSecurity(security(config.security()));
    }

    static AddressSettings addressSettings(AddressSettingsConfig c) {
        return AddressSettings.builder()
                .autoCreateAddresses(c.autoCreateAddresses())
                .autoCreateQueues(c.autoCreateQueues())
                .autoDeleteAddresses(c.autoDeleteAddresses())
                .autoDeleteQueues(c.autoDeleteQueues())
                .autoDeleteDelayMillis(millis(c.autoDeleteDelay()))
                .defaultRoutingType(c.defaultRoutingType() == null ? null : RoutingType.valueOf(c.defaultRoutingType().name()))
                .deadLetterAddress(c.deadLetterAddress())
                .expiryAddress(c.expiryAddress())
                .maxDeliveryAttempts(c.maxDeliveryAttempts())
                .redeliveryDelayMillis(millis(c.redeliveryDelay()))
                .redeliveryMultiplier(c.redeliveryMultiplier())
                .maxRedeliveryDelayMillis(millis(c.maxRedeliveryDelay()))
                .maxSizeBytes(c.maxSizeBytes())
                .addressFullPolicy(
                        c.addressFullPolicy() == null ? null : AddressFullPolicy.valueOf(c.addressFullPolicy().name()))
                .lastValueKey(c.lastValueKey())
                .deadLetterAddressPrefix(c.deadLetterAddressPrefix())
                .build();
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    static SecurityOptions security(SecurityConfig c) {
        List<User> users = new ArrayList<>();
        if (c.usersFile().isPresent()) {
            for (UserEntry u : UsersFile.load(c.usersFile().get()).values()) {
                users.add(new User(u.name(), u.passwordHash(), new HashSet<>(u.roles())));
            }
        }
        GuestConfig g = c.guest();
        GuestOptions guest = new GuestOptions(g.enabled(), g.password(), g.loopbackOnly(), Set.copyOf(g.roles()));
        Map<String, Map<Permission, Set<String>>> permissions = SecurityOptions.DEFAULT_PERMISSIONS;
        if (c.permissions().isPresent()) {
            permissions = new LinkedHashMap<>();
            for (var e : c.permissions().get().entrySet()) {
                Map<Permission, Set<String>> byPermission = new EnumMap<>(Permission.class);
                e.getValue().forEach((p, roles) -> byPermission.put(p, Set.copyOf(roles)));
                permissions.put(e.getKey(), byPermission);
            }
        }
        return new SecurityOptions(c.enabled(), c.allowAnonymous(), guest, users, permissions);
    }
}
