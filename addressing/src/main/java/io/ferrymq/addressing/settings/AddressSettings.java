package io.ferrymq.addressing.settings;

import io.ferrymq.addressing.api.RoutingType;
import java.util.Objects;

/**
 * Settings that apply to the addresses matching a pattern, as in Artemis's address-settings. Every field may be
 * null in a configured entry, meaning "inherit from a less specific match"; {@link AddressSettingsRepository}
 * resolves an address to a complete instance whose fields are all set (except the optional ones noted below).
 *
 * @param autoCreateAddresses create an address on first use
 * @param autoCreateQueues create the anycast queue of an address (and subscription queues) on first use
 * @param autoDeleteAddresses delete an auto-created address when its last queue goes
 * @param autoDeleteQueues delete an auto-created queue when it has neither messages nor consumers
 * @param autoDeleteDelayMillis how long an auto-created queue must stay empty and unused before it is deleted
 * @param defaultRoutingType the routing type of an auto-created address when the client does not say
 * @param deadLetterAddress where messages go after {@code maxDeliveryAttempts} or when rejected; optional (null:
 *     such messages are dropped, with a log line)
 * @param maxDeliveryAttempts deliveries before a message is dead-lettered; -1 for unlimited
 * @param redeliveryDelayMillis wait before a failed message is delivered again
 * @param redeliveryMultiplier factor applied to the delay for each further failure
 * @param maxRedeliveryDelayMillis cap of the growing delay; optional (null: ten times the delay, as Artemis)
 * @param expiryAddress where expired messages go; optional (null: dropped)
 * @param maxSizeBytes memory the address's messages may hold; -1 for no limit
 * @param addressFullPolicy what happens past {@code maxSizeBytes}
 * @param lastValueKey property that makes auto-created queues last-value queues; optional
 * @param deadLetterAddressPrefix when set, a message dead-lettered from address A goes to the address
 *     {@code prefix + A} instead of {@code deadLetterAddress} (a per-destination dead-letter queue, ActiveMQ's
 *     individualDeadLetterStrategy); optional
 */
public record AddressSettings(
        Boolean autoCreateAddresses,
        Boolean autoCreateQueues,
        Boolean autoDeleteAddresses,
        Boolean autoDeleteQueues,
        Long autoDeleteDelayMillis,
        RoutingType defaultRoutingType,
        String deadLetterAddress,
        Integer maxDeliveryAttempts,
        Long redeliveryDelayMillis,
        Double redeliveryMultiplier,
        Long maxRedeliveryDelayMillis,
        String expiryAddress,
        Long maxSizeBytes,
        AddressFullPolicy addressFullPolicy,
        String lastValueKey,
        String deadLetterAddressPrefix) {

    /** Artemis's defaults, except the full policy (no paging yet: BLOCK). */
    public static final AddressSettings DEFAULTS = new AddressSettings(
            true, true, true, true, 0L, RoutingType.MULTICAST, "DLQ", 10, 0L, 1.0, null, "ExpiryQueue", -1L,
            AddressFullPolicy.BLOCK, null, null);

    /** An entry with nothing set. */
    public static final AddressSettings EMPTY =
            new AddressSettings(
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** This entry with its unset fields taken from {@code lessSpecific}. */
    public AddressSettings mergeWith(AddressSettings lessSpecific) {
        AddressSettings o = lessSpecific;
        return new AddressSettings(
                or(autoCreateAddresses, o.autoCreateAddresses),
                or(autoCreateQueues, o.autoCreateQueues),
                or(autoDeleteAddresses, o.autoDeleteAddresses),
                or(autoDeleteQueues, o.autoDeleteQueues),
                or(autoDeleteDelayMillis, o.autoDeleteDelayMillis),
                or(defaultRoutingType, o.defaultRoutingType),
                or(deadLetterAddress, o.deadLetterAddress),
                or(maxDeliveryAttempts, o.maxDeliveryAttempts),
                or(redeliveryDelayMillis, o.redeliveryDelayMillis),
                or(redeliveryMultiplier, o.redeliveryMultiplier),
                or(maxRedeliveryDelayMillis, o.maxRedeliveryDelayMillis),
                or(expiryAddress, o.expiryAddress),
                or(maxSizeBytes, o.maxSizeBytes),
                or(addressFullPolicy, o.addressFullPolicy),
                or(lastValueKey, o.lastValueKey),
                or(deadLetterAddressPrefix, o.deadLetterAddressPrefix));
    }

    /**
     * The delay before redelivery after {@code failures} failed deliveries (1 for the first failure): the delay times
     * the multiplier to the power of failures - 1, capped.
     */
    public long redeliveryDelayFor(int failures) {
        long base = redeliveryDelayMillis == null ? 0 : redeliveryDelayMillis;
        if (base <= 0) {
            return 0;
        }
        double multiplier = redeliveryMultiplier == null ? 1.0 : redeliveryMultiplier;
        long cap = maxRedeliveryDelayMillis != null ? maxRedeliveryDelayMillis : base * 10;
        double delay = base * Math.pow(multiplier, Math.max(0, failures - 1));
        return (long) Math.min(delay, cap);
    }

    /** Whether a message that failed {@code failures} times has used up its attempts. */
    public boolean attemptsExhausted(int failures) {
        int max = maxDeliveryAttempts == null ? -1 : maxDeliveryAttempts;
        return max > 0 && failures >= max;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** A builder-like copy with one field changed, for tests and programmatic configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an entry field by field; unset fields stay null (inherit). */
    public static final class Builder {
        private Boolean autoCreateAddresses;
        private Boolean autoCreateQueues;
        private Boolean autoDeleteAddresses;
        private Boolean autoDeleteQueues;
        private Long autoDeleteDelayMillis;
        private RoutingType defaultRoutingType;
        private String deadLetterAddress;
        private Integer maxDeliveryAttempts;
        private Long redeliveryDelayMillis;
        private Double redeliveryMultiplier;
        private Long maxRedeliveryDelayMillis;
        private String expiryAddress;
        private Long maxSizeBytes;
        private AddressFullPolicy addressFullPolicy;
        private String lastValueKey;
        private String deadLetterAddressPrefix;

        public Builder autoCreateAddresses(Boolean v) {
            autoCreateAddresses = v;
            return this;
        }

        public Builder autoCreateQueues(Boolean v) {
            autoCreateQueues = v;
            return this;
        }

        public Builder autoDeleteAddresses(Boolean v) {
            autoDeleteAddresses = v;
            return this;
        }

        public Builder autoDeleteQueues(Boolean v) {
            autoDeleteQueues = v;
            return this;
        }

        public Builder autoDeleteDelayMillis(Long v) {
            autoDeleteDelayMillis = v;
            return this;
        }

        public Builder defaultRoutingType(RoutingType v) {
            defaultRoutingType = v;
            return this;
        }

        public Builder deadLetterAddress(String v) {
            deadLetterAddress = v;
            return this;
        }

        public Builder maxDeliveryAttempts(Integer v) {
            maxDeliveryAttempts = v;
            return this;
        }

        public Builder redeliveryDelayMillis(Long v) {
            redeliveryDelayMillis = v;
            return this;
        }

        public Builder redeliveryMultiplier(Double v) {
            redeliveryMultiplier = v;
            return this;
        }

        public Builder maxRedeliveryDelayMillis(Long v) {
            maxRedeliveryDelayMillis = v;
            return this;
        }

        public Builder expiryAddress(String v) {
            expiryAddress = v;
            return this;
        }

        public Builder maxSizeBytes(Long v) {
            maxSizeBytes = v;
            return this;
        }

        public Builder addressFullPolicy(AddressFullPolicy v) {
            addressFullPolicy = v;
            return this;
        }

        public Builder lastValueKey(String v) {
            lastValueKey = v;
            return this;
        }

        public Builder deadLetterAddressPrefix(String v) {
            deadLetterAddressPrefix = v;
            return this;
        }

        public AddressSettings build() {
            return new AddressSettings(
                    autoCreateAddresses, autoCreateQueues, autoDeleteAddresses, autoDeleteQueues,
                    autoDeleteDelayMillis, defaultRoutingType, deadLetterAddress, maxDeliveryAttempts,
                    redeliveryDelayMillis, redeliveryMultiplier, maxRedeliveryDelayMillis, expiryAddress,
                    maxSizeBytes, addressFullPolicy, lastValueKey, deadLetterAddressPrefix);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressSettings s
                && Objects.equals(autoCreateAddresses, s.autoCreateAddresses)
                && Objects.equals(autoCreateQueues, s.autoCreateQueues)
                && Objects.equals(autoDeleteAddresses, s.autoDeleteAddresses)
                && Objects.equals(autoDeleteQueues, s.autoDeleteQueues)
                && Objects.equals(autoDeleteDelayMillis, s.autoDeleteDelayMillis)
                && defaultRoutingType == s.defaultRoutingType
                && Objects.equals(deadLetterAddress, s.deadLetterAddress)
                && Objects.equals(maxDeliveryAttempts, s.maxDeliveryAttempts)
                && Objects.equals(redeliveryDelayMillis, s.redeliveryDelayMillis)
                && Objects.equals(redeliveryMultiplier, s.redeliveryMultiplier)
                && Objects.equals(maxRedeliveryDelayMillis, s.maxRedeliveryDelayMillis)
                && Objects.equals(expiryAddress, s.expiryAddress)
                && Objects.equals(maxSizeBytes, s.maxSizeBytes)
                && addressFullPolicy == s.addressFullPolicy
                && Objects.equals(lastValueKey, s.lastValueKey)
                && Objects.equals(deadLetterAddressPrefix, s.deadLetterAddressPrefix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(autoCreateAddresses, deadLetterAddress, maxDeliveryAttempts, expiryAddress, maxSizeBytes);
    }
}
