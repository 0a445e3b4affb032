package io.ferrymq.addressing.engine;

import static io.ferrymq.addressing.engine.EngineFixture.DIRECT;
import static io.ferrymq.addressing.engine.EngineFixture.LOOPBACK;
import static io.ferrymq.addressing.engine.EngineFixture.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.engine.EngineFixture.Receiver;
import io.ferrymq.addressing.engine.EngineFixture.TestConnection;
import io.ferrymq.addressing.store.MemoryMessageStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client id taken over while the previous connection's own close is still releasing its consumers (an MQTT
 * client reconnecting right after its socket dropped): the new connection waits for that release, so it can
 * reattach the subscription the old consumer held.
 */
class TakeOverTest {

    private final HeldExecutor queues = new HeldExecutor();
    private final FerryEngine engine = FerryEngine.builder()
            .options(EngineOptions.DEFAULTS)
            .store(new MemoryMessageStore())
            .scheduler(new ManualScheduler())
            .queueExecutor(queues)
            .blockingExecutor(DIRECT)
            .build();

    @AfterEach
    void stop() {
        queues.release();
        engine.stop();
    }

    @Test
    void aTakeOverWaitsForTheReleaseThePreviousConnectionBegan() throws Exception {
        engine.start();
        SubscriptionSpec spec = SubscriptionSpec.topic("dev.t").durable("device-1", "sub").build();
        TestConnection first = connect();
        first.subscribe(spec, 10);

        queues.hold(); // the old consumer's close waits on its queue's executor
        CompletableFuture<Void> closing = first.connection.close().toCompletableFuture();
        CompletableFuture<TestConnection> second = CompletableFuture.supplyAsync(this::connect);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(closing).as("the first connection's release").isNotDone();
            assertThat(second).as("the take-over waits for that release").isNotDone();
        });

        queues.release();
        TestConnection next = second.get(5, TimeUnit.SECONDS);
        Receiver resumed = next.subscribe(spec, 10); // before: QUEUE_IN_USE, the old consumer was still attached
        assertThat(resumed.consumer).isNotNull();
        assertThat(closing).isCompleted();
    }

    private TestConnection connect() {
        TestConnection c = new TestConnection();
        ConnectRequest request = new ConnectRequest(
                "test", "device-1", ClientIdPolicy.TAKE_OVER, null, null, null, LOOPBACK);
        c.connection = join(engine.open(request, c));
        c.session = c.connection.createSession();
        return c;
    }

    /** Runs tasks on the calling thread, or keeps them while held and runs them, in order, at release. */
    private static final class HeldExecutor implements Executor {
        private final Queue<Runnable> held = new ArrayDeque<>();
        private boolean holding;

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                if (holding) {
                    held.add(task);
                    return;
                }
            }
            task.run();
        }

        synchronized void hold() {
            holding = true;
        }

        void release() {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = held.poll();
                    if (next == null) {
                        holding = false;
                        return;
                    }
                }
                next.run();
            }
        }
    }
}
