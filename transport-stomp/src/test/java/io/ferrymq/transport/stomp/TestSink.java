package io.ferrymq.transport.stomp;

import io.ferrymq.addressing.api.CloseReason;
import io.ferrymq.addressing.api.ConnectionSink;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** A connection sink for engine-level test clients: one thread, always writable. */
final class TestSink implements ConnectionSink {

    private static final Executor EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-sink");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Executor executor() {
        return EXECUTOR;
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public void pauseReads() {
    }

    @Override
    public void resumeReads() {
    }

    @Override
    public void terminate(CloseReason reason) {
    }
}
