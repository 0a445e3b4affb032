package io.ferrymq.transport.openwire.bridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.activemq.advisory.AdvisorySupport;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.command.ActiveMQTopic;
import org.apache.activemq.command.ConnectionId;
import org.apache.activemq.command.ConsumerId;
import org.apache.activemq.command.ConsumerInfo;
import org.apache.activemq.command.DataStructure;
import org.apache.activemq.command.ProducerId;
import org.apache.activemq.command.ProducerInfo;
import org.apache.activemq.command.RemoveInfo;
import org.apache.activemq.command.SessionId;

/**
 * The consumers and producers of the OpenWire connections on one engine, for the consumer and producer advisories
 * ActiveMQ clients ask for ({@code ActiveMQ.Advisory.Consumer.Queue.<name>}, {@code ...Producer.Topic.<name>}): an
 * added consumer or producer is advised with its ConsumerInfo or ProducerInfo, a removed one with a RemoveInfo, each
 * carrying the number of consumers ({@code consumerCount}) or producers ({@code producerCount}) left on the
 * destination, as ActiveMQ Classic does. A consumer of a composite destination is advised on each component. One per
 * engine, held by {@link TempDestinationAdvisories}. Thread safe; listeners are called under this registry's lock on
 * the calling thread and must hop to their own executor.
 */
final class ClientAdvisories {

    static final String CONSUMER_COUNT = "consumerCount";
    static final String PRODUCER_COUNT = "producerCount";

    /** One advisory message to publish. */
    record Advisory(ActiveMQTopic topic, DataStructure data, String countProperty, int count) {
    }

    /** A watcher of consumer and producer advisories. */
    interface Listener {
        void advisory(Advisory advisory);
    }

    private final Map<ConsumerId, ConsumerInfo> consumers = new LinkedHashMap<>();
    private final Map<ProducerId, ProducerInfo> producers = new LinkedHashMap<>();
    private final List<Listener> listeners = new ArrayList<>();

    synchronized void addConsumer(ConsumerInfo info) {
        if (info.getDestination() == null || AdvisoryConsumer.isAdvisory(info.getDestination())
                || consumers.putIfAbsent(info.getConsumerId(), info) != null) {
            return;
        }
        for (ActiveMQDestination d : components(info.getDestination())) {
            publish(new Advisory(AdvisorySupport.getConsumerAdvisoryTopic(d), info, CONSUMER_COUNT,
                    consumerCount(d)));
        }
    }

    synchronized void removeConsumer(ConsumerId id) {
        ConsumerInfo info = consumers.remove(id);
        if (info == null) {
            return;
        }
        for (ActiveMQDestination d : components(info.getDestination())) {
            publish(new Advisory(AdvisorySupport.getConsumerAdvisoryTopic(d), new RemoveInfo(id), CONSUMER_COUNT,
                    consumerCount(d)));
        }
    }

    synchronized void addProducer(ProducerInfo info) {
        if (info.getDestination() == null || AdvisoryConsumer.isAdvisory(info.getDestination())
                || producers.putIfAbsent(info.getProducerId(), info) != null) {
            return;
        }
        for (ActiveMQDestination d : components(info.getDestination())) {
            publish(new Advisory(AdvisorySupport.getProducerAdvisoryTopic(d), info, PRODUCER_COUNT,
                    producerCount(d)));
        }
    }

    synchronized void removeProducer(ProducerId id) {
        ProducerInfo info = producers.remove(id);
        if (info == null) {
            return;
        }
        for (ActiveMQDestination d : components(info.getDestination())) {
            publish(new Advisory(AdvisorySupport.getProducerAdvisoryTopic(d), new RemoveInfo(id), PRODUCER_COUNT,
                    producerCount(d)));
        }
    }

    /** Removes every consumer and producer of a session. */
    synchronized void removeSession(SessionId session) {
        removeAll(c -> c.getParentId().equals(session), p -> p.getParentId().equals(session));
    }

    /** Removes every consumer and producer of a connection. */
    synchronized void removeConnection(ConnectionId connection) {
        removeAll(c -> c.getParentId().getParentId().equals(connection),
                p -> p.getParentId().getParentId().equals(connection));
    }

    private void removeAll(Predicate<ConsumerId> consumer, Predicate<ProducerId> producer) {
        for (ConsumerId id : List.copyOf(consumers.keySet())) {
            if (consumer.test(id)) {
                removeConsumer(id);
            }
        }
        for (ProducerId id : List.copyOf(producers.keySet())) {
            if (producer.test(id)) {
                removeProducer(id);
            }
        }
    }

    /** Registers a listener and returns the advisories of the consumers and producers that exist now. */
    synchronized List<Advisory> watch(Listener listener) {
        listeners.add(listener);
        List<Advisory> now = new ArrayList<>();
        for (ConsumerInfo info : consumers.values()) {
            for (ActiveMQDestination d : components(info.getDestination())) {
                now.add(new Advisory(AdvisorySupport.getConsumerAdvisoryTopic(d), info, CONSUMER_COUNT,
                        consumerCount(d)));
            }
        }
        for (ProducerInfo info : producers.values()) {
            for (ActiveMQDestination d : components(info.getDestination())) {
                now.add(new Advisory(AdvisorySupport.getProducerAdvisoryTopic(d), info, PRODUCER_COUNT,
                        producerCount(d)));
            }
        }
        return now;
    }

    synchronized void unwatch(Listener listener) {
        listeners.remove(listener);
    }

    private void publish(Advisory advisory) {
        listeners.forEach(l -> l.advisory(advisory));
    }

    private int consumerCount(ActiveMQDestination d) {
        return (int) consumers.values().stream().filter(c -> components(c.getDestination()).contains(d)).count();
    }

    private int producerCount(ActiveMQDestination d) {
        return (int) producers.values().stream().filter(p -> components(p.getDestination()).contains(d)).count();
    }

    private static List<ActiveMQDestination> components(ActiveMQDestination d) {
        return d.isComposite() ? List.of(d.getCompositeDestinations()) : List.of(d);
    }
}
