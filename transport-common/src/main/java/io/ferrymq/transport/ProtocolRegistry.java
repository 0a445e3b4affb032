package io.ferrymq.transport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The protocols a server offers: the {@link ProtocolFactory} implementations found once through
 * {@link ServiceLoader}, ordered by name. Immutable and thread safe.
 */
public final class ProtocolRegistry {

    private final Map<String, ProtocolFactory> factories;
    private final List<ProtocolFactory> ordered;

    private ProtocolRegistry(List<ProtocolFactory> found) {
        List<ProtocolFactory> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(ProtocolFactory::name));
        Map<String, ProtocolFactory> byName = new LinkedHashMap<>();
        for (ProtocolFactory factory : sorted) {
            String name = factory.name();
            if (name == null || name.isBlank() || ListenerOptions.AUTO.equals(name)) {
                throw new IllegalStateException("Protocol factory " + factory.getClass().getName()
                        + " has an invalid name: " + name);
            }
            ProtocolFactory previous = byName.putIfAbsent(name, factory);
            if (previous != null) {
                throw new IllegalStateException("Two protocol factories are named '" + name + "': "
                        + previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        this.factories = Map.copyOf(byName);
        this.ordered = List.copyOf(byName.values());
    }

    /**
     * Loads the factories registered in {@code META-INF/services/io.ferrymq.transport.ProtocolFactory} on the
     * class path of this class's class loader.
     *
     * @throws IllegalStateException if two factories share a name
     * @throws java.util.ServiceConfigurationError if a registered factory cannot be instantiated
     */
    public static ProtocolRegistry load() {
        return load(ProtocolRegistry.class.getClassLoader());
    }

    /** Like {@link #load()}, with the given class loader. */
    public static ProtocolRegistry load(ClassLoader classLoader) {
        List<ProtocolFactory> found = new ArrayList<>();
        ServiceLoader.load(ProtocolFactory.class, classLoader).forEach(found::add);
        return new ProtocolRegistry(found);
    }

    /** A registry of exactly the given factories, without {@link ServiceLoader}; for tests and embedding. */
    public static ProtocolRegistry of(List<? extends ProtocolFactory> factories) {
        return new ProtocolRegistry(List.copyOf(factories));
    }

    /** The factory named {@code name}, if registered. */
    public Optional<ProtocolFactory> find(String name) {
        return Optional.ofNullable(factories.get(name));
    }

    /**
     * The factory named {@code name}.
     *
     * @throws IllegalArgumentException naming the registered protocols, if none is named so
     */
    public ProtocolFactory get(String name) {
        ProtocolFactory factory = factories.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown protocol '" + name + "'; registered: " + names());
        }
        return factory;
    }

    /** All registered factories, ordered by name. */
    public List<ProtocolFactory> all() {
        return ordered;
    }

    /** The registered protocol names, ordered. */
    public List<String> names() {
        return ordered.stream().map(ProtocolFactory::name).toList();
    }

    @Override
    public String toString() {
        return "ProtocolRegistry" + names();
    }
}
