package io.ferrymq.addressing.engine;

/**
 * The engine's clock and timer: redelivery delays, scheduled delivery, expiry scans, auto-delete delays. The
 * production implementation is {@link SystemScheduler}; tests use a manual clock so time is deterministic.
 * Scheduled tasks must be short: they hop onto the executor that owns the state they touch.
 */
public interface EngineScheduler extends AutoCloseable {

    /** Wall-clock milliseconds since the epoch (message timestamps and expirations use the same clock). */
    long now();

    /** Runs {@code task} once after {@code delayMillis}; the handle cancels it. */
    Cancellable schedule(Runnable task, long delayMillis);

    /** Runs {@code task} every {@code periodMillis}. */
    Cancellable scheduleAtFixedRate(Runnable task, long periodMillis);

    @Override
    void close();

    /** Cancels a scheduled task. */
    interface Cancellable {
        void cancel();
    }
}
