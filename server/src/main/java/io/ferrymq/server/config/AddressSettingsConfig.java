package io.ferrymq.server.config;

import java.time.Duration;

/**
 * Settings for the addresses matching one pattern, as configured. Every field is optional: null means "inherit
 * from a less specific pattern, then the engine's defaults". The engine's {@code AddressSettings} has the same
 * fields (durations there are milliseconds).
 *
 * @param autoCreateAddresses create an address on first use
 * @param autoCreateQueues create the queues of an address on first use
 * @param autoDeleteAddresses delete an auto-created address when its last queue goes
 * @param autoDeleteQueues delete an auto-created queue when it has neither messages nor consumers
 * @param autoDeleteDelay how long an auto-created queue must stay empty and unused before it is deleted
 * @param defaultRoutingType the routing type of an auto-created address when the client does not say
 * @param deadLetterAddress where messages go after {@code maxDeliveryAttempts}
 * @param expiryAddress where expired messages go
 * @param maxDeliveryAttempts deliveries before a message is dead-lettered; -1 for unlimited
 * @param redeliveryDelay wait before a failed message is delivered again
 * @param redeliveryMultiplier factor (>= 1) applied to the delay for each further failure
 * @param maxRedeliveryDelay cap of the growing delay
 * @param maxSizeBytes memory the address's messages may hold, in bytes; -1 for no limit
 * @param addressFullPolicy what happens to a send past {@code maxSizeBytes}
 * @param lastValueKey message property that makes auto-created queues last-value queues
 * @param deadLetterAddressPrefix when set, dead letters of address A go to the address prefix + A (per-destination
 *     dead-letter queues) instead of {@code deadLetterAddress}
 */
public record AddressSettingsConfig(
        Boolean autoCreateAddresses,
        Boolean autoCreateQueues,
        Boolean autoDeleteAddresses,
        Boolean autoDeleteQueues,
        Duration autoDeleteDelay,
        RoutingType defaultRoutingType,
        String deadLetterAddress,
        String expiryAddress,
        Integer maxDeliveryAttempts,
        Duration redeliveryDelay,
        Double redeliveryMultiplier,
        Duration maxRedeliveryDelay,
        Long maxSizeBytes,
        AddressFullPolicy addressFullPolicy,
        String lastValueKey,
        String deadLetterAddressPrefix) {

    /** An entry with nothing set. */
    public static final AddressSettingsConfig EMPTY = builder().build();

    /** How an auto-created address routes; same constants as the engine's {@code RoutingType}. */
    public enum RoutingType {
        /** Point to point: consumers compete for each message. */
        ANYCAST,
        /** Publish/subscribe: every subscription gets a copy. */
        MULTICAST
    }

    /**
     * What happens to a send when the address is full; same constants as the engine's {@code AddressFullPolicy}.
     * There is no {@code PAGE}: paging is not implemented, and the configuration rejects it.
     */
    public enum AddressFullPolicy {
        /** Accept the message, then stop reading from producers until the address drains to half. */
        BLOCK,
        /** Refuse the send. */
        FAIL,
        /** Accept and discard the message. */
        DROP
    }

    /** Checks the ranges of the fields that are set. */
    public AddressSettingsConfig {
        if (autoDeleteDelay != null) {
            ValueTypes.DURATION.require("autoDeleteDelay", autoDeleteDelay);
        }
        if (deadLetterAddress != null) {
            ValueTypes.STRING.require("deadLetterAddress", deadLetterAddress);
        }
        if (expiryAddress != null) {
            ValueTypes.STRING.require("expiryAddress", expiryAddress);
        }
        if (maxDeliveryAttempts != null) {
            ValueTypes.UNLIMITED_OR_POSITIVE_INT.require("maxDeliveryAttempts", maxDeliveryAttempts);
        }
        if (redeliveryDelay != null) {
            ValueTypes.DURATION.require("redeliveryDelay", redeliveryDelay);
        }
        if (redeliveryMultiplier != null) {
            ValueTypes.MULTIPLIER.require("redeliveryMultiplier", redeliveryMultiplier);
        }
        if (maxRedeliveryDelay != null) {
            ValueTypes.DURATION.require("maxRedeliveryDelay", maxRedeliveryDelay);
        }
        if (maxSizeBytes != null) {
            ValueTypes.UNLIMITED_OR_POSITIVE_SIZE.require("maxSizeBytes", maxSizeBytes);
        }
        if (lastValueKey != null) {
            ValueTypes.STRING.require("lastValueKey", lastValueKey);
        }
        if (deadLetterAddressPrefix != null) {
            ValueTypes.STRING.require("deadLetterAddressPrefix", deadLetterAddressPrefix);
        }
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an entry field by field; unset fields stay null (inherit). Not thread safe. */
    public static final class Builder {
        private Boolean autoCreateAddresses;
        private Boolean autoCreateQueues;
        private Boolean autoDeleteAddresses;
        private Boolean autoDeleteQueues;
        private Duration autoDeleteDelay;
        private RoutingType defaultRoutingType;
        private String deadLetterAddress;
        private String expiryAddress;
        private Integer maxDeliveryAttempts;
        private Duration redeliveryDelay;
        private Double redeliveryMultiplier;
        private Duration maxRedeliveryDelay;
        private Long maxSizeBytes;
        private AddressFullPolicy addressFullPolicy;
        private String lastValueKey;
        private String deadLetterAddressPrefix;

        private Builder() {}

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

        public Builder autoDeleteDelay(Duration v) {
            autoDeleteDelay = v;
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

        public Builder expiryAddress(String v) {
            expiryAddress = v;
            return this;
        }

        public Builder maxDeliveryAttempts(Integer v) {
            maxDeliveryAttempts = v;
            return this;
        }

        public Builder redeliveryDelay(Duration v) {
            redeliveryDelay = v;
            return this;
        }

        public Builder redeliveryMultiplier(Double v) {
            redeliveryMultiplier = v;
            return this;
        }

        public Builder maxRedeliveryDelay(Duration v) {
            maxRedeliveryDelay = v;
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

        /** The entry; throws {@link IllegalArgumentException} when a set field is out of range. */
        public AddressSettingsConfig build() {
            return new AddressSettingsConfig(
                    autoCreateAddresses, autoCreateQueues, autoDeleteAddresses, autoDeleteQueues, autoDeleteDelay,
                    defaultRoutingType, deadLetterAddress, expiryAddress, maxDeliveryAttempts, redeliveryDelay,
                    redeliveryMultiplier, maxRedeliveryDelay, maxSizeBytes, addressFullPolicy, lastValueKey,
                    deadLetterAddressPrefix);
        }
    }
}
