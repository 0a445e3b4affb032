package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.transport.openwire.CommandChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.activemq.command.ActiveMQTopic;
import org.apache.activemq.command.ConsumerInfo;
import org.apache.activemq.command.DataStructure;
import org.apache.activemq.command.DestinationInfo;
import org.apache.activemq.command.MessageDispatch;
import org.apache.activemq.command.MessageId;
import org.apache.activemq.command.ProducerId;
import org.apache.activemq.filter.DestinationFilter;

/**
 * A consumer on ActiveMQ advisory topics ({@code ActiveMQ.Advisory.*}). Two kinds are produced: the temporary
 * destination advisories (each live temporary queue or topic when the consumer starts, then each one created or
 * deleted, as a message carrying a DestinationInfo), and the consumer and producer advisories of
 * {@link ClientAdvisories} on the topics the consumer's destination matches (wildcards included), existing consumers
 * and producers first. Other advisory topics stay silent. Acks for it are ignored.
 */
final class AdvisoryConsumer implements TempDestinationAdvisories.Listener, ClientAdvisories.Listener {

    static final String PREFIX = "ActiveMQ.Advisory.";
    private static final ActiveMQTopic TEMP_QUEUE = new ActiveMQTopic(PREFIX + "TempQueue");
    private static final ActiveMQTopic TEMP_TOPIC = new ActiveMQTopic(PREFIX + "TempTopic");
    private static final ProducerId PRODUCER = new ProducerId("ID:ferrymq-advisory-" + System.nanoTime() + ":0:0:0");
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final ConsumerInfo info;
    private final CommandChannel channel;
    private final TempDestinationAdvisories registry;
    private final ClientAdvisories clients;
    private final List<DestinationFilter> filters = new ArrayList<>();
    private final boolean queues;
    private final boolean topics;
    private final boolean clientAdvisories;

    AdvisoryConsumer(ConsumerInfo info, CommandChannel channel, TempDestinationAdvisories registry,
            ClientAdvisories clients) {
        this.info = info;
        this.channel = channel;
        this.registry = registry;
        this.clients = clients;
        boolean q = false;
        boolean t = false;
        ActiveMQDestination d = info.getDestination();
        ActiveMQDestination[] parts = d.isComposite() ? d.getCompositeDestinations() : new ActiveMQDestination[] {d};
        boolean c = false;
        for (ActiveMQDestination part : parts) {
            String name = part.getPhysicalName();
            q |= name.equals(TEMP_QUEUE.getPhysicalName()) || name.equals(PREFIX + ">");
            t |= name.equals(TEMP_TOPIC.getPhysicalName()) || name.equals(PREFIX + ">");
            c |= name.startsWith(PREFIX + "Consumer.") || name.startsWith(PREFIX + "Producer.")
                    || name.startsWith(PREFIX + "*.") || name.startsWith(PREFIX + ">");
            filters.add(DestinationFilter.parseFilter(part));
        }
        this.queues = q;
        this.topics = t;
        this.clientAdvisories = c;
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
        if (clientAdvisories) {
            clients.watch(this).forEach(this::send);
        }
    }

    void stop() {
        registry.unwatch(this);
        clients.unwatch(this);
    }

    @Override
    public void advisory(ClientAdvisories.Advisory advisory) {
        channel.executor().execute(() -> send(advisory));
    }

    private void send(ClientAdvisories.Advisory advisory) {
        if (filters.stream().noneMatch(f -> f.matches(advisory.topic()))) {
            return;
        }
        ActiveMQMessage message = advisoryMessage(advisory.topic(), advisory.data());
        try {
            message.setProperty(advisory.countProperty(), advisory.count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dispatch(advisory.topic(), message);
    }

    private static ActiveMQMessage advisoryMessage(ActiveMQTopic topic, DataStructure data) {
        ActiveMQMessage message = new ActiveMQMessage();
        message.setMessageId(new MessageId(PRODUCER, SEQUENCE.incrementAndGet()));
        message.setProducerId(PRODUCER);
        message.setDestination(topic);
        message.setDataStructure(data);
        message.setPersistent(false);
        return message;
    }

    private void dispatch(ActiveMQTopic topic, ActiveMQMessage message) {
        MessageDispatch dispatch = new MessageDispatch();
        dispatch.setConsumerId(info.getConsumerId());
        dispatch.setDestination(topic);
        dispatch.setMessage(message);
        channel.write(dispatch);
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
        dispatch(topic, advisoryMessage(topic, change));
    }
}
