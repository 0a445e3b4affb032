package io.ferrymq.transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server's objects that protocols need, looked up by type: the server registers the engine
 * ({@code io.ferrymq.addressing.api.Engine}) and whatever else transports share; a protocol asks
 * {@link ProtocolContext#service(Class)}. This keeps transport-common free of a dependency on the engine while the
 * lookups stay typed. Immutable and thread safe.
 *
 * <p>Lookup is by the exact class registered, not by subtype: register the engine under its API interface.
 */
public final class TransportServices {

    private static final TransportServices EMPTY = new TransportServices(Map.of());

    private final Map<Class<?>, Object> services;

    private TransportServices(Map<Class<?>, Object> services) {
        this.services = Map.copyOf(services);
    }

    /** No services. */
    public static TransportServices empty() {
        return EMPTY;
    }

    /** A builder of services. */
    public static Builder builder() {
        return new Builder();
    }

    /** The service registered under {@code type}, if any. */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    /**
     * The service registered under {@code type}.
     *
     * @throws IllegalStateException naming the type, if none is registered
     */
    public <T> T get(Class<T> type) {
        Object service = services.get(type);
        if (service == null) {
            throw new IllegalStateException("No transport service of type " + type.getName()
                    + " is registered; registered: " + services.keySet().stream().map(Class::getName).toList());
        }
        return type.cast(service);
    }

    @Override
    public String toString() {
        return "TransportServices" + services.keySet().stream().map(Class::getSimpleName).toList();
    }

    /** Collects services; not thread safe. */
    public static final class Builder {

        private final Map<Class<?>, Object> services = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Registers {@code service} under {@code type}.
         *
         * @throws IllegalArgumentException if {@code type} is already registered
         */
        public <T> Builder add(Class<T> type, T service) {
            Object checked = type.cast(java.util.Objects.requireNonNull(service, "service"));
            if (services.putIfAbsent(type, checked) != null) {
                throw new IllegalArgumentException("A service of type " + type.getName() + " is already registered");
            }
            return this;
        }

        /** The services added so far. */
        public TransportServices build() {
            return new TransportServices(services);
        }
    }
}
