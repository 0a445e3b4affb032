package io.ferrymq.addressing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.CloseReason;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.ConnectionSink;
import io.ferrymq.addressing.api.Consumer;
import io.ferrymq.addressing.api.Delivery;
import io.ferrymq.addressing.api.DeliverySink;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.SendResult;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.store.MemoryMessageStore;
import io.ferrymq.addressing.store.MessageStore;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * An engine on same-thread executors and a manual clock: every call completes before it returns, so engine tests
 * are deterministic.
 */
final class EngineFixture implements AutoCloseable {

    static final Executor DIRECT = Runnable::run;
    static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 40000);

    final ManualScheduler clock = new ManualScheduler();
    final FerryEngine engine;

    EngineFixture() {
        this(EngineOptions.DEFAULTS, new MemoryMessageStore());
    }

    EngineFixture(EngineOptions options) {
        this(options, new MemoryMessageStore());
    }

    EngineFixture(EngineOptions options, MessageStore store) {
        this(options, store, DIRECT);
    }

    /** Queue tasks on {@code queueExecutor}: a test that runs them itself can interleave them with other calls. */
    EngineFixture(EngineOptions options, MessageStore store, Executor queueExecutor) {
        engine = FerryEngine.builder()
                .options(options)
                .store(store)
                .scheduler(clock)
                .queueExecutor(queueExecutor)
                .blockingExecutor(DIRECT)
                .build();
        engine.start();
    }

    /** A guest connection from loopback. */
    TestConnection connect() {
        return connect(null, null, null, ClientIdPolicy.SHARED);
    }

    TestConnection connect(String user, String password, String clientId, ClientIdPolicy policy) {
        TestConnection c = new TestConnection();
        ConnectRequest request = new ConnectRequest(
                "test", clientId, policy, user, password == null ? null : password.toCharArray(), null, LOOPBACK);
        c.connection = join(engine.open(request, c));
        c.session = c.connection.createSession();
        return c;
    }

    @Override
    public void close() {
        engine.stop();
    }

    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    static EngineException failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(EngineException.class);
            return (EngineException) e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    static Message text(String address, RoutingType type, String text) {
        return Message.builder().address(address).routingType(type).body(Body.text(text)).build();
    }

    static String textOf(Delivery d) {
        return ((Body.Text) d.message().body()).text();
    }

    /** A transport connection with a same-thread executor. */
    static final class TestConnection implements ConnectionSink {
        EngineConnection connection;
        EngineSession session;
        volatile boolean writable = true;
        int paused;
        CloseReason terminated;

        @Override
        public Executor executor() {
            return DIRECT;
        }

        @Override
        public boolean isWritable() {
            return writable;
        }

        @Override
        public void pauseReads() {
            paused++;
        }

        @Override
        public void resumeReads() {
            paused--;
        }

        @Override
        public void terminate(CloseReason reason) {
            terminated = reason;
        }

        SendResult send(Message m) {
            return join(session.send(m));
        }

        SendResult sendText(String address, RoutingType type, String text) {
            return send(text(address, type, text));
        }

        Receiver subscribe(SubscriptionSpec spec, int credit) {
            Receiver r = new Receiver();
            r.consumer = join(session.subscribe(spec, r));
            if (credit > 0) {
                r.consumer.flow(credit);
            }
            return r;
        }

        Receiver consumeQueue(String queue, int credit) {
            return subscribe(SubscriptionSpec.queue(queue).build(), credit);
        }

        void close() {
            join(connection.close());
        }
    }

    /** Records what a consumer receives. */
    static final class Receiver implements DeliverySink {
        final List<Delivery> deliveries = new ArrayList<>();
        Consumer consumer;
        int drained;
        boolean browseComplete;
        EngineException closedBy;

        @Override
        public void deliver(Delivery delivery) {
            deliveries.add(delivery);
        }

        @Override
        public void drained() {
            drained++;
        }

        @Override
        public void browseComplete() {
            browseComplete = true;
        }

        @Override
        public void closed(EngineException cause) {
            closedBy = cause;
        }

        List<String> texts() {
            List<String> out = new ArrayList<>();
            for (Delivery d : deliveries) {
                out.add(textOf(d));
            }
            return out;
        }

        Delivery last() {
            return deliveries.get(deliveries.size() - 1);
        }

        void acceptAll() {
            join(consumer.settleAll(io.ferrymq.addressing.api.Outcome.ACCEPTED, null));
        }
    }
}
