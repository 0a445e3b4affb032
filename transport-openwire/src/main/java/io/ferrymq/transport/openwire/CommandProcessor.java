package io.ferrymq.transport.openwire;

import org.apache.activemq.command.Command;

/**
 * What an OpenWire connection does with the commands a client sends once the wire format is negotiated: the
 * broker side (see the {@code bridge} package). One instance per connection; every method runs on the connection's
 * event loop and must not block.
 */
public interface CommandProcessor {

    /**
     * One command from the client (never a WireFormatInfo or KeepAliveInfo: the protocol side answers those). Every
     * command with {@code isResponseRequired()} must be answered with a Response or ExceptionResponse carrying its
     * command id as correlation id.
     */
    void process(Command command);

    /** The channel became writable again. */
    void writabilityChanged();

    /** The network connection is gone: release everything. Called once. */
    void closed();
}
