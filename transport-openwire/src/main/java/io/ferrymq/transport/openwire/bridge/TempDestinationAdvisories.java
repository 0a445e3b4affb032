package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.addressing.api.Engine;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.command.ActiveMQDestination;

/**
 * The temporary destinations OpenWire connections created on one engine, and the advisory consumers that watch
 * them ({@code ActiveMQ.Advisory.TempQueue} and {@code .TempTopic}): the ActiveMQ client refuses to send to a
 * temporary destination it has not heard of through these advisories while {@code watchTopicAdvisories} is on (the
 * default). Thread safe; listeners are called on the calling thread and must hop to their own executor.
 */
final class TempDestinationAdvisories {

    /** A watcher of temporary destinations. */
    interface Listener {
        void added(ActiveMQDestination destination);

        void removed(ActiveMQDestination destination);
    }

    private static final Map<Engine, TempDestinationAdvisories> BY_ENGINE =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final Set<ActiveMQDestination> live = ConcurrentHashMap.newKeySet();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ClientAdvisories clients = new ClientAdvisories();

    /** The registry of one engine (one per broker). */
    static TempDestinationAdvisories of(Engine engine) {
        return BY_ENGINE.computeIfAbsent(engine, e -> new TempDestinationAdvisories());
    }

    /** The consumer and producer advisories of the same engine. */
    ClientAdvisories clients() {
        return clients;
    }

    void add(ActiveMQDestination destination) {
        if (live.add(destination)) {
            listeners.forEach(l -> l.added(destination));
        }
    }

    void remove(ActiveMQDestination destination) {
        if (live.remove(destination)) {
            listeners.forEach(l -> l.removed(destination));
        }
    }

    /** Registers a listener and returns the temporary destinations that exist now. */
    Set<ActiveMQDestination> watch(Listener listener) {
        listeners.add(listener);
        return Set.copyOf(live);
    }

    void unwatch(Listener listener) {
        listeners.remove(listener);
    }
}
