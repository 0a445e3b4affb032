package io.ferrymq.server;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Consumer;
import io.ferrymq.addressing.api.Delivery;
import io.ferrymq.addressing.api.DeliverySink;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.QueueSpec;
import io.ferrymq.addressing.api.RoutingType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * The broker process of {@link KillNineIT}: starts a real server on a data directory, sends durable messages
 * through its engine as fast as the journal confirms them and consumes every third one. Prints {@code SENT n}
 * when a send is confirmed, {@code ACKING n} before it acknowledges and {@code ACKED n} when the acknowledgement
 * is confirmed, until it is killed.
 */
public final class DurabilityChild {

    static final String QUEUE = "durability";

    private DurabilityChild() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // never linger: the test reads our output until we exit
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        PrintStream out = System.out;
        FerryServer server = FerryServer.start(ServerFixture.config(Path.of(args[0])), true);
        EngineSession session = ServerFixture.session(server);
        session.declareQueue(QueueSpec.durableQueue(QUEUE)).toCompletableFuture().join();
        Consumer[] consumer = new Consumer[1];
        consumer[0] = session.subscribe(
                io.ferrymq.addressing.api.SubscriptionSpec.queue(QUEUE).build(),
                new DeliverySink() {
                    @Override
                    public void deliver(Delivery d) {
                        String n = ((Body.Text) d.message().body()).text();
                        if (Integer.parseInt(n) % 3 == 0) {
                            line(out, "ACKING " + n);
                            consumer[0].settle(d.tag(), Outcome.ACCEPTED).thenRun(() -> line(out, "ACKED " + n));
                        }
                    }
                }).toCompletableFuture().join();
        consumer[0].flow(Integer.MAX_VALUE);
        line(out, "READY");
        Semaphore window = new Semaphore(64);
        for (int i = 0; ; i++) {
            window.acquire();
            String n = Integer.toString(i);
            Message m = Message.builder().address(QUEUE).routingType(RoutingType.ANYCAST).durable(true)
                    .body(Body.text(n)).build();
            session.send(m).whenComplete((r, e) -> {
                window.release();
                if (e == null) {
                    line(out, "SENT " + n);
                }
            });
        }
    }

    private static void line(PrintStream out, String s) {
        synchronized (out) {
            out.println(s);
            out.flush();
        }
    }
}
