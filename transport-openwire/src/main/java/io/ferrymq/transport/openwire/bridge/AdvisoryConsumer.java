package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.transport.openwire.CommandChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.activemq.command.ActiveMQTopic;
import org.apache.activemq.command.ConsumerInfo;
import org.apache.activemq.command.DestinationInfo;
import org.apache.activemq.command.MessageDispatch;
import org.apache.activemq.command.MessageId;
import org.apache.activemq.command.ProducerId;

/**
 * A consumer on ActiveMQ advisory topics ({@code ActiveMQ.Advisory.*}). Only the temporary destination advisories
 * are produced: each live temporary queue or topic when the consumer starts, then each one created or deleted, as a
 * message carrying a DestinationInfo. Other advisory topics stay silent. Acks for it are ignored.
 */
final class AdvisoryConsumer implements TempDestinationAdvisories.Listener {

    static final String PREFIX = "ActiveMQ.Advisory.";
    private static final ActiveMQTopic TEMP_QUEUE = new ActiveMQTopic(PREFIX + "TempQueue");
    private static final ActiveMQTopic TEMP_TOPIC = new ActiveMQTopic(PREFIX + "TempTopic");
    private static final ProducerId PRODUCER = new ProducerId("ID:ferrymq-advisory-" + System.nanoTime() + ":0:0:0");
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final ConsumerInfo info;
    private final CommandChannel channel;
    private final TempDestinationAdvisories registry;
    private final boolean queues;
    private final boolean topics;

    AdvisoryConsumer(ConsumerInfo info, CommandChannel channel, TempDestinationAdvisories registry) {
        this.info = info;
        this.channel = channel;
        this.registry = registry;
        boolean q = false;
        boolean t = false;
        ActiveMQDestination d = info.getDestination();
        ActiveMQDestination[] parts = d.isComposite() ? d.getCompositeDestinations() : new ActiveMQDestination[] {d};
        for (ActiveMQDestination part : parts) {
            String name = part.getPhysicalName();
            q |= name.equals(TEMP_QUEUE.getPhysicalName()) || name.equals(PREFIX + ">");
            t |= name.equals(TEMP_TOPIC.getPhysicalName()) || name.equals(PREFIX + ">");
        }
        this.queues = q;
        this.topics = t;
    }

    static boolean isAdvisory(ActiveMQDestination d) {
        ActiveMQDestination[] parts = d.isComposite() ? d.getCompositeDestinations() : new ActiveMQDestination[] {d};
        for (ActiveMQDestination part : parts) {
            if (!part.isTopic() || !part.getPhysicalName().startsWith(PREFIX)) {
                return false;
            }
        }
        return true;
    }

    /** Starts watching; call on the connection's event loop. */
    void start() {
        if (queues || topics) {
            for (ActiveMQDestination d : registry.watch(this)) {
                send(d, DestinationInfo.ADD_OPERATION_TYPE);
            }
        }
    }

    void stop() {
        registry.unwatch(this);
    }

    @Override
    public void added(ActiveMQDestination destination) {
        channel.executor().execute(() -> send(destination, DestinationInfo.ADD_OPERATION_TYPE));
    }

    @Override
    public void removed(ActiveMQDestination destination) {
        channel.executor().execute(() -> send(destination, DestinationInfo.REMOVE_OPERATION_TYPE));
    }

    private void send(ActiveMQDestination destination, byte operation) {
        if (destination.isQueue() ? !queues : !topics) {
            return;
        }
        ActiveMQTopic topic = destination.isQueue() ? TEMP_QUEUE : TEMP_TOPIC;
        DestinationInfo change = new DestinationInfo(null, operation, destination);
        ActiveMQMessage message = new ActiveMQMessage();
        message.setMessageId(new MessageId(PRODUCER, SEQUENCE.incrementAndGet()));
        message.setProducerId(PRODUCER);
        message.setDestination(topic);
        message.setDataStructure(change);
        message.setPersistent(false);
        MessageDispatch dispatch = new MessageDispatch();
        dispatch.setConsumerId(info.getConsumerId());
        dispatch.setDestination(topic);
        dispatch.setMessage(message);
        channel.write(dispatch);
    }
}
