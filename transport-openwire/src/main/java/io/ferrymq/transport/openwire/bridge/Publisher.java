package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.Schedule;
import io.ferrymq.transport.openwire.CommandChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.activemq.command.ProducerAck;
import org.apache.activemq.command.ProducerId;
import org.apache.activemq.command.ProducerInfo;
import org.apache.activemq.command.SessionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producers of one connection and their sends. A message is converted once; a composite destination
 * ({@code a,b}, {@code queue://a,topic://b}) is one engine send per component, answered once all are done; a message
 * to a virtual topic's consumer queue goes to that queue only ({@code topic::queue}). A message with
 * {@code AMQ_SCHEDULED_PERIOD}, {@code _REPEAT} or {@code _CRON} is handed to the engine's scheduler
 * ({@link EngineSession#schedule}); one with only {@code AMQ_SCHEDULED_DELAY} is sent with a delivery time. A sync
 * send is answered, an async one acknowledged to a producer with a window (ProducerAck), once the engine has
 * recorded it. Runs on the connection's event loop; not thread safe.
 */
final class Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final CommandChannel channel;
    private final EngineCommandProcessor processor;
    private final Function<SessionId, EngineSession> sessions;
    private final VirtualTopics virtualTopics;
    private final Map<ProducerId, ProducerInfo> producers = new HashMap<>();

    Publisher(CommandChannel channel, EngineCommandProcessor processor, Function<SessionId, EngineSession> sessions,
            VirtualTopics virtualTopics) {
        this.channel = channel;
        this.processor = processor;
        this.sessions = sessions;
        this.virtualTopics = virtualTopics;
    }

    void add(ProducerInfo producer) {
        producers.put(producer.getProducerId(), producer);
    }

    void remove(ProducerId producer) {
        producers.remove(producer);
    }

    void removeSession(SessionId session) {
        producers.keySet().removeIf(p -> p.getParentId().equals(session));
    }

    /** One message from a producer. */
    void send(ActiveMQMessage m, Transactions transactions) {
        Message message;
        Schedule schedule;
        try {
            message = MessageConverter.toEngine(m);
            schedule = MessageConverter.schedule(m);
        } catch (IOException | RuntimeException e) {
            processor.fail(m, e);
            return;
        }
        ProducerId producerId = m.getProducerId();
        EngineSession session = sessions.apply(producerId == null ? null : producerId.getParentId());
        Transactions.Entry tx = transactions.find(m.getTransactionId());
        if (m.getTransactionId() != null && tx == null) {
            processor.fail(m, new IllegalStateException("unknown transaction " + m.getTransactionId()));
            return;
        }
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (Message component : components(message, m.getDestination())) {
            stages.add(sendOne(session, component, schedule, tx));
        }
        CompletableFuture<Void> sent = CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
        if (tx != null) {
            tx.track(sent);
        }
        int size = m.getSize();
        sent.whenComplete((r, t) -> {
            if (m.isResponseRequired()) {
                if (t != null) {
                    processor.fail(m, t);
                } else {
                    processor.ok(m);
                }
                return;
            }
            if (t != null) {
                LOG.warn("FO2004 async send of {} to {} failed: {}", m.getMessageId(), message.address(),
                        Failures.unwrap(t).toString());
            }
            ProducerInfo producer = producerId == null ? null : producers.get(producerId);
            if (producer != null && producer.getWindowSize() > 0) {
                channel.write(new ProducerAck(producerId, size));
            }
        });
    }

    private static CompletableFuture<?> sendOne(EngineSession session, Message message, Schedule schedule,
            Transactions.Entry tx) {
        if (schedule == null) {
            return session.send(message, tx == null ? null : tx.transaction()).toCompletableFuture();
        }
        // within a transaction the engine starts the schedule at commit
        return session.schedule(message, schedule, tx == null ? null : tx.transaction()).toCompletableFuture();
    }

    /** The engine messages for each component of the destination (one for a simple destination). */
    private List<Message> components(Message message, ActiveMQDestination destination) {
        if (!destination.isComposite()) {
            return List.of(addressed(message, destination));
        }
        List<Message> out = new ArrayList<>();
        for (ActiveMQDestination component : destination.getCompositeDestinations()) {
            out.add(addressed(message, component));
        }
        return out;
    }

    private Message addressed(Message message, ActiveMQDestination destination) {
        String address = Destinations.address(destination);
        RoutingType routingType = Destinations.routingType(destination);
        if (destination.isQueue()) {
            String topic = virtualTopics.topicOf(address);
            if (topic != null) {
                address = topic + "::" + address;
                routingType = RoutingType.MULTICAST;
            }
        }
        if (address.equals(message.address()) && routingType == message.routingType()) {
            return message;
        }
        return message.toBuilder().address(address).routingType(routingType).build();
    }

    /** Clears every producer (the connection is gone). */
    void clear() {
        producers.clear();
    }
}
