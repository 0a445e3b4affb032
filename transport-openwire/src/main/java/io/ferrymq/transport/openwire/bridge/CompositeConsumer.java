package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.transport.openwire.CommandChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.command.ConsumerInfo;
import org.apache.activemq.command.MessageAck;
import org.apache.activemq.command.MessageDispatch;
import org.apache.activemq.command.MessageId;
import org.apache.activemq.command.ProducerId;

/**
 * An OpenWire consumer of a composite destination ({@code a,b}, {@code queue://a,topic://b}): one
 * {@link ConsumerBridge} (one engine consumer) per component, all dispatching under the one OpenWire consumer id.
 * Each dispatched message gets an id of this consumer's own (the original id stays its text view, so the
 * application sees the producer's JMSMessageID), so that one message sent to two components arrives twice instead of
 * being dropped by the client's duplicate check; the id maps back to the component that dispatched it, and an ack is
 * split into one ack per component over that component's share of the acknowledged range. Each component gets the
 * full prefetch as credit; the client's prefetch window bounds what it buffers. With prefetch 0 a pull asks every
 * component for one message, and "nothing" is dispatched once every component found nothing. Runs on the
 * connection's event loop; not thread safe.
 */
final class CompositeConsumer implements OpenWireConsumer {

    private static final AtomicLong INSTANCES = new AtomicLong();

    private final ConsumerInfo info;
    private final CommandChannel channel;
    private final List<ConsumerBridge> components = new ArrayList<>();
    /** Dispatched, not yet acknowledged message ids in dispatch order, with the component that dispatched each. */
    private final Map<MessageId, ConsumerBridge> dispatched = new LinkedHashMap<>();
    private final ProducerId idSpace;
    private long sequence;
    private int nothings;

    CompositeConsumer(ConsumerInfo info, CommandChannel channel) {
        this.info = info;
        this.channel = channel;
        this.idSpace = new ProducerId("ID:ferrymq-composite-" + INSTANCES.incrementAndGet() + "-"
                + System.nanoTime() + ":0:0:0");
    }

    /** Adds a component; call before any delivery. */
    void add(ConsumerBridge component) {
        components.add(component);
    }

    List<ConsumerBridge> components() {
        return components;
    }

    @Override
    public ConsumerInfo info() {
        return info;
    }

    /** A component dispatches a message: the id it goes out under. */
    MessageId dispatched(MessageId original, ConsumerBridge component) {
        MessageId id = new MessageId(idSpace, ++sequence);
        id.setTextView(original.toString());
        dispatched.put(id, component);
        nothings = 0;
        return id;
    }

    /** A component found nothing for a pull, or finished browsing: tell the client once all have. */
    void nothing() {
        if (++nothings < components.size()) {
            return;
        }
        nothings = 0;
        MessageDispatch done = new MessageDispatch();
        done.setConsumerId(info.getConsumerId());
        done.setDestination(info.getDestination());
        channel.write(done);
    }

    @Override
    public CompletionStage<Void> ack(MessageAck ack, Transactions.Entry tx) {
        Map<ConsumerBridge, MessageAck> split = split(ack);
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        split.forEach((component, part) -> stages.add(component.ack(part, tx).toCompletableFuture()));
        byte type = ack.getAckType();
        if (type != MessageAck.DELIVERED_ACK_TYPE && type != MessageAck.REDELIVERED_ACK_TYPE) {
            forget(ack);
        }
        return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
    }

    /** Per component, the same ack over the component's first and last message id inside the acknowledged range. */
    private Map<ConsumerBridge, MessageAck> split(MessageAck ack) {
        Map<ConsumerBridge, MessageAck> out = new LinkedHashMap<>();
        MessageId last = ack.getLastMessageId();
        if (last == null || !dispatched.containsKey(last)) {
            return out;
        }
        MessageId first = ack.getFirstMessageId();
        boolean single = first == null || first.equals(last) || ack.getAckType() == MessageAck.INDIVIDUAL_ACK_TYPE;
        if (single && ack.getAckType() != MessageAck.STANDARD_ACK_TYPE) {
            out.put(dispatched.get(last), part(ack, null, last));
            return out;
        }
        boolean inRange = first == null || !dispatched.containsKey(first);
        Map<ConsumerBridge, MessageId[]> bounds = new LinkedHashMap<>();
        for (Map.Entry<MessageId, ConsumerBridge> e : dispatched.entrySet()) {
            if (!inRange && e.getKey().equals(first)) {
                inRange = true;
            }
            if (inRange) {
                MessageId[] b = bounds.computeIfAbsent(e.getValue(), c -> new MessageId[] {e.getKey(), null});
                b[1] = e.getKey();
            }
            if (e.getKey().equals(last)) {
                break;
            }
        }
        bounds.forEach((component, b) -> out.put(component, part(ack, b[0], b[1])));
        return out;
    }

    private static MessageAck part(MessageAck ack, MessageId first, MessageId last) {
        MessageAck part = new MessageAck();
        ack.copy(part);
        part.setFirstMessageId(first);
        part.setLastMessageId(last);
        return part;
    }

    /** Drops the ids a settling ack covered (a standard ack covers everything dispatched up to its last id). */
    private void forget(MessageAck ack) {
        MessageId last = ack.getLastMessageId();
        if (last == null || !dispatched.containsKey(last)) {
            return;
        }
        byte type = ack.getAckType();
        if (type != MessageAck.STANDARD_ACK_TYPE && type != MessageAck.POISON_ACK_TYPE) {
            dispatched.remove(last);
            return;
        }
        MessageId first = type == MessageAck.STANDARD_ACK_TYPE ? null : ack.getFirstMessageId();
        boolean inRange = first == null || !dispatched.containsKey(first);
        var it = dispatched.keySet().iterator();
        while (it.hasNext()) {
            MessageId id = it.next();
            if (!inRange && id.equals(first)) {
                inRange = true;
            }
            if (inRange) {
                it.remove();
            }
            if (id.equals(last)) {
                break;
            }
        }
    }

    @Override
    public void pull(long timeout) {
        nothings = 0;
        components.forEach(c -> c.pull(timeout));
    }

    /** Closes every component; which of their messages reached the application is not known per component. */
    @Override
    public CompletionStage<Void> close(long lastDeliveredSequenceId) {
        dispatched.clear();
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        components.forEach(c -> stages.add(c.close(-2).toCompletableFuture()));
        return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
    }

    @Override
    public void connectionClosed() {
        dispatched.clear();
        components.forEach(ConsumerBridge::connectionClosed);
    }
}
