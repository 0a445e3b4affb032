package io.ferrymq.addressing.api;

/** What the engine does when a connection claims a client id another live connection holds. */
public enum ClientIdPolicy {
    /** The id is not exclusive (AMQP container ids, STOMP). */
    SHARED,
    /** The new connection is refused with {@link EngineException.Kind#CLIENT_ID_IN_USE} (JMS, OpenWire). */
    REFUSE_DUPLICATE,
    /** The old connection is terminated with {@link CloseReason#SESSION_TAKEN_OVER} (MQTT §3.1.4). */
    TAKE_OVER
}
