package io.ferrymq.transport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the open connections of a whole server against {@link TransportLimits#maxConnections()}. One instance is
 * shared by every listener (the {@link TransportRuntime} owns it). Thread safe, lock free.
 */
public final class ConnectionCounter {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param max the most connections open at once, or {@link TransportLimits#UNLIMITED}
     */
    public ConnectionCounter(int max) {
        if (max < TransportLimits.UNLIMITED || max == 0) {
            throw new IllegalArgumentException("max must be positive or " + TransportLimits.UNLIMITED + ": " + max);
        }
        this.max = max;
    }

    /**
     * Counts one more connection if the limit allows it.
     *
     * @return true if counted (the caller must {@link #release()} it exactly once), false if the limit is reached
     */
    public boolean tryAcquire() {
        while (true) {
            int current = open.get();
            if (max != TransportLimits.UNLIMITED && current >= max) {
                return false;
            }
            if (open.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Uncounts a connection counted by {@link #tryAcquire()}. */
    public void release() {
        if (open.decrementAndGet() < 0) {
            open.incrementAndGet();
            throw new IllegalStateException("release() without tryAcquire()");
        }
    }

    /** The connections counted now. */
    public int current() {
        return open.get();
    }

    /** The limit, or {@link TransportLimits#UNLIMITED}. */
    public int max() {
        return max;
    }
}
