package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.security.EngineSecurity;
import io.ferrymq.addressing.settings.AddressSettings;
import io.ferrymq.addressing.settings.AddressSettingsRepository;
import io.ferrymq.addressing.store.MessageStore;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's shared services, handed to its parts instead of the whole engine. Built once by {@link FerryEngine};
 * the component fields are set during construction and never change afterwards.
 */
final class EngineContext {

    final EngineOptions options;
    final AddressSettingsRepository settings;
    final EngineSecurity security;
    final MessageStore store;
    final EngineScheduler scheduler;
    /** Runs the ordered executors of queues. */
    final Executor queueExecutor;
    /** Runs slow work (password hashing) off network threads. */
    final Executor blockingExecutor;

    PostOffice postOffice;
    Router router;
    Subscriptions subscriptions;
    MessageMover mover;
    XaRegistry xa;
    RetainedMessages retained;
    ClientStates clientStates;
    ScheduledJobs jobs;

    private final AtomicLong localIds = new AtomicLong();

    EngineContext(
            EngineOptions options,
            MessageStore store,
            EngineScheduler scheduler,
            Executor queueExecutor,
            Executor blockingExecutor) {
        this.options = options;
        this.settings = new AddressSettingsRepository(options.addressSettings());
        this.security = new EngineSecurity(options.security());
        this.store = store;
        this.scheduler = scheduler;
        this.queueExecutor = queueExecutor;
        this.blockingExecutor = blockingExecutor;
    }

    long now() {
        return scheduler.now();
    }

    AddressSettings settings(String address) {
        return settings.resolve(address);
    }

    OrderedExecutor newOrderedExecutor() {
        return new OrderedExecutor(queueExecutor);
    }

    /** A process-local id for connections, sessions and consumers (not journaled). */
    long nextLocalId() {
        return localIds.incrementAndGet();
    }
}
