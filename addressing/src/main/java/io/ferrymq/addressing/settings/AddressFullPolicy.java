package io.ferrymq.addressing.settings;

/** What happens to a send when its address holds more than {@link AddressSettings#maxSizeBytes()}. */
public enum AddressFullPolicy {
    /** Accept the message, then stop reading from producing connections until the address drains to half. */
    BLOCK,
    /** Refuse the send with an ADDRESS_FULL error. */
    FAIL,
    /** Accept and silently discard the message. */
    DROP
}
