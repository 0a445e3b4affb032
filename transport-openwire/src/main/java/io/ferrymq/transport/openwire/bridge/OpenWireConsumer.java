package io.ferrymq.transport.openwire.bridge;

import java.util.concurrent.CompletionStage;
import org.apache.activemq.command.ConsumerInfo;
import org.apache.activemq.command.MessageAck;

/**
 * One OpenWire consumer as the connection sees it: a {@link ConsumerBridge} on one engine consumer, or a
 * {@link CompositeConsumer} on one engine consumer per component of a composite destination. Called on the
 * connection's event loop; not thread safe.
 */
interface OpenWireConsumer {

    ConsumerInfo info();

    /** Applies an acknowledgement; the stage completes when the engine recorded the settlements. */
    CompletionStage<Void> ack(MessageAck ack, Transactions.Entry tx);

    /** A MessagePull (prefetch 0): timeout -1 is receiveNoWait, 0 waits for ever. */
    void pull(long timeout);

    /**
     * Closes the consumer; {@code lastDeliveredSequenceId} is RemoveInfo's (see {@link ConsumerBridge#close(long)}).
     */
    CompletionStage<Void> close(long lastDeliveredSequenceId);

    /** The connection went away: the engine connection's close returns what is unsettled. */
    void connectionClosed();
}
