package io.ferrymq.addressing.engine;

import static io.ferrymq.addressing.api.RoutingType.MULTICAST;
import static io.ferrymq.addressing.engine.EngineFixture.failure;
import static io.ferrymq.addressing.engine.EngineFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.engine.EngineFixture.Receiver;
import io.ferrymq.addressing.engine.EngineFixture.TestConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void nonDurableSubscriptionDiesWithItsConsumer() {
        TestConnection c = f.connect();
        Receiver r = c.subscribe(SubscriptionSpec.topic("ticks").build(), 10);
        String queue = r.consumer.queueName();
        assertThat(f.engine.queue(queue)).isPresent();
        join(r.consumer.close());
        assertThat(f.engine.queue(queue)).isEmpty();
        assertThat(c.sendText("ticks", MULTICAST, "x").routed()).isFalse();
    }

    @Test
    void durableSubscriptionKeepsMessagesWhileOffline() {
        TestConnection c = f.connect(null, null, "app-1", ClientIdPolicy.REFUSE_DUPLICATE);
        SubscriptionSpec spec = SubscriptionSpec.topic("prices").durable("app-1", "sub").build();
        Receiver r = c.subscribe(spec, 10);
        assertThat(r.consumer.queueName()).isEqualTo("app-1.sub");
        c.close();
        TestConnection producer = f.connect();
        producer.sendText("prices", MULTICAST, "while-away");
        TestConnection again = f.connect(null, null, "app-1", ClientIdPolicy.REFUSE_DUPLICATE);
        Receiver back = again.subscribe(spec, 10);
        assertThat(back.texts()).containsExactly("while-away");
        back.acceptAll();
        join(back.consumer.close());
        join(again.session.deleteSubscription("app-1", "sub"));
        assertThat(f.engine.queue("app-1.sub")).isEmpty();
    }

    @Test
    void secondConsumerOnAnUnsharedDurableSubscriptionIsRefused() {
        TestConnection c = f.connect();
        SubscriptionSpec spec = SubscriptionSpec.topic("t").durable("cid", "only").build();
        c.subscribe(spec, 1);
        assertThat(failure(c.session.subscribe(spec, new Receiver())).kind()).isEqualTo(EngineException.Kind.QUEUE_IN_USE);
    }

    @Test
    void changingTheSelectorReplacesAnIdleDurableSubscription() {
        TestConnection c = f.connect();
        Receiver r = c.subscribe(SubscriptionSpec.topic("t2").durable("cid", "s").build(), 1);
        join(r.consumer.close());
        c.sendText("t2", MULTICAST, "old");
        Receiver again = c.subscribe(SubscriptionSpec.topic("t2").durable("cid", "s").filter("x = 1").build(), 10);
        assertThat(again.deliveries).isEmpty();
        assertThat(f.engine.queue("cid.s").orElseThrow().filter()).isEqualTo("x = 1");
    }

    @Test
    void sharedSubscriptionsCompete() {
        TestConnection c = f.connect();
        SubscriptionSpec durable = SubscriptionSpec.topic("work").durable(null, "workers").shared(true).build();
        SubscriptionSpec plain = SubscriptionSpec.topic("work").named(null, "watchers").shared(true).build();
        Receiver d1 = c.subscribe(durable, 100);
        Receiver d2 = c.subscribe(durable, 100);
        Receiver n1 = c.subscribe(plain, 100);
        Receiver n2 = c.subscribe(plain, 100);
        for (int i = 0; i < 10; i++) {
            c.sendText("work", MULTICAST, "m" + i);
        }
        assertThat(d1.deliveries.size() + d2.deliveries.size()).isEqualTo(10);
        assertThat(d1.deliveries).hasSize(5);
        assertThat(n1.deliveries.size() + n2.deliveries.size()).isEqualTo(10);
        assertThat(n2.deliveries).hasSize(5);
        // the non-durable shared subscription goes when its last consumer leaves; the durable one stays
        join(n1.consumer.close());
        assertThat(f.engine.queue("watchers")).isPresent();
        join(n2.consumer.close());
        assertThat(f.engine.queue("watchers")).isEmpty();
        join(d1.consumer.close());
        join(d2.consumer.close());
        assertThat(f.engine.queue("workers")).isPresent();
    }

    @Test
    void noLocalSkipsOwnMessages() {
        TestConnection mine = f.connect(null, null, "me", ClientIdPolicy.REFUSE_DUPLICATE);
        TestConnection other = f.connect();
        Receiver r = mine.subscribe(SubscriptionSpec.topic("chat").noLocal(true).build(), 10);
        mine.sendText("chat", MULTICAST, "from-me");
        other.sendText("chat", MULTICAST, "from-other");
        assertThat(r.texts()).containsExactly("from-other");
    }

    @Test
    void wildcardSubscriptions() {
        TestConnection c = f.connect();
        Receiver one = c.subscribe(SubscriptionSpec.topic("sensors.*.temp").build(), 100);
        Receiver any = c.subscribe(SubscriptionSpec.topic("sensors.#").build(), 100);
        Receiver all = c.subscribe(SubscriptionSpec.topic("#").build(), 100);
        c.sendText("sensors.kitchen.temp", MULTICAST, "k");
        c.sendText("sensors.kitchen.humidity", MULTICAST, "h");
        c.sendText("sensors", MULTICAST, "root");
        c.sendText("sensors.a.b.temp", MULTICAST, "deep");
        c.sendText("$SYS.broker", MULTICAST, "system");
        assertThat(one.texts()).containsExactly("k");
        assertThat(any.texts()).containsExactly("k", "h", "root", "deep");
        assertThat(all.texts()).containsExactly("k", "h", "root", "deep");
        Receiver sys = c.subscribe(SubscriptionSpec.topic("$SYS.#").build(), 10);
        c.sendText("$SYS.broker", MULTICAST, "system2");
        assertThat(sys.texts()).containsExactly("system2");
        assertThat(all.texts()).doesNotContain("system2");
    }

    @Test
    void hundredThousandWildcardSubscriptionsRouteThroughTheIndex() {
        TestConnection c = f.connect();
        // 100k durable subscriptions on distinct patterns, none consuming
        for (int i = 0; i < 100_000; i++) {
            join(c.session.declareQueue(new io.ferrymq.addressing.api.QueueSpec(
                    "s" + i, "devices." + i + ".*", MULTICAST, false, null, null)));
        }
        Receiver r = c.subscribe(SubscriptionSpec.topic("devices.4242.#").build(), 10);
        for (int i = 0; i < 1000; i++) {
            c.sendText("devices." + (i * 97) + ".status", MULTICAST, "m" + i);
        }
        assertThat(f.engine.queue("s4171").orElseThrow().messageCount()).isEqualTo(1); // 43 * 97
        assertThat(f.engine.queue("s4172").orElseThrow().messageCount()).isZero();
        c.sendText("devices.4242.status", MULTICAST, "mine");
        assertThat(r.texts()).containsExactly("mine");
        assertThat(f.engine.queue("s4242").orElseThrow().messageCount()).isEqualTo(1);
    }

    @Test
    void aCappedSubscriptionDropsNewMessagesWhileFull() {
        TestConnection c = f.connect();
        Receiver r = c.subscribe(SubscriptionSpec.topic("capped").durable("dev", "s").maxMessages(3).build(), 0);
        join(r.consumer.close());
        for (int i = 0; i < 5; i++) {
            c.sendText("capped", MULTICAST, "m" + i);
        }
        assertThat(f.engine.queue("dev.s").orElseThrow().messageCount()).isEqualTo(3);
        Receiver back = c.subscribe(SubscriptionSpec.topic("capped").durable("dev", "s").maxMessages(3).build(), 10);
        assertThat(back.texts()).containsExactly("m0", "m1", "m2");
    }
}
