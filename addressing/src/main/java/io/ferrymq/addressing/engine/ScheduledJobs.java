package io.ferrymq.addressing.engine;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Schedule;
import io.ferrymq.addressing.store.MessageCodec;
import io.ferrymq.addressing.store.RecoveredState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeated and cron-driven deliveries ({@link Schedule}, ActiveMQ Classic's scheduler). Each job lives on one
 * ordered executor; each delivery routes a copy of the message and, for a durable job, journals the copy together
 * with the job's new progress (or its deletion) in one transaction, so a crash neither repeats nor skips a
 * confirmed delivery. Cron expressions are parsed by cron-utils (Unix syntax, the broker's time zone).
 */
final class ScheduledJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobs.class);
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final EngineContext ctx;
    private final OrderedExecutor executor;
    private final Map<Long, Job> jobs = new HashMap<>();

    ScheduledJobs(EngineContext ctx) {
        this.ctx = ctx;
        this.executor = ctx.newOrderedExecutor();
    }

    /** A schedule and its progress. Confined to the executor once registered. */
    private static final class Job {
        final long id;
        final Message message;
        final Schedule schedule;
        final boolean durable;
        final ExecutionTime cron;
        long nextFire;
        int remaining;
        long fired;
        EngineScheduler.Cancellable timer;

        Job(long id, Message message, Schedule schedule, boolean durable) {
            this.id = id;
            this.message = message;
            this.schedule = schedule;
            this.durable = durable;
            this.cron = schedule.cron() == null ? null : parse(schedule.cron());
        }
    }

    static ExecutionTime parse(String cron) {
        try {
            var parsed = CRON.parse(cron);
            parsed.validate();
            return ExecutionTime.forCron(parsed);
        } catch (IllegalArgumentException e) {
            throw new EngineException(
                    EngineException.Kind.INVALID_ARGUMENT, "invalid cron expression '" + cron + "': " + e.getMessage(), e);
        }
    }

    /** Validates a schedule's cron expression now, so a bad one fails the call that brought it. */
    static void parseIfCron(Schedule schedule) {
        if (schedule.cron() != null) {
            parse(schedule.cron());
        }
    }

    CompletableFuture<Void> schedule(Message message, Schedule schedule) {
        Job job = new Job(ctx.store.nextId(), message, schedule, message.durable() && ctx.store.isPersistent());
        long now = ctx.now();
        job.nextFire = (job.cron != null ? nextCron(job, now) : now) + schedule.delayMillis();
        job.remaining = schedule.repeat() + 1;
        CompletableFuture<Void> write =
                job.durable ? ctx.store.addJob(job.id, encode(job)) : CompletableFuture.completedFuture(null);
        return write.thenRun(() -> executor.execute(() -> register(job)));
    }

    void restore(RecoveredState.Job record) {
        Job job = decode(record);
        executor.execute(() -> register(job));
    }

    private void register(Job job) {
        jobs.put(job.id, job);
        arm(job);
    }

    private void arm(Job job) {
        job.timer = ctx.scheduler.schedule(() -> executor.execute(() -> fire(job)), job.nextFire - ctx.now());
    }

    private long nextCron(Job job, long after) {
        ZonedDateTime from = ZonedDateTime.ofInstant(Instant.ofEpochMilli(after), ZoneId.systemDefault());
        return job.cron.nextExecution(from).map(t -> t.toInstant().toEpochMilli()).orElse(Long.MAX_VALUE);
    }

    private void fire(Job job) {
        if (jobs.get(job.id) != job) {
            return;
        }
        long now = ctx.now();
        if (job.nextFire > now) {
            arm(job);
            return;
        }
        String id = job.message.messageId();
        Message copy = job.message.toBuilder()
                .deliveryTime(0)
                .messageId(id == null ? null : job.fired == 0 ? id : id + ":" + job.fired)
                .build();
        Router.Routed routed = ctx.router.routeSystem(copy);
        job.fired++;
        job.remaining--;
        boolean done = false;
        long fireTime = job.nextFire;
        if (job.remaining > 0) {
            job.nextFire = Math.max(fireTime + job.schedule.periodMillis(), now);
        } else if (job.cron != null) {
            job.nextFire = nextCron(job, Math.max(now, fireTime - job.schedule.delayMillis())) + job.schedule.delayMillis();
            job.remaining = job.schedule.repeat() + 1;
            done = job.nextFire == Long.MAX_VALUE;
        } else {
            done = true;
        }
        if (job.durable) {
            long tx = ctx.store.nextId();
            if (routed.storedQueueIds().length > 0) {
                ctx.store.addMessage(tx, routed.message().id, copy, routed.storedQueueIds());
            }
            if (done) {
                ctx.store.deleteRecord(tx, job.id);
            } else {
                ctx.store.updateJob(tx, job.id, progress(job));
            }
            ctx.store.commit(tx);
        }
        for (MessageReference ref : routed.refs()) {
            ref.queue.enqueue(ref);
        }
        if (done) {
            jobs.remove(job.id);
            LOG.debug("schedule {} for {} finished after {} deliveries", job.id, copy.address(), job.fired);
        } else {
            arm(job);
        }
    }

    // ---------------------------------------------------------------- encoding

    private static byte[] progress(Job job) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(job.nextFire);
            out.writeInt(job.remaining);
            out.writeLong(job.fired);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] encode(Job job) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Schedule s = job.schedule;
            out.writeByte(1);
            out.writeLong(s.delayMillis());
            out.writeLong(s.periodMillis());
            out.writeInt(s.repeat());
            out.writeUTF(s.cron() == null ? "" : s.cron());
            byte[] p = progress(job);
            out.writeInt(p.length);
            out.write(p);
            byte[] m = MessageCodec.encode(job.message);
            out.writeInt(m.length);
            out.write(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Job decode(RecoveredState.Job record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record.job()))) {
            int version = in.readByte();
            if (version != 1) {
                throw new IllegalStateException("unknown schedule record version " + version);
            }
            Schedule s = new Schedule(in.readLong(), in.readLong(), in.readInt(), in.readUTF());
            byte[] p = new byte[in.readInt()];
            in.readFully(p);
            byte[] m = new byte[in.readInt()];
            in.readFully(m);
            Job job = new Job(record.id(), MessageCodec.decode(m), s, true);
            readProgress(job, record.progress() != null ? record.progress() : p);
            return job;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readProgress(Job job, byte[] progress) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(progress))) {
            in.readByte();
            job.nextFire = in.readLong();
            job.remaining = in.readInt();
            job.fired = in.readLong();
        }
    }
}
