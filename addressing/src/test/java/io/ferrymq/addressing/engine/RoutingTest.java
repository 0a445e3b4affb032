package io.ferrymq.addressing.engine;

import static io.ferrymq.addressing.api.RoutingType.ANYCAST;
import static io.ferrymq.addressing.api.RoutingType.MULTICAST;
import static io.ferrymq.addressing.engine.EngineFixture.failure;
import static io.ferrymq.addressing.engine.EngineFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.QueueSpec;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.engine.EngineFixture.Receiver;
import io.ferrymq.addressing.engine.EngineFixture.TestConnection;
import io.ferrymq.addressing.settings.AddressSettings;
import io.ferrymq.addressing.api.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoutingTest {

    private EngineFixture f = new EngineFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void anycastCompetingConsumersGetEachMessageOnce() {
        TestConnection c = f.connect();
        Receiver a = c.consumeQueue("orders", 100);
        Receiver b = c.consumeQueue("orders", 100);
        for (int i = 0; i < 10; i++) {
            c.sendText("orders", ANYCAST, "m" + i);
        }
        assertThat(a.deliveries).hasSize(5);
        assertThat(b.deliveries).hasSize(5);
        List<String> all = new ArrayList<>(a.texts());
        all.addAll(b.texts());
        assertThat(all).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }

    @Test
    void singleConsumerSeesProducerOrder() {
        TestConnection c = f.connect();
        for (int i = 0; i < 50; i++) {
            c.sendText("fifo", ANYCAST, "m" + i);
        }
        Receiver r = c.consumeQueue("fifo", 1000);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("m" + i);
        }
        assertThat(r.texts()).containsExactlyElementsOf(expected);
    }

    @Test
    void multicastCopyPerSubscription() {
        TestConnection c = f.connect();
        Receiver s1 = c.subscribe(SubscriptionSpec.topic("news").build(), 10);
        Receiver s2 = c.subscribe(SubscriptionSpec.topic("news").build(), 10);
        assertThat(c.sendText("news", MULTICAST, "hello").routedQueues()).isEqualTo(2);
        assertThat(s1.texts()).containsExactly("hello");
        assertThat(s2.texts()).containsExactly("hello");
    }

    @Test
    void addressWithBothRoutingTypes() {
        TestConnection c = f.connect();
        join(c.session.declareAddress("mixed", ANYCAST));
        join(c.session.declareAddress("mixed", MULTICAST));
        Receiver q = c.consumeQueue("mixed", 10);
        Receiver t = c.subscribe(SubscriptionSpec.topic("mixed").build(), 10);
        c.send(EngineFixture.text("mixed", null, "both"));
        c.sendText("mixed", ANYCAST, "queue-only");
        c.sendText("mixed", MULTICAST, "topic-only");
        assertThat(q.texts()).containsExactly("both", "queue-only");
        assertThat(t.texts()).containsExactly("both", "topic-only");
    }

    @Test
    void fullyQualifiedQueueNames() {
        TestConnection c = f.connect();
        join(c.session.declareQueue(new QueueSpec("audit", "events", MULTICAST, true, null, null)));
        join(c.session.declareQueue(new QueueSpec("billing", "events", MULTICAST, true, null, null)));
        c.sendText("events::audit", null, "only-audit");
        c.sendText("events", MULTICAST, "everyone");
        Receiver audit = c.consumeQueue("events::audit", 10);
        Receiver billing = c.consumeQueue("billing", 10);
        assertThat(audit.texts()).containsExactly("only-audit", "everyone");
        assertThat(billing.texts()).containsExactly("everyone");
        assertThat(failure(c.session.subscribe(SubscriptionSpec.queue("other::audit").build(), new Receiver())).kind())
                .isEqualTo(EngineException.Kind.QUEUE_NOT_FOUND);
    }

    @Test
    void autoCreateOffRefusesUnknownAddresses() {
        f.close();
        f = new EngineFixture(EngineOptions.DEFAULTS.withAddressSettings(Map.of(
                "#", AddressSettings.builder().autoCreateAddresses(false).autoCreateQueues(false).build())));
        TestConnection c = f.connect();
        assertThat(failure(c.session.send(EngineFixture.text("nowhere", ANYCAST, "x"))).kind())
                .isEqualTo(EngineException.Kind.ADDRESS_NOT_FOUND);
        assertThat(failure(c.session.subscribe(SubscriptionSpec.queue("nowhere").build(), new Receiver())).kind())
                .isEqualTo(EngineException.Kind.QUEUE_NOT_FOUND);
        join(c.session.declareAddress("t", MULTICAST));
        assertThat(failure(c.session.send(EngineFixture.text("t", ANYCAST, "x"))).kind())
                .isEqualTo(EngineException.Kind.ROUTING_TYPE_MISMATCH);
    }

    @Test
    void multicastWithoutSubscribersIsDroppedQuietly() {
        TestConnection c = f.connect();
        assertThat(c.sendText("empty.topic", MULTICAST, "x").routed()).isFalse();
        Receiver late = c.subscribe(SubscriptionSpec.topic("empty.topic").build(), 10);
        assertThat(late.deliveries).isEmpty();
    }

    @Test
    void temporaryQueueDeletedWithItsConnection() {
        TestConnection c = f.connect();
        join(c.session.createTemporaryQueue("tmp.reply.1", ANYCAST));
        assertThat(f.engine.queue("tmp.reply.1")).isPresent();
        assertThat(f.engine.queue("tmp.reply.1").orElseThrow().temporary()).isTrue();
        TestConnection other = f.connect();
        other.sendText("tmp.reply.1", ANYCAST, "reply");
        assertThat(failure(other.session.subscribe(SubscriptionSpec.queue("tmp.reply.1").build(), new Receiver())).kind())
                .isEqualTo(EngineException.Kind.NOT_AUTHORIZED);
        c.close();
        assertThat(f.engine.queue("tmp.reply.1")).isEmpty();
    }

    @Test
    void autoCreatedQueueDeletedWhenEmptyAndUnused() {
        f.close();
        f = new EngineFixture(EngineOptions.DEFAULTS.withAddressSettings(Map.of(
                "jobs.#", AddressSettings.builder().autoDeleteQueues(true).autoDeleteDelayMillis(1000L).build(),
                "keep.#", AddressSettings.builder().autoDeleteQueues(false).build())));
        TestConnection c = f.connect();
        c.sendText("jobs.a", ANYCAST, "work");
        c.sendText("keep.a", ANYCAST, "work");
        Receiver r = c.consumeQueue("jobs.a", 10);
        Receiver k = c.consumeQueue("keep.a", 10);
        r.acceptAll();
        k.acceptAll();
        join(r.consumer.close());
        join(k.consumer.close());
        assertThat(f.engine.queue("jobs.a")).isPresent();
        f.clock.advance(1001);
        assertThat(f.engine.queue("jobs.a")).isEmpty();
        assertThat(f.engine.queue("keep.a")).isPresent();
    }

    /**
     * The auto-delete of a queue whose last consumer left runs on the queue's executor; a consumer that looked the
     * queue up just before was added to it and then closed by the deletion (an OpenWire client saw its new consumer
     * closed by the broker: JORAM ConnectionTest.testAcknowledge on a queue used before). The deletion now backs off
     * while a consumer is on its way.
     */
    @Test
    void autoDeleteBacksOffForAConsumerOnItsWay() {
        Runnable runQueueTasks = autoDeletingJobsWithQueueTasksRunByTheTest();
        TestConnection c = f.connect();
        Receiver first = c.consumeQueue("jobs.a", 10);
        runQueueTasks.run();
        first.consumer.close();
        runQueueTasks.run();
        f.clock.advance(1001); // the auto-delete check is now a queue task, not yet run
        Receiver next = c.consumeQueue("jobs.a", 10); // looks the queue up before the check runs
        runQueueTasks.run();
        assertThat(next.closedBy).isNull();
        var sent = c.session.send(EngineFixture.text("jobs.a", ANYCAST, "after"));
        runQueueTasks.run();
        join(sent);
        assertThat(next.texts()).containsExactly("after");
        assertThat(f.engine.queue("jobs.a")).isPresent();
        var accepted = next.consumer.settleAll(Outcome.ACCEPTED, null);
        runQueueTasks.run();
        join(accepted);
        next.consumer.close();
        runQueueTasks.run();
        f.clock.advance(1001);
        runQueueTasks.run();
        assertThat(f.engine.queue("jobs.a")).isEmpty(); // still deleted once it is unused
        var closed = c.connection.close();
        runQueueTasks.run();
        join(closed);
    }

    /**
     * A message routed to an auto-created queue whose auto-delete check was already on its way was queued on the
     * deleted queue and dropped: the send had succeeded and the message was gone (JORAM QueueBrowserTest with
     * OpenWire: the receiver's close emptied the queue of consumers while the other connection sent). The
     * auto-delete now backs off while a message is on its way in.
     */
    @Test
    void autoDeleteBacksOffForAMessageOnItsWay() {
        Runnable runQueueTasks = autoDeletingJobsWithQueueTasksRunByTheTest();
        TestConnection c = f.connect();
        Receiver first = c.consumeQueue("jobs.b", 10);
        runQueueTasks.run();
        first.consumer.close();
        runQueueTasks.run();
        f.clock.advance(1001); // the auto-delete check is now a queue task, not yet run
        var sent = c.session.send(EngineFixture.text("jobs.b", ANYCAST, "kept")); // routed to the queue before it
        runQueueTasks.run();
        join(sent);
        assertThat(f.engine.queue("jobs.b")).isPresent();
        assertThat(f.engine.queue("jobs.b").orElseThrow().messageCount()).isEqualTo(1);
        Receiver next = c.consumeQueue("jobs.b", 10);
        runQueueTasks.run();
        assertThat(next.texts()).containsExactly("kept");
        var closed = c.connection.close();
        runQueueTasks.run();
        join(closed);
    }

    @Test
    void declaredQueueIsNotAutoDeleted() {
        TestConnection c = f.connect();
        join(c.session.declareQueue(QueueSpec.durableQueue("declared")));
        Receiver r = c.consumeQueue("declared", 1);
        join(r.consumer.close());
        f.clock.advance(60_000);
        assertThat(f.engine.queue("declared")).isPresent();
        assertThat(f.engine.queue("declared").orElseThrow().autoCreated()).isFalse();
    }

    @Test
    void deleteQueueInUseIsRefused() {
        TestConnection c = f.connect();
        join(c.session.declareQueue(QueueSpec.durableQueue("busy")));
        Receiver r = c.consumeQueue("busy", 1);
        assertThat(failure(c.session.deleteQueue("busy")).kind()).isEqualTo(EngineException.Kind.QUEUE_IN_USE);
        join(r.consumer.close());
        join(c.session.deleteQueue("busy"));
        assertThat(f.engine.queue("busy")).isEmpty();
        assertThat(failure(c.session.deleteQueue("busy")).kind()).isEqualTo(EngineException.Kind.QUEUE_NOT_FOUND);
    }

    @Test
    void sendToWildcardIsRefused() {
        TestConnection c = f.connect();
        assertThat(failure(c.session.send(EngineFixture.text("a.*", MULTICAST, "x"))).kind())
                .isEqualTo(EngineException.Kind.INVALID_ARGUMENT);
    }

    @Test
    void acceptedMessageLeavesQueue() {
        TestConnection c = f.connect();
        c.sendText("q1", ANYCAST, "x");
        Receiver r = c.consumeQueue("q1", 1);
        assertThat(f.engine.queue("q1").orElseThrow().messageCount()).isEqualTo(1);
        join(r.consumer.settle(r.last().tag(), Outcome.ACCEPTED));
        assertThat(f.engine.queue("q1").orElseThrow().messageCount()).isZero();
        assertThat(RoutingType.values()).hasSize(2);
    }

    @Test
    void temporaryTopicGoesWithItsConnectionAndItsSubscriptions() {
        TestConnection owner = f.connect();
        join(owner.session.createTemporaryTopic("tmp.topic.1"));
        TestConnection other = f.connect();
        Receiver r = other.subscribe(SubscriptionSpec.topic("tmp.topic.1").build(), 10);
        owner.sendText("tmp.topic.1", MULTICAST, "event");
        assertThat(r.texts()).containsExactly("event");
        assertThat(failure(other.session.createTemporaryTopic("tmp.topic.1")).kind())
                .isEqualTo(EngineException.Kind.QUEUE_EXISTS);
        join(owner.session.createTemporaryTopic("tmp.topic.2"));
        Receiver r2 = other.subscribe(SubscriptionSpec.topic("tmp.topic.2").build(), 10);
        join(owner.session.deleteAddress("tmp.topic.2"));
        assertThat(f.engine.address("tmp.topic.2")).isEmpty();
        assertThat(r2.closedBy).isNotNull();
        owner.close();
        assertThat(f.engine.address("tmp.topic.1")).isEmpty();
        assertThat(r.closedBy).isNotNull();
    }

    /**
     * Replaces the fixture with one whose {@code jobs.#} queues are auto-deleted a second after their last consumer
     * leaves and whose queue tasks wait until the returned action runs them (in order, until none is left).
     */
    private Runnable autoDeletingJobsWithQueueTasksRunByTheTest() {
        f.close();
        java.util.ArrayDeque<Runnable> queueTasks = new java.util.ArrayDeque<>();
        f = new EngineFixture(EngineOptions.DEFAULTS.withAddressSettings(Map.of(
                "jobs.#", AddressSettings.builder().autoDeleteQueues(true).autoDeleteDelayMillis(1000L).build())),
                new io.ferrymq.addressing.store.MemoryMessageStore(), queueTasks::add);
        return () -> {
            while (!queueTasks.isEmpty()) {
                queueTasks.poll().run();
            }
        };
    }
}
