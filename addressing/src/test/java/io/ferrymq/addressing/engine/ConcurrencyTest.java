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
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.SubscriptionSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The engine on its real thread pools: many producers and consumers, every message consumed exactly once. */
class ConcurrencyTest {

    @Test
    void competingConsumersUnderConcurrentProducers() throws Exception {
        FerryEngine engine = FerryEngine.builder().build();
        engine.start();
        List<ExecutorService> loops = new ArrayList<>();
        try {
            Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
            AtomicInteger total = new AtomicInteger();
            for (int c = 0; c < 3; c++) {
                ExecutorService loop = Executors.newSingleThreadExecutor();
                loops.add(loop);
                EngineSession session = session(engine, loop);
                Consumer[] consumer = new Consumer[1];
                consumer[0] = session.subscribe(SubscriptionSpec.queue("work").build(), new DeliverySink() {
                    @Override
                    public void deliver(Delivery d) {
                        received.computeIfAbsent(((Body.Text) d.message().body()).text(), k -> new AtomicInteger())
                                .incrementAndGet();
                        total.incrementAndGet();
                        consumer[0].settle(d.tag(), Outcome.ACCEPTED);
                        consumer[0].flow(1);
                    }
                }).toCompletableFuture().join();
                consumer[0].flow(50);
            }
            List<CompletableFuture<?>> producers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                ExecutorService loop = Executors.newSingleThreadExecutor();
                loops.add(loop);
                EngineSession session = session(engine, loop);
                int producer = p;
                producers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 2000; i++) {
                        session.send(Message.builder().address("work").routingType(RoutingType.ANYCAST)
                                .body(Body.text(producer + "-" + i)).build());
                    }
                }));
            }
            CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).join();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> total.get() >= 8000);
            assertThat(received).hasSize(8000);
            assertThat(received.values()).allMatch(n -> n.get() == 1);
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> engine.queue("work").orElseThrow().messageCount() == 0);
        } finally {
            engine.stop();
            loops.forEach(ExecutorService::shutdownNow);
        }
    }

    private static EngineSession session(FerryEngine engine, ExecutorService loop) {
        ConnectionSink sink = new ConnectionSink() {
            @Override
            public java.util.concurrent.Executor executor() {
                return loop;
            }

            @Override
            public boolean isWritable() {
                return true;
            }

            @Override
            public void pauseReads() {}

            @Override
            public void resumeReads() {}

            @Override
            public void terminate(CloseReason reason) {}
        };
        return engine.open(new ConnectRequest("test", null, ClientIdPolicy.SHARED, null, null, null,
                EngineFixture.LOOPBACK), sink).toCompletableFuture().join().createSession();
    }
}
