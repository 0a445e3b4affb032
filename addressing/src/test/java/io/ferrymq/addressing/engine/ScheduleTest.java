package io.ferrymq.addressing.engine;

import static io.ferrymq.addressing.api.RoutingType.ANYCAST;
import static io.ferrymq.addressing.engine.EngineFixture.failure;
import static io.ferrymq.addressing.engine.EngineFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Schedule;
import io.ferrymq.addressing.engine.EngineFixture.Receiver;
import io.ferrymq.addressing.engine.EngineFixture.TestConnection;
import io.ferrymq.addressing.store.JournalMessageStore;
import io.ferrymq.journal.JournalOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleTest {

    @TempDir
    Path dir;

    private static Message message(boolean durable) {
        return Message.builder().address("jobs").routingType(ANYCAST).durable(durable).messageId("m1")
                .body(Body.text("tick")).build();
    }

    @Test
    void delayThenRepeatsEveryPeriod() {
        try (EngineFixture f = new EngineFixture()) {
            TestConnection c = f.connect();
            Receiver r = c.consumeQueue("jobs", 100);
            join(c.session.schedule(message(false), new Schedule(1000, 500, 2, null)));
            f.clock.advance(999);
            assertThat(r.deliveries).isEmpty();
            f.clock.advance(1);
            assertThat(r.deliveries).hasSize(1);
            f.clock.advance(500);
            assertThat(r.deliveries).hasSize(2);
            f.clock.advance(500);
            assertThat(r.deliveries).hasSize(3);
            f.clock.advance(10_000);
            assertThat(r.deliveries).hasSize(3);
            assertThat(r.deliveries).extracting(d -> d.message().messageId()).containsExactly("m1", "m1:1", "m1:2");
        }
    }

    @Test
    void cronFiresEveryMinute() {
        try (EngineFixture f = new EngineFixture()) {
            TestConnection c = f.connect();
            Receiver r = c.consumeQueue("jobs", 100);
            join(c.session.schedule(message(false), new Schedule(0, 0, 0, "* * * * *")));
            long toNextMinute = 60_000 - f.clock.now() % 60_000;
            f.clock.advance(toNextMinute - 1);
            assertThat(r.deliveries).isEmpty();
            f.clock.advance(1);
            assertThat(r.deliveries).hasSize(1);
            f.clock.advance(60_000);
            assertThat(r.deliveries).hasSize(2);
        }
    }

    @Test
    void badCronIsRefused() {
        try (EngineFixture f = new EngineFixture()) {
            TestConnection c = f.connect();
            assertThat(failure(c.session.schedule(message(false), new Schedule(0, 0, 0, "every day"))).kind())
                    .isEqualTo(EngineException.Kind.INVALID_ARGUMENT);
        }
    }

    @Test
    void aDurableScheduleContinuesAfterARestart() {
        JournalOptions options = JournalOptions.builder(dir).fileSize(1024 * 1024).datasync(false).build();
        try (EngineFixture f = new EngineFixture(EngineOptions.DEFAULTS, JournalMessageStore.open(options))) {
            TestConnection c = f.connect();
            join(c.session.schedule(message(true), new Schedule(100, 1000, 3, null)));
            f.clock.advance(100);
            assertThat(f.engine.queue("jobs").orElseThrow().messageCount()).isEqualTo(1);
        }
        try (EngineFixture f = new EngineFixture(EngineOptions.DEFAULTS, JournalMessageStore.open(options))) {
            TestConnection c = f.connect();
            Receiver r = c.consumeQueue("jobs", 100);
            assertThat(r.deliveries).hasSize(1);
            f.clock.advance(1000);
            f.clock.advance(1000);
            f.clock.advance(1000);
            f.clock.advance(10_000);
            assertThat(r.deliveries).hasSize(4);
        }
    }

    @Test
    void aScheduleInATransactionStartsAtCommitAndNotAfterRollback() {
        try (EngineFixture f = new EngineFixture()) {
            TestConnection c = f.connect();
            Receiver r = c.consumeQueue("jobs", 100);
            io.ferrymq.addressing.api.Transaction rolledBack = c.session.beginTransaction();
            join(c.session.schedule(message(false), new Schedule(100, 0, 0, null), rolledBack));
            join(rolledBack.rollback());
            io.ferrymq.addressing.api.Transaction committed = c.session.beginTransaction();
            join(c.session.schedule(message(false), new Schedule(100, 0, 0, null), committed));
            f.clock.advance(1000);
            assertThat(r.deliveries).as("nothing before the commit").isEmpty();
            join(committed.commit());
            f.clock.advance(100);
            assertThat(r.deliveries).hasSize(1);
            assertThat(failure(c.session.schedule(message(false), new Schedule(0, 0, 0, "bad"), c.session.beginTransaction()))
                    .kind()).isEqualTo(EngineException.Kind.INVALID_ARGUMENT);
        }
    }
}
