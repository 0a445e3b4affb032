package io.ferrymq.addressing.api;

/** Why the engine asks a transport to close a connection ({@link ConnectionSink#terminate}). */
public enum CloseReason {
    /** Another connection with the same client id took the session over (MQTT 5 reason 0x8E). */
    SESSION_TAKEN_OVER,
    /** The broker is shutting down (MQTT 5 reason 0x8B). */
    SHUTDOWN,
    /** An administrator closed the connection (MQTT 5 reason 0x98 administrative action). */
    ADMINISTRATIVE
}
