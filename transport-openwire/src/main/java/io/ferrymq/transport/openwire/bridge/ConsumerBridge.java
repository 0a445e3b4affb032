package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.addressing.api.Consumer;
import io.ferrymq.addressing.api.Delivery;
import io.ferrymq.addressing.api.DeliverySink;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.transport.openwire.CommandChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.activemq.command.ConsumerControl;
import org.apache.activemq.command.ConsumerInfo;
import org.apache.activemq.command.MessageAck;
import org.apache.activemq.command.MessageDispatch;
import org.apache.activemq.command.MessageId;
import org.apache.activemq.command.ProducerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenWire consumer on one engine {@link Consumer}. Prefetch is engine credit: the consumer starts with its
 * prefetch size in credit and gets one back for each dispatched message the client acknowledges (delivered,
 * standard, individual or poison ack), once per message. With prefetch 0 each MessagePull gives one credit; a pull
 * that finds nothing within its timeout (or at once for receiveNoWait) is answered with an empty MessageDispatch, as
 * is the end of a browse. Each dispatched message id maps to its engine delivery tag, which also travels as the
 * message id's broker sequence id (RemoveInfo's lastDeliveredSequenceId refers to it). Runs on the connection's
 * event loop.
 */
final class ConsumerBridge implements DeliverySink, OpenWireConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerBridge.class);
    /** Producer id of messages whose id is not an ActiveMQ message id (sent by another protocol). */
    private static final ProducerId FOREIGN = new ProducerId("ID:ferrymq-foreign-" + System.nanoTime() + ":0:0:0");
    private static final AtomicLong FOREIGN_SEQUENCE = new AtomicLong();

    private final ConsumerInfo info;
    private final CommandChannel channel;
    private final String address;
    /** The destination this bridge reads: the consumer's, or one component of its composite destination. */
    private final ActiveMQDestination destination;
    /** The composite consumer this bridge is a component of, or null. */
    private final CompositeConsumer composite;
    private final Map<MessageId, Outstanding> outstanding = new LinkedHashMap<>();
    private Consumer consumer;
    private boolean pullPending;
    private long pullGeneration;
    private boolean closed;

    private static final class Outstanding {
        final long tag;
        final boolean settled;
        boolean credited;

        Outstanding(long tag, boolean settled) {
            this.tag = tag;
            this.settled = settled;
        }
    }

    /**
     * @param address the engine address the consumer reads (a virtual topic for its consumer queues): messages sent
     *     to it carry the consumer's own destination
     */
    ConsumerBridge(ConsumerInfo info, CommandChannel channel, String address) {
        this(info, channel, address, info.getDestination(), null);
    }

    /**
     * A component of a composite consumer: dispatches under the composite consumer's id, with message ids from
     * {@code composite} so that a message in two components arrives twice under distinct ids.
     */
    ConsumerBridge(ConsumerInfo info, CommandChannel channel, String address, ActiveMQDestination destination,
            CompositeConsumer composite) {
        this.info = info;
        this.channel = channel;
        this.address = address;
        this.destination = destination;
        this.composite = composite;
    }

    @Override
    public ConsumerInfo info() {
        return info;
    }

    /** The engine consumer is ready: grant the prefetch. */
    void attach(Consumer engineConsumer) {
        this.consumer = engineConsumer;
        if (info.getPrefetchSize() > 0) {
            consumer.flow(info.getPrefetchSize());
        }
    }

    @Override
    public void deliver(Delivery delivery) {
        if (closed) {
            return;
        }
        pullPending = false;
        ActiveMQMessage message;
        try {
            message = MessageConverter.toOpenWire(delivery.message());
        } catch (IOException | RuntimeException e) {
            LOG.warn("FO2004 cannot convert message {} for consumer {}, rejecting it: {}",
                    delivery.message().messageId(), info.getConsumerId(), e.toString());
            if (!delivery.settled()) {
                consumer.settle(delivery.tag(), Outcome.rejected("not convertible to OpenWire: " + e));
            }
            return;
        }
        MessageId id = messageId(delivery.message().messageId());
        if (composite != null) {
            id = composite.dispatched(id, this);
        }
        id.setBrokerSequenceId(delivery.tag());
        message.setMessageId(id);
        message.setProducerId(id.getProducerId());
        message.setDestination(destinationOf(delivery));
        message.setRedeliveryCounter(delivery.deliveryCount());
        outstanding.put(id, new Outstanding(delivery.tag(), delivery.settled()));
        MessageDispatch dispatch = new MessageDispatch();
        dispatch.setConsumerId(info.getConsumerId());
        dispatch.setDestination(info.getDestination());
        dispatch.setMessage(message);
        dispatch.setRedeliveryCounter(delivery.deliveryCount());
        channel.write(dispatch);
    }

    private ActiveMQDestination destinationOf(Delivery delivery) {
        String messageAddress = delivery.message().address();
        if (messageAddress.equals(address) || destination.isTemporary()) {
            return destination;
        }
        return Destinations.of(messageAddress, Destinations.routingType(destination));
    }

    private static MessageId messageId(String id) {
        if (id != null && id.startsWith("ID:")) {
            try {
                return new MessageId(id);
            } catch (RuntimeException notActiveMq) {
                // fall through: a foreign id that looks like one
            }
        }
        MessageId foreign = new MessageId(FOREIGN, FOREIGN_SEQUENCE.incrementAndGet());
        if (id != null) {
            foreign.setTextView(id);
        }
        return foreign;
    }

    @Override
    public void drained() {
        if (pullPending) {
            pullPending = false;
            dispatchNothing();
        }
    }

    @Override
    public void browseComplete() {
        dispatchNothing();
    }

    @Override
    public void closed(EngineException cause) {
        if (closed) {
            return;
        }
        closed = true;
        ConsumerControl control = new ConsumerControl();
        control.setConsumerId(info.getConsumerId());
        control.setDestination(info.getDestination());
        control.setClose(true);
        channel.write(control);
    }

    private void dispatchNothing() {
        if (composite != null) {
            composite.nothing();
            return;
        }
        MessageDispatch done = new MessageDispatch();
        done.setConsumerId(info.getConsumerId());
        done.setDestination(info.getDestination());
        channel.write(done);
    }

    /** A MessagePull (prefetch 0): one credit; timeout -1 is receiveNoWait, 0 waits for ever. */
    @Override
    public void pull(long timeout) {
        if (consumer == null || closed || info.getPrefetchSize() > 0) {
            return;
        }
        pullPending = true;
        long generation = ++pullGeneration;
        consumer.flow(1);
        if (timeout < 0) {
            consumer.drain();
        } else if (timeout > 0) {
            io.netty.util.concurrent.EventExecutor loop = (io.netty.util.concurrent.EventExecutor) channel.executor();
            loop.schedule(() -> {
                if (!closed && pullPending && generation == pullGeneration) {
                    consumer.drain();
                }
            }, timeout, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Applies an acknowledgement; the stage completes when the engine recorded the settlements. Standard and
     * individual acks inside a transaction are settled only when it commits (ActiveMQ semantics: on rollback the
     * client redelivers from its own buffer and the messages stay dispatched to this consumer).
     *
     * @param tx the transaction of the ack, or null
     */
    @Override
    public CompletionStage<Void> ack(MessageAck ack, Transactions.Entry tx) {
        if (consumer == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<MessageId> covered = covered(ack);
        int credits = 0;
        for (MessageId id : covered) {
            Outstanding o = outstanding.get(id);
            if (!o.credited) {
                o.credited = true;
                credits++;
            }
        }
        CompletionStage<Void> result = CompletableFuture.completedFuture(null);
        byte type = ack.getAckType();
        boolean accepting = type == MessageAck.STANDARD_ACK_TYPE || type == MessageAck.INDIVIDUAL_ACK_TYPE
                || type == MessageAck.UNMATCHED_ACK_TYPE || type == MessageAck.EXPIRED_ACK_TYPE;
        if (accepting && tx != null) {
            tx.onCommit(() -> settle(covered, type, tx.transaction()));
        } else if (accepting) {
            result = settle(covered, type, null);
        } else if (type == MessageAck.POISON_ACK_TYPE) {
            result = settleEach(covered, Outcome.rejected(poisonCause(ack)), null);
        }
        // DELIVERED and REDELIVERED acks only move the prefetch window
        if (credits > 0 && info.getPrefetchSize() > 0 && !closed) {
            consumer.flow(credits);
        }
        return result;
    }

    private CompletionStage<Void> settle(List<MessageId> covered, byte type, Transaction tx) {
        List<MessageId> still = new ArrayList<>();
        for (MessageId id : covered) {
            if (outstanding.containsKey(id)) {
                still.add(id);
            }
        }
        return type == MessageAck.STANDARD_ACK_TYPE
                ? settleCumulative(still, tx)
                : settleEach(still, Outcome.ACCEPTED, tx);
    }

    private static String poisonCause(MessageAck ack) {
        Throwable cause = ack.getPoisonCause();
        return cause == null ? "poison ack from the consumer" : cause.toString();
    }

    /** The outstanding message ids an ack covers, in dispatch order. */
    private List<MessageId> covered(MessageAck ack) {
        List<MessageId> out = new ArrayList<>();
        MessageId last = ack.getLastMessageId();
        if (last == null || !outstanding.containsKey(last)) {
            return out;
        }
        MessageId first = ack.getFirstMessageId();
        boolean single = ack.getAckType() == MessageAck.INDIVIDUAL_ACK_TYPE
                || ack.getAckType() == MessageAck.UNMATCHED_ACK_TYPE
                || ack.getAckType() == MessageAck.EXPIRED_ACK_TYPE
                || (first == null && ack.getAckType() == MessageAck.POISON_ACK_TYPE);
        if (single) {
            out.add(last);
            return out;
        }
        boolean inRange = first == null || !outstanding.containsKey(first)
                || ack.getAckType() == MessageAck.STANDARD_ACK_TYPE;
        for (MessageId id : outstanding.keySet()) {
            if (!inRange && id.equals(first)) {
                inRange = true;
            }
            if (inRange) {
                out.add(id);
            }
            if (id.equals(last)) {
                break;
            }
        }
        return out;
    }

    private CompletionStage<Void> settleCumulative(List<MessageId> covered, Transaction tx) {
        long upTo = -1;
        boolean unsettled = false;
        for (MessageId id : covered) {
            Outstanding o = outstanding.remove(id);
            upTo = Math.max(upTo, o.tag);
            unsettled |= !o.settled;
        }
        if (!unsettled || upTo < 0) {
            return CompletableFuture.completedFuture(null);
        }
        return consumer.settleUpTo(upTo, Outcome.ACCEPTED, tx);
    }

    private CompletionStage<Void> settleEach(List<MessageId> covered, Outcome outcome, Transaction tx) {
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        for (MessageId id : covered) {
            Outstanding o = outstanding.remove(id);
            if (!o.settled) {
                stages.add(consumer.settle(o.tag, outcome, tx).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
    }

    /**
     * Closes the consumer. Messages dispatched after {@code lastDeliveredSequenceId} (a delivery tag: RemoveInfo's
     * lastDeliveredSequenceId) never reached the application: they go back without counting as a delivery attempt
     * ({@link Consumer#close(long)}). -1 means none reached it; -2 (or less) means unknown, and all count.
     */
    @Override
    public CompletionStage<Void> close(long lastDeliveredSequenceId) {
        closed = true;
        outstanding.clear();
        if (consumer == null) {
            return CompletableFuture.completedFuture(null);
        }
        return lastDeliveredSequenceId >= -1 ? consumer.close(lastDeliveredSequenceId) : consumer.close();
    }

    /** The connection went away: the engine connection's close returns what is unsettled. */
    @Override
    public void connectionClosed() {
        closed = true;
    }
}
