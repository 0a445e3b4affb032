package io.ferrymq.transport.stomp.bridge;

import io.ferrymq.addressing.api.Consumer;
import io.ferrymq.addressing.api.Delivery;
import io.ferrymq.addressing.api.DeliverySink;
import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.transport.stomp.StompFrame;
import io.ferrymq.transport.stomp.StompProtocolException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One SUBSCRIBE: an engine consumer, the deliveries that wait for their ACK (in delivery order) and the ack window
 * as engine credit. In auto mode the engine settles on hand-over and every MESSAGE written gives one credit back; in
 * the client modes ACK and NACK give back one credit per settled message, so at most {@code prefetch} messages wait
 * for acknowledgement. Runs on the connection's event loop.
 */
final class StompSubscription implements DeliverySink {

    /** A delivery waiting for its ACK or NACK. */
    record Pending(long tag, String ackId, String messageId) {
    }

    private final EngineFrameProcessor connection;
    private final String id;
    private final String subscriptionHeader;
    private final Destination.Kind kind;
    private final AckMode ackMode;
    private final int prefetch;
    private final String durableName;
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private Consumer consumer;
    private boolean closed;

    StompSubscription(EngineFrameProcessor connection, String id, String subscriptionHeader, Destination.Kind kind,
            AckMode ackMode, int prefetch, String durableName) {
        this.connection = connection;
        this.id = id;
        this.subscriptionHeader = subscriptionHeader;
        this.kind = kind;
        this.ackMode = ackMode;
        this.prefetch = prefetch;
        this.durableName = durableName;
    }

    String id() {
        return id;
    }

    /** The durable subscription name, or null. */
    String durableName() {
        return durableName;
    }

    void attach(Consumer consumer) {
        this.consumer = consumer;
        consumer.flow(prefetch);
    }

    @Override
    public void deliver(Delivery delivery) {
        if (closed) {
            return;
        }
        String messageId = delivery.message().messageId() != null ? delivery.message().messageId()
                : "ferry-" + id + "-" + delivery.tag();
        String ackId = null;
        if (ackMode != AckMode.AUTO) {
            ackId = connection.registerAck(this, delivery.tag());
            pending.put(delivery.tag(), new Pending(delivery.tag(), ackId, messageId));
        }
        StompFrame frame = MessageConverter.toStomp(delivery,
                connection.destinations().render(delivery.message().address(), kind),
                delivery.message().replyTo() == null ? null : connection.destinations().render(
                        delivery.message().replyTo()),
                messageId, subscriptionHeader, connection.ackHeader(ackId));
        connection.channel().write(frame);
        if (ackMode == AckMode.AUTO) {
            consumer.flow(1);
        }
    }

    @Override
    public void closed(EngineException cause) {
        closed = true;
        connection.subscriptionClosedByEngine(this, cause);
    }

    /** The pending delivery with that message id (ACK in 1.0 and 1.1), or null. */
    Pending byMessageId(String messageId) {
        for (Pending p : pending.values()) {
            if (p.messageId().equals(messageId)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Settles a delivery (and, in client mode, every earlier one) and gives the credit back.
     *
     * @throws StompProtocolException when the delivery is not waiting for an ACK
     */
    CompletionStage<Void> settle(long tag, Outcome outcome, Transaction transaction) {
        if (!pending.containsKey(tag)) {
            throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL,
                    "the message is not waiting for an ACK in subscription " + id);
        }
        CompletionStage<Void> done;
        int settled = 0;
        if (ackMode == AckMode.CLIENT) {
            for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.tag() <= tag) {
                    it.remove();
                    connection.forgetAck(p.ackId());
                    settled++;
                }
            }
            done = consumer.settleUpTo(tag, outcome, transaction);
        } else {
            Pending p = pending.remove(tag);
            connection.forgetAck(p.ackId());
            settled = 1;
            done = consumer.settle(tag, outcome, transaction);
        }
        consumer.flow(settled);
        return done;
    }

    /** Closes the engine consumer; unacknowledged deliveries go back to the queue. */
    CompletionStage<Void> close() {
        closed = true;
        pending.values().forEach(p -> connection.forgetAck(p.ackId()));
        pending.clear();
        return consumer == null ? CompletableFuture.completedFuture(null) : consumer.close();
    }
}
