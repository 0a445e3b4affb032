package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Consumer;
import io.ferrymq.addressing.api.Delivery;
import io.ferrymq.addressing.api.DeliverySink;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.SubscriptionSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persistence contract under a crash: a server process sending and consuming durable messages is killed with
 * SIGKILL; after a restart every message whose send was confirmed is there exactly once and no message whose
 * acknowledgement was confirmed comes back.
 */
class KillNineIT {

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void confirmedSendsSurviveAndConfirmedAcksStayGone() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                DurabilityChild.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        // a child that never prints must not hang the build
        CompletableFuture.delayedExecutor(2, TimeUnit.MINUTES)
                .execute(() -> child.toHandle().destroyForcibly());
        Set<Integer> sent = new HashSet<>();
        Set<Integer> acked = new HashSet<>();
        Set<Integer> acking = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("SENT ")) {
                    sent.add(Integer.parseInt(line.substring(5)));
                } else if (line.startsWith("ACKED ")) {
                    acked.add(Integer.parseInt(line.substring(6)));
                } else if (line.startsWith("ACKING ")) {
                    acking.add(Integer.parseInt(line.substring(7)));
                }
                if (sent.size() >= 3000 && acked.size() >= 300 && !killed) {
                    // mid-stream: the child is still sending and acknowledging
                    child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroy it keeps our pipes open
                    killed = true;
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sent).hasSizeGreaterThanOrEqualTo(3000);

        Map<Integer, Integer> seen = new HashMap<>();
        try (FerryServer server = FerryServer.start(ServerFixture.config(dataDir), true)) {
            long stored = server.engine().queue(DurabilityChild.QUEUE).orElseThrow().messageCount();
            EngineSession session = ServerFixture.session(server);
            ConcurrentLinkedQueue<Delivery> got = new ConcurrentLinkedQueue<>();
            Consumer consumer = session.subscribe(SubscriptionSpec.queue(DurabilityChild.QUEUE).build(), new DeliverySink() {
                @Override
                public void deliver(Delivery d) {
                    got.add(d);
                }
            }).toCompletableFuture().join();
            consumer.flow(Integer.MAX_VALUE);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> got.size() >= stored);
            for (Delivery d : got) {
                seen.merge(Integer.parseInt(((Body.Text) d.message().body()).text()), 1, Integer::sum);
            }
        }
        List<Integer> lost = new ArrayList<>();
        for (int n : sent) {
            // an acknowledgement in flight at the kill may or may not have reached the disk
            if (!acking.contains(n) && !seen.containsKey(n)) {
                lost.add(n);
            }
        }
        assertThat(lost).as("confirmed sends missing after the crash").isEmpty();
        assertThat(seen.values()).as("no message twice").allMatch(count -> count == 1);
        Set<Integer> resurrected = new HashSet<>(acked);
        resurrected.retainAll(seen.keySet());
        assertThat(resurrected).as("confirmed acknowledgements undone by the crash").isEmpty();
    }
}
