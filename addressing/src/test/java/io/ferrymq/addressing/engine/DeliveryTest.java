package io.ferrymq.addressing.engine;

import static io.ferrymq.addressing.api.RoutingType.ANYCAST;
import static io.ferrymq.addressing.engine.EngineFixture.failure;
import static io.ferrymq.addressing.engine.EngineFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Delivery;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.QueueSpec;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.engine.EngineFixture.Receiver;
import io.ferrymq.addressing.engine.EngineFixture.TestConnection;
import io.ferrymq.addressing.settings.AddressSettings;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private EngineFixture f = new EngineFixture(EngineOptions.DEFAULTS.withAddressSettings(Map.of(
            "retry.#", AddressSettings.builder()
                    .maxDeliveryAttempts(3)
                    .redeliveryDelayMillis(1000L)
                    .redeliveryMultiplier(2.0)
                    .maxRedeliveryDelayMillis(3000L)
                    .build(),
            "ttl.#", AddressSettings.builder().expiryAddress("Expired").build(),
            "ttldrop.#", AddressSettings.builder().expiryAddress("").autoDeleteQueues(false).build(),
            "lvq.#", AddressSettings.builder().lastValueKey("key").build(),
            "own.#", AddressSettings.builder().deadLetterAddressPrefix("DLQ.").build())));

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void noDeliveryWithoutCredit() {
        TestConnection c = f.connect();
        for (int i = 0; i < 5; i++) {
            c.sendText("credit", ANYCAST, "m" + i);
        }
        Receiver r = c.consumeQueue("credit", 0);
        assertThat(r.deliveries).isEmpty();
        r.consumer.flow(2);
        assertThat(r.texts()).containsExactly("m0", "m1");
        r.acceptAll();
        assertThat(r.deliveries).hasSize(2);
        r.consumer.flow(10);
        assertThat(r.deliveries).hasSize(5);
    }

    @Test
    void drainUsesUpCreditAndReports() {
        TestConnection c = f.connect();
        c.sendText("drain", ANYCAST, "only");
        Receiver r = c.consumeQueue("drain", 0);
        r.consumer.flow(5);
        r.consumer.drain();
        assertThat(r.deliveries).hasSize(1);
        assertThat(r.drained).isEqualTo(1);
        c.sendText("drain", ANYCAST, "later");
        assertThat(r.deliveries).hasSize(1);
    }

    @Test
    void releasedReturnsWithoutCountingAnAttempt() {
        TestConnection c = f.connect();
        c.sendText("rel", ANYCAST, "x");
        Receiver r = c.consumeQueue("rel", 2);
        join(r.consumer.settle(r.last().tag(), Outcome.RELEASED));
        assertThat(r.deliveries).hasSize(2);
        assertThat(r.last().deliveryCount()).isZero();
        assertThat(r.last().redelivered()).isFalse();
    }

    @Test
    void closeReturnsUnsettledAsRedelivered() {
        TestConnection c = f.connect();
        c.sendText("unsettled", ANYCAST, "a");
        c.sendText("unsettled", ANYCAST, "b");
        Receiver first = c.consumeQueue("unsettled", 10);
        assertThat(first.deliveries).hasSize(2);
        join(first.consumer.close());
        Receiver second = c.consumeQueue("unsettled", 10);
        assertThat(second.texts()).containsExactly("a", "b");
        assertThat(second.deliveries).allMatch(d -> d.deliveryCount() == 1 && d.redelivered());
    }

    @Test
    void cumulativeSettlement() {
        TestConnection c = f.connect();
        for (int i = 0; i < 4; i++) {
            c.sendText("cumulative", ANYCAST, "m" + i);
        }
        Receiver r = c.consumeQueue("cumulative", 10);
        join(r.consumer.settleUpTo(r.deliveries.get(2).tag(), Outcome.ACCEPTED, null));
        assertThat(f.engine.queue("cumulative").orElseThrow().messageCount()).isEqualTo(1);
        assertThat(failure(r.consumer.settle(r.deliveries.get(0).tag(), Outcome.ACCEPTED)).kind())
                .isEqualTo(EngineException.Kind.ILLEGAL_STATE);
    }

    @Test
    void modifiedUndeliverableHereGoesToAnotherConsumer() {
        TestConnection c = f.connect();
        Receiver a = c.consumeQueue("mod", 10);
        c.sendText("mod", ANYCAST, "x");
        assertThat(a.deliveries).hasSize(1);
        Receiver b = c.consumeQueue("mod", 10);
        join(a.consumer.settle(a.last().tag(), Outcome.modified(true, true)));
        assertThat(a.deliveries).hasSize(1);
        assertThat(b.deliveries).hasSize(1);
        assertThat(b.last().deliveryCount()).isEqualTo(1);
    }

    @Test
    void rejectedGoesToDeadLetterAddressWithItsOrigin() {
        TestConnection c = f.connect();
        c.sendText("poison", ANYCAST, "bad");
        Receiver r = c.consumeQueue("poison", 1);
        join(r.consumer.settle(r.last().tag(), Outcome.rejected("cannot parse")));
        assertThat(f.engine.queue("poison").orElseThrow().messageCount()).isZero();
        Receiver dlq = c.consumeQueue("DLQ", 10);
        assertThat(dlq.texts()).containsExactly("bad");
        Message dead = dlq.last().message();
        assertThat(dead.property("_AMQ_ORIG_ADDRESS")).isEqualTo("poison");
        assertThat(dead.property("_AMQ_ORIG_QUEUE")).isEqualTo("poison");
        assertThat(dead.property("dlqDeliveryFailureCause")).isEqualTo("cannot parse");
    }

    @Test
    void redeliveryDelayGrowsAndAttemptsEndInTheDeadLetterAddress() {
        TestConnection c = f.connect();
        c.sendText("retry.orders", ANYCAST, "flaky");
        Receiver r = c.consumeQueue("retry.orders", 10);
        join(r.consumer.settle(r.last().tag(), Outcome.FAILED));
        assertThat(r.deliveries).hasSize(1);
        f.clock.advance(999);
        assertThat(r.deliveries).hasSize(1);
        f.clock.advance(1);
        assertThat(r.deliveries).hasSize(2);
        assertThat(r.last().deliveryCount()).isEqualTo(1);
        join(r.consumer.settle(r.last().tag(), Outcome.FAILED));
        f.clock.advance(1999);
        assertThat(r.deliveries).hasSize(2);
        f.clock.advance(1);
        assertThat(r.deliveries).hasSize(3);
        join(r.consumer.settle(r.last().tag(), Outcome.FAILED));
        f.clock.advance(10_000);
        assertThat(r.deliveries).hasSize(3);
        Receiver dlq = c.consumeQueue("DLQ", 10);
        assertThat(dlq.texts()).containsExactly("flaky");
        assertThat((String) dlq.last().message().property("dlqDeliveryFailureCause")).contains("max delivery attempts");
    }

    @Test
    void expiredMessagesMoveToTheExpiryAddress() {
        TestConnection c = f.connect();
        long now = f.clock.now();
        c.send(Message.builder().address("ttl.a").routingType(ANYCAST).expiration(now + 500).body(Body.text("old")).build());
        c.send(Message.builder().address("ttl.a").routingType(ANYCAST).body(Body.text("fresh")).build());
        f.clock.advance(600);
        Receiver r = c.consumeQueue("ttl.a", 10);
        assertThat(r.texts()).containsExactly("fresh");
        Receiver expired = c.consumeQueue("Expired", 10);
        assertThat(expired.texts()).containsExactly("old");
        assertThat(expired.last().message().expiration()).isZero();
        assertThat(expired.last().message().property("_AMQ_ORIG_ADDRESS")).isEqualTo("ttl.a");
        assertThat(expired.last().message().property("_AMQ_ACTUAL_EXPIRY")).isNotNull();
    }

    @Test
    void expiryScanRemovesExpiredMessagesWithoutConsumers() {
        TestConnection c = f.connect();
        c.send(Message.builder().address("ttldrop.a").routingType(ANYCAST).expiration(f.clock.now() + 10)
                .body(Body.text("gone")).build());
        assertThat(f.engine.queue("ttldrop.a").orElseThrow().messageCount()).isEqualTo(1);
        f.clock.advance(EngineOptions.DEFAULT_EXPIRY_SCAN_PERIOD_MILLIS);
        assertThat(f.engine.queue("ttldrop.a").orElseThrow().messageCount()).isZero();
    }

    @Test
    void higherPriorityFirst() {
        TestConnection c = f.connect();
        for (int p : new int[] {1, 9, 4, 9, 0}) {
            c.send(Message.builder().address("prio").routingType(ANYCAST).priority(p).body(Body.text("p" + p)).build());
        }
        Receiver r = c.consumeQueue("prio", 10);
        assertThat(r.texts()).containsExactly("p9", "p9", "p4", "p1", "p0");
    }

    @Test
    void selectorsChooseMessagesAndBadSelectorsFail() {
        TestConnection c = f.connect();
        join(c.session.declareQueue(QueueSpec.durableQueue("sel")));
        Receiver red = c.subscribe(SubscriptionSpec.queue("sel").filter("color = 'red' AND JMSPriority > 3").build(), 10);
        c.send(Message.builder().address("sel").routingType(ANYCAST).property("color", "blue").body(Body.text("blue")).build());
        c.send(Message.builder().address("sel").routingType(ANYCAST).property("color", "red").body(Body.text("red")).build());
        c.send(Message.builder().address("sel").routingType(ANYCAST).priority(1).property("color", "red")
                .body(Body.text("red-low")).build());
        assertThat(red.texts()).containsExactly("red");
        assertThat(failure(c.session.subscribe(SubscriptionSpec.queue("sel").filter("color = = 'x'").build(), new Receiver()))
                .kind()).isEqualTo(EngineException.Kind.INVALID_FILTER);
    }

    @Test
    void browsingDoesNotConsume() {
        TestConnection c = f.connect();
        c.sendText("browse", ANYCAST, "a");
        c.sendText("browse", ANYCAST, "b");
        Receiver browser = c.subscribe(SubscriptionSpec.queue("browse").browseOnly(true).build(), 10);
        assertThat(browser.texts()).containsExactly("a", "b");
        assertThat(browser.browseComplete).isTrue();
        assertThat(browser.deliveries).allMatch(Delivery::settled);
        assertThat(f.engine.queue("browse").orElseThrow().messageCount()).isEqualTo(2);
        Receiver consumer = c.consumeQueue("browse", 10);
        assertThat(consumer.texts()).containsExactly("a", "b");
    }

    /**
     * A message delivered and not yet settled is still on the queue (JMS 1.1 §5.9), and ActiveMQ's browsers show it:
     * a browse missed a message in flight to a consumer that was closing (JORAM QueueBrowserTest.testSenderBrowser
     * with OpenWire, whose consumer close is one way). Browsed in queue order; settled messages are gone.
     */
    @Test
    void browsingShowsMessagesDeliveredButNotSettled() {
        TestConnection c = f.connect();
        c.send(Message.builder().address("inflight").routingType(ANYCAST).priority(4).body(Body.text("a")).build());
        Receiver consumer = c.consumeQueue("inflight", 2);
        c.send(Message.builder().address("inflight").routingType(ANYCAST).priority(4).body(Body.text("b")).build());
        c.send(Message.builder().address("inflight").routingType(ANYCAST).priority(9).body(Body.text("urgent")).build());
        c.send(Message.builder().address("inflight").routingType(ANYCAST).priority(4).body(Body.text("c")).build());
        assertThat(consumer.texts()).containsExactly("a", "b");
        Receiver browser = c.subscribe(SubscriptionSpec.queue("inflight").browseOnly(true).build(), 10);
        assertThat(browser.texts()).containsExactly("urgent", "a", "b", "c");
        join(consumer.consumer.settle(consumer.deliveries.get(0).tag(), Outcome.ACCEPTED, null));
        Receiver again = c.subscribe(SubscriptionSpec.queue("inflight").browseOnly(true).build(), 10);
        assertThat(again.texts()).containsExactly("urgent", "b", "c");
    }

    @Test
    void scheduledDeliveryWaitsForItsTime() {
        TestConnection c = f.connect();
        Receiver r = c.consumeQueue("sched", 10);
        c.send(Message.builder().address("sched").routingType(ANYCAST).deliveryTime(f.clock.now() + 5000)
                .body(Body.text("later")).build());
        c.sendText("sched", ANYCAST, "now");
        assertThat(r.texts()).containsExactly("now");
        f.clock.advance(5000);
        assertThat(r.texts()).containsExactly("now", "later");
    }

    @Test
    void messageGroupsStickToOneConsumerUntilItCloses() {
        TestConnection c = f.connect();
        Receiver a = c.consumeQueue("groups", 100);
        Receiver b = c.consumeQueue("groups", 100);
        for (int i = 0; i < 6; i++) {
            c.send(Message.builder().address("groups").routingType(ANYCAST).groupId(i % 2 == 0 ? "g1" : "g2")
                    .body(Body.text((i % 2 == 0 ? "g1-" : "g2-") + i)).build());
        }
        assertThat(a.texts()).allMatch(t -> t.startsWith(a.texts().get(0).substring(0, 3)));
        assertThat(b.texts()).allMatch(t -> t.startsWith(b.texts().get(0).substring(0, 3)));
        assertThat(a.deliveries).hasSize(3);
        String groupOfA = a.texts().get(0).substring(0, 2);
        a.acceptAll();
        join(a.consumer.close());
        c.send(Message.builder().address("groups").routingType(ANYCAST).groupId(groupOfA).body(Body.text("after")).build());
        assertThat(b.last().message().groupId()).isEqualTo(groupOfA);
    }

    @Test
    void exclusiveConsumerTakesEverything() {
        TestConnection c = f.connect();
        Receiver normal = c.consumeQueue("excl", 100);
        Receiver exclusive = c.subscribe(SubscriptionSpec.queue("excl").exclusive(true).build(), 100);
        for (int i = 0; i < 4; i++) {
            c.sendText("excl", ANYCAST, "m" + i);
        }
        assertThat(exclusive.deliveries).hasSize(4);
        assertThat(normal.deliveries).isEmpty();
        join(exclusive.consumer.close());
        assertThat(normal.deliveries).hasSize(4);
    }

    @Test
    void higherPriorityConsumerServedFirst() {
        TestConnection c = f.connect();
        Receiver low = c.subscribe(SubscriptionSpec.queue("cprio").priority(1).build(), 100);
        Receiver high = c.subscribe(SubscriptionSpec.queue("cprio").priority(5).build(), 2);
        for (int i = 0; i < 5; i++) {
            c.sendText("cprio", ANYCAST, "m" + i);
        }
        assertThat(high.texts()).containsExactly("m0", "m1");
        assertThat(low.texts()).containsExactly("m2", "m3", "m4");
    }

    @Test
    void lastValueQueueKeepsTheLatestPerKey() {
        TestConnection c = f.connect();
        join(c.session.declareQueue(new QueueSpec("prices", "lvq.prices", ANYCAST, false, null, "key")));
        for (int i = 0; i < 3; i++) {
            c.send(Message.builder().address("lvq.prices").routingType(ANYCAST).property("key", "EURUSD")
                    .body(Body.text("eur" + i)).build());
        }
        c.send(Message.builder().address("lvq.prices").routingType(ANYCAST).property("key", "GBPUSD")
                .body(Body.text("gbp")).build());
        Receiver r = c.consumeQueue("prices", 10);
        assertThat(r.texts()).containsExactly("eur2", "gbp");
    }

    @Test
    void autoAcceptDeliveriesAreSettledAtOnce() {
        TestConnection c = f.connect();
        c.sendText("qos0", ANYCAST, "x");
        Receiver r = c.subscribe(SubscriptionSpec.queue("qos0").autoAccept(true).build(), 10);
        assertThat(r.last().settled()).isTrue();
        assertThat(f.engine.queue("qos0").orElseThrow().messageCount()).isZero();
    }

    @Test
    void unwritableConnectionPausesDispatchUntilWritable() {
        TestConnection c = f.connect();
        Receiver r = c.consumeQueue("slow", 10);
        c.writable = false;
        c.sendText("slow", ANYCAST, "x");
        assertThat(r.deliveries).isEmpty();
        c.writable = true;
        c.connection.writabilityChanged();
        assertThat(r.deliveries).hasSize(1);
    }

    @Test
    void closeCountsOnlyDeliveriesTheApplicationSaw() {
        TestConnection c = f.connect();
        for (int i = 0; i < 3; i++) {
            c.sendText("prefetch", ANYCAST, "m" + i);
        }
        Receiver r = c.consumeQueue("prefetch", 10);
        assertThat(r.deliveries).hasSize(3);
        join(r.consumer.close(r.deliveries.get(0).tag()));
        Receiver next = c.consumeQueue("prefetch", 10);
        assertThat(next.texts()).containsExactly("m0", "m1", "m2");
        assertThat(next.deliveries).extracting(io.ferrymq.addressing.api.Delivery::deliveryCount)
                .containsExactly(1, 0, 0);
    }

    @Test
    void perDestinationDeadLetterAddress() {
        TestConnection c = f.connect();
        c.sendText("own.orders", ANYCAST, "bad");
        Receiver r = c.consumeQueue("own.orders", 1);
        join(r.consumer.settle(r.last().tag(), Outcome.REJECTED));
        Receiver dlq = c.consumeQueue("DLQ.own.orders", 10);
        assertThat(dlq.texts()).containsExactly("bad");
        assertThat(f.engine.queue("DLQ")).isEmpty();
    }
}
