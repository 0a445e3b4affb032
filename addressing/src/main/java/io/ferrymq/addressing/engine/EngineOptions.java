package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.security.SecurityOptions;
import io.ferrymq.addressing.settings.AddressSettings;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's typed options, validated when built.
 *
 * @param addressSettings address pattern -> settings (merged over {@link AddressSettings#DEFAULTS})
 * @param security authentication and authorization
 * @param maxConnections connections the engine accepts at once; -1 for no limit
 * @param expiryScanPeriodMillis how often queues are scanned for expired messages
 * @param maxPendingDurableSends durable sends of one connection waiting for their sync before the engine pauses
 *     the connection's reads (the journal lags); reads resume at half
 */
public record EngineOptions(
        Map<String, AddressSettings> addressSettings,
        SecurityOptions security,
        int maxConnections,
        long expiryScanPeriodMillis,
        int maxPendingDurableSends) {

    public static final int DEFAULT_MAX_CONNECTIONS = -1;
    public static final long DEFAULT_EXPIRY_SCAN_PERIOD_MILLIS = 30_000;
    public static final int DEFAULT_MAX_PENDING_DURABLE_SENDS = 8_192;

    public static final EngineOptions DEFAULTS = new EngineOptions(
            Map.of(),
            SecurityOptions.DEFAULTS,
            DEFAULT_MAX_CONNECTIONS,
            DEFAULT_EXPIRY_SCAN_PERIOD_MILLIS,
            DEFAULT_MAX_PENDING_DURABLE_SENDS);

    public EngineOptions {
        addressSettings = Map.copyOf(addressSettings);
        Objects.requireNonNull(security, "security");
        if (maxConnections == 0 || maxConnections < -1) {
            throw new IllegalArgumentException("maxConnections must be -1 or positive: " + maxConnections);
        }
        if (expiryScanPeriodMillis <= 0) {
            throw new IllegalArgumentException("expiryScanPeriodMillis must be positive: " + expiryScanPeriodMillis);
        }
        if (maxPendingDurableSends <= 0) {
            throw new IllegalArgumentException("maxPendingDurableSends must be positive: " + maxPendingDurableSends);
        }
    }

    public EngineOptions withAddressSettings(Map<String, AddressSettings> settings) {
        return new EngineOptions(settings, security, maxConnections, expiryScanPeriodMillis, maxPendingDurableSends);
    }

    public EngineOptions withSecurity(SecurityOptions security) {
        return new EngineOptions(
                addressSettings, security, maxConnections, expiryScanPeriodMillis, maxPendingDurableSends);
    }

    public EngineOptions withMaxConnections(int maxConnections) {
        return new EngineOptions(
                addressSettings, security, maxConnections, expiryScanPeriodMillis, maxPendingDurableSends);
    }
}
