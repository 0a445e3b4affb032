package io.ferrymq.transport.mqtt;

/**
 * Why the broker refused an operation, in the terms MQTT return codes and reason codes distinguish. The bridge
 * maps engine errors onto these; the version strategies map these onto the wire.
 */
public enum Failure {
    /** Bad user name or password (3.1.1 0x04, 5.0 0x86). */
    BAD_CREDENTIALS,
    /** Not authorized (3.1.1 0x05, 5.0 0x87). */
    NOT_AUTHORIZED,
    /** A quota or limit (5.0 0x97). */
    QUOTA_EXCEEDED,
    /** The broker cannot serve now (3.1.1 0x03, 5.0 0x88 / 0x8B). */
    UNAVAILABLE,
    /** The topic or filter is not acceptable (5.0 0x90 / 0x8F). */
    TOPIC_INVALID,
    /** Anything else (5.0 0x80). */
    UNSPECIFIED
}
