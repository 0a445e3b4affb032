package io.ferrymq.transport.mqtt;

import io.netty.handler.codec.mqtt.MqttMessage;

/** Where a session's outbound packets go: the channel, or a test's list. Called on the connection's event loop. */
interface PacketWriter {

    /** Writes a packet (flushed at the end of the current read or by {@link #flush()}). */
    void write(MqttMessage packet);

    /** Flushes written packets. */
    void flush();

    /** Flushes and closes the network connection. */
    void close();

    /** Whether the channel takes more writes now. */
    boolean isWritable();
}
