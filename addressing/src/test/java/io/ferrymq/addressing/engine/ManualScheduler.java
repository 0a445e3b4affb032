package io.ferrymq.addressing.engine;

import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when a test says so; due tasks run on the test's thread. */
final class ManualScheduler implements EngineScheduler {

    private long now = 1_000_000;
    private final List<Task> tasks = new ArrayList<>();

    private static final class Task implements Cancellable {
        long at;
        final long period;
        final Runnable run;
        boolean cancelled;

        Task(long at, long period, Runnable run) {
            this.at = at;
            this.period = period;
            this.run = run;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public synchronized long now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMillis) {
        Task t = new Task(now + Math.max(0, delayMillis), 0, task);
        tasks.add(t);
        return t;
    }

    @Override
    public synchronized Cancellable scheduleAtFixedRate(Runnable task, long periodMillis) {
        Task t = new Task(now + periodMillis, periodMillis, task);
        tasks.add(t);
        return t;
    }

    /** Moves the clock and runs every task that became due, in time order. */
    void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Task next = null;
            synchronized (this) {
                for (Task t : tasks) {
                    if (!t.cancelled && t.at <= target && (next == null || t.at < next.at)) {
                        next = t;
                    }
                }
                if (next == null) {
                    now = target;
                    tasks.removeIf(t -> t.cancelled);
                    return;
                }
                now = Math.max(now, next.at);
                if (next.period > 0) {
                    next.at += next.period;
                } else {
                    next.cancelled = true;
                }
            }
            next.run.run();
        }
    }

    @Override
    public void close() {}
}
