package io.ferrymq.addressing.engine;

import static io.ferrymq.addressing.api.RoutingType.MULTICAST;
import static io.ferrymq.addressing.engine.EngineFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.engine.EngineFixture.Receiver;
import io.ferrymq.addressing.engine.EngineFixture.TestConnection;
import io.ferrymq.addressing.store.JournalMessageStore;
import io.ferrymq.journal.JournalOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedAndStateTest {

    @TempDir
    Path dir;

    private EngineFixture start() {
        return new EngineFixture(EngineOptions.DEFAULTS,
                JournalMessageStore.open(JournalOptions.builder(dir).fileSize(1024 * 1024).datasync(false).build()));
    }

    private static Message retained(String address, String text, boolean durable) {
        return Message.builder().address(address).routingType(MULTICAST).durable(durable)
                .body(Body.bytes(text.getBytes(StandardCharsets.UTF_8))).build();
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream()
                .map(m -> new String(((Body.Bytes) m.body()).data(), StandardCharsets.UTF_8))
                .sorted()
                .toList();
    }

    @Test
    void retainedMessagesAreReplacedClearedMatchedAndSurviveRestarts() {
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            join(c.session.retain(retained("home.kitchen.temp", "20", true)));
            join(c.session.retain(retained("home.kitchen.temp", "21", true)));
            join(c.session.retain(retained("home.hall.temp", "19", true)));
            join(c.session.retain(retained("home.hall.light", "on", false)));
            join(c.session.retain(retained("$SYS.uptime", "1", true)));
            join(c.session.retain(retained("home.hall.light", "", false)));
            assertThat(texts(join(c.session.retained("home.*.temp")))).containsExactly("19", "21");
            assertThat(texts(join(c.session.retained("#")))).containsExactly("19", "21");
            assertThat(texts(join(c.session.retained("$SYS.#")))).containsExactly("1");
            assertThat(texts(join(c.session.retained("home.kitchen.temp")))).containsExactly("21");
        }
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            assertThat(texts(join(c.session.retained("home.#")))).containsExactly("19", "21");
        }
    }

    @Test
    void expiredRetainedMessagesAreNotReturned() {
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            join(c.session.retain(Message.builder().address("a").expiration(f.clock.now() + 100)
                    .body(Body.bytes(new byte[] {1})).build()));
            assertThat(join(c.session.retained("a"))).hasSize(1);
            f.clock.advance(101);
            assertThat(join(c.session.retained("a"))).isEmpty();
        }
    }

    @Test
    void clientStateIsDurableAndPrivate() {
        try (EngineFixture f = start()) {
            TestConnection c = f.connect(null, null, "dev-1", ClientIdPolicy.TAKE_OVER);
            join(c.session.putClientState("dev-1", "qos2", new byte[] {1, 2}));
            join(c.session.putClientState("dev-1", "qos2", new byte[] {3}));
            join(c.session.putClientState("dev-1", "expiry", new byte[] {9}));
            join(c.session.putClientState("dev-1", "expiry", null));
            TestConnection other = f.connect(null, null, "dev-2", ClientIdPolicy.TAKE_OVER);
            try {
                join(other.session.clientState("dev-1"));
                throw new AssertionError("read another client's state");
            } catch (EngineException e) {
                assertThat(e.kind()).isEqualTo(EngineException.Kind.NOT_AUTHORIZED);
            } catch (CompletionException e) {
                throw e;
            }
        }
        try (EngineFixture f = start()) {
            TestConnection c = f.connect(null, null, "dev-1", ClientIdPolicy.TAKE_OVER);
            assertThat(join(c.session.clientState("dev-1"))).containsOnlyKeys("qos2");
            assertThat(join(c.session.clientState("dev-1")).get("qos2")).containsExactly(3);
            join(c.session.deleteClientState("dev-1"));
            assertThat(join(c.session.clientState("dev-1"))).isEmpty();
        }
    }

    @Test
    void idleDurableSubscriptionExpiresAlsoAfterARestart() {
        SubscriptionSpec spec = SubscriptionSpec.topic("t.#").durable("dev", "s").expiryDelay(60_000).build();
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            Receiver r = c.subscribe(spec, 1);
            join(r.consumer.close());
            f.clock.advance(30_000);
            Receiver back = c.subscribe(spec, 1);
            f.clock.advance(60_000);
            assertThat(f.engine.queue("dev.s")).as("a consumer came back in time").isPresent();
            join(back.consumer.close());
        }
        try (EngineFixture f = start()) {
            assertThat(f.engine.queue("dev.s")).isPresent();
            f.clock.advance(59_999);
            assertThat(f.engine.queue("dev.s")).isPresent();
            f.clock.advance(1);
            assertThat(f.engine.queue("dev.s")).isEmpty();
        }
    }

    @Test
    void changingTheExpiryKeepsTheSubscriptionAndItsMessages() {
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            Receiver r = c.subscribe(SubscriptionSpec.topic("x").durable("dev", "s").expiryDelay(1000).build(), 0);
            join(r.consumer.close());
            c.send(Message.builder().address("x").routingType(MULTICAST).durable(true).body(Body.text("kept")).build());
            Receiver again = c.subscribe(SubscriptionSpec.topic("x").durable("dev", "s").expiryDelay(90_000).build(), 0);
            join(again.consumer.close());
        }
        try (EngineFixture f = start()) {
            f.clock.advance(60_000);
            TestConnection c = f.connect();
            Receiver r = c.subscribe(SubscriptionSpec.topic("x").durable("dev", "s").expiryDelay(90_000).build(), 10);
            assertThat(r.texts()).containsExactly("kept");
        }
    }
}
