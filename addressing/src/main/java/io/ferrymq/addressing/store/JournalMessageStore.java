package io.ferrymq.addressing.store;

import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Xid;
import io.ferrymq.journal.JournalOptions;
import io.ferrymq.journal.RecordJournal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's records on the {@link RecordJournal}. Record types:
 *
 * <ul>
 *   <li>{@value #ADDRESS}: a declared address ({@link AddressRecord});</li>
 *   <li>{@value #QUEUE}: a durable queue ({@link QueueRecord});</li>
 *   <li>{@value #MESSAGE}: a durable message with the ids of the durable queues it was routed to;</li>
 *   <li>{@value #ACK}: an update of a message record: consumed from one queue;</li>
 *   <li>{@value #DELIVERY_COUNT}: an update of a message record: its delivery count in one queue;</li>
 *   <li>{@value #RETAINED}: the retained message of an address;</li>
 *   <li>{@value #CLIENT_STATE}: one key of a client's state;</li>
 *   <li>{@value #QUEUE_LIMITS}: an update of a queue record: its new expiry and message cap;</li>
 *   <li>{@value #JOB}: a schedule of repeated deliveries (the engine's encoding);</li>
 *   <li>{@value #JOB_PROGRESS}: an update of a schedule record: its progress.</li>
 * </ul>
 *
 * A message record is deleted when its last queue consumed it. Thread safe (the journal is).
 */
public final class JournalMessageStore implements MessageStore {

    static final byte ADDRESS = 1;
    static final byte QUEUE = 2;
    static final byte MESSAGE = 3;
    static final byte ACK = 4;
    static final byte DELIVERY_COUNT = 5;
    static final byte RETAINED = 6;
    static final byte CLIENT_STATE = 7;
    static final byte QUEUE_LIMITS = 8;
    static final byte JOB = 9;
    static final byte JOB_PROGRESS = 10;

    private final RecordJournal journal;

    /** Room a record needs beside its body in the journal file and the write buffer (headers, file header). */
    private static final int RECORD_OVERHEAD = 1024;
    /** What the record encoding may add to a message's estimated size. */
    private static final int ESTIMATE_MARGIN = 64 * 1024;

    private final int maxMessageRecord;

    private JournalMessageStore(RecordJournal journal) {
        this.journal = journal;
        JournalOptions o = journal.options();
        this.maxMessageRecord = Math.min(o.bufferSize(), o.fileSize()) - RECORD_OVERHEAD;
    }

    /** Opens (and locks) the journal in {@code options}' directory. */
    public static JournalMessageStore open(JournalOptions options) {
        return new JournalMessageStore(RecordJournal.open(options));
    }

    @Override
    public boolean isPersistent() {
        return true;
    }

    /** The journal's largest record, less room for what the encoding adds to the estimate (headers, queue ids). */
    @Override
    public int maxDurableMessageSize() {
        return maxMessageRecord - ESTIMATE_MARGIN;
    }

    @Override
    public long nextId() {
        return journal.nextId();
    }

    @Override
    public RecoveredState load() {
        io.ferrymq.journal.Recovery recovery = journal.load();
        return new Loader().load(recovery);
    }

    @Override
    public CompletableFuture<Void> addAddress(AddressRecord address) {
        return journal.add(address.id(), ADDRESS, address.encode(), true);
    }

    @Override
    public CompletableFuture<Void> deleteAddress(long addressId) {
        return journal.delete(addressId, true);
    }

    @Override
    public CompletableFuture<Void> addQueue(QueueRecord queue) {
        return journal.add(queue.id(), QUEUE, queue.encode(), true);
    }

    @Override
    public CompletableFuture<Void> deleteQueue(long queueId) {
        return journal.delete(queueId, true);
    }

    @Override
    public CompletableFuture<Void> updateQueueLimits(long queueId, long expiryDelayMillis, long maxMessages) {
        RecordWriter w = new RecordWriter(16).writeLong(expiryDelayMillis).writeLong(maxMessages);
        return journal.update(queueId, QUEUE_LIMITS, w.toByteArray(), true);
    }

    @Override
    public CompletableFuture<Void> addMessage(long messageId, Message message, long[] queueIds) {
        byte[] record = encodeMessage(message, queueIds);
        if (record.length > maxMessageRecord) {
            // the journal would refuse it with an internal error: say what the limit is and which key raises it
            return CompletableFuture.failedFuture(new EngineException(EngineException.Kind.RESOURCE_LIMIT,
                    "a durable message of " + record.length + " bytes is larger than the journal's largest record ("
                            + maxMessageRecord + " bytes; raise journal.fileSize)"));
        }
        return journal.add(messageId, MESSAGE, record, true);
    }

    @Override
    public CompletableFuture<Void> ackMessage(long messageId, long queueId) {
        return journal.update(messageId, ACK, encodeQueue(queueId), true);
    }

    @Override
    public CompletableFuture<Void> deleteMessage(long messageId) {
        return journal.delete(messageId, true);
    }

    @Override
    public void updateDeliveryCount(long messageId, long queueId, int deliveryCount) {
        RecordWriter w = new RecordWriter(16).writeLong(queueId).writeInt(deliveryCount);
        journal.update(messageId, DELIVERY_COUNT, w.toByteArray(), false);
    }

    @Override
    public void addMessage(long txId, long messageId, Message message, long[] queueIds) {
        journal.addTx(txId, messageId, MESSAGE, encodeMessage(message, queueIds));
    }

    @Override
    public void ackMessage(long txId, long messageId, long queueId) {
        journal.updateTx(txId, messageId, ACK, encodeQueue(queueId));
    }

    @Override
    public CompletableFuture<Void> commit(long txId) {
        return journal.commit(txId, true);
    }

    @Override
    public CompletableFuture<Void> prepare(long txId, Xid xid) {
        RecordWriter w = new RecordWriter(64)
                .writeInt(xid.formatId())
                .writeBytes(xid.globalTransactionId())
                .writeBytes(xid.branchQualifier());
        return journal.prepare(txId, w.toByteArray());
    }

    @Override
    public CompletableFuture<Void> rollback(long txId) {
        return journal.rollback(txId);
    }

    @Override
    public CompletableFuture<Void> addRetained(long id, Message message, boolean sync) {
        return journal.add(id, RETAINED, MessageCodec.encode(message), sync);
    }

    @Override
    public CompletableFuture<Void> addClientState(long id, String clientId, String key, byte[] value) {
        RecordWriter w = new RecordWriter(32 + value.length).writeString(clientId).writeString(key).writeBytes(value);
        return journal.add(id, CLIENT_STATE, w.toByteArray(), true);
    }

    @Override
    public CompletableFuture<Void> deleteRecord(long id) {
        return journal.delete(id, true);
    }

    @Override
    public CompletableFuture<Void> addJob(long id, byte[] job) {
        return journal.add(id, JOB, job, true);
    }

    @Override
    public void updateJob(long txId, long id, byte[] progress) {
        journal.updateTx(txId, id, JOB_PROGRESS, progress);
    }

    @Override
    public void deleteRecord(long txId, long id) {
        journal.deleteTx(txId, id);
    }

    @Override
    public void close() {
        journal.close();
    }

    private static byte[] encodeQueue(long queueId) {
        return new RecordWriter(8).writeLong(queueId).toByteArray();
    }

    private static byte[] encodeMessage(Message message, long[] queueIds) {
        RecordWriter w = new RecordWriter(64 + message.estimatedSize());
        w.writeByte(1).writeVarInt(queueIds.length);
        for (long id : queueIds) {
            w.writeLong(id);
        }
        MessageCodec.write(w, message);
        return w.toByteArray();
    }

    /** Folds the journal's records into the engine's state. */
    private static final class Loader {
        private final List<AddressRecord> addresses = new ArrayList<>();
        private final List<QueueRecord> queues = new ArrayList<>();
        private final Map<Long, PendingMessage> messages = new LinkedHashMap<>();
        private final List<RecoveredState.Retained> retained = new ArrayList<>();
        private final List<RecoveredState.ClientState> states = new ArrayList<>();
        private final Map<Long, RecoveredState.Job> jobs = new LinkedHashMap<>();

        RecoveredState load(io.ferrymq.journal.Recovery recovery) {
            for (io.ferrymq.journal.RecoveredRecord r : recovery.records()) {
                apply(r);
            }
            List<RecoveredState.PreparedTransaction> prepared = new ArrayList<>();
            for (io.ferrymq.journal.PreparedTransaction p : recovery.prepared()) {
                prepared.add(prepared(p));
            }
            List<RecoveredState.RecoveredMessage> live = new ArrayList<>();
            for (PendingMessage m : messages.values()) {
                List<RecoveredState.QueueRef> refs = new ArrayList<>();
                for (long q : m.queueIds) {
                    if (!m.acked.contains(q)) {
                        refs.add(new RecoveredState.QueueRef(q, m.deliveryCounts.getOrDefault(q, 0)));
                    }
                }
                live.add(new RecoveredState.RecoveredMessage(m.id, m.message, refs));
            }
            return new RecoveredState(addresses, queues, live, prepared, retained, states, List.copyOf(jobs.values()));
        }

        private void apply(io.ferrymq.journal.RecoveredRecord r) {
            switch (r.type()) {
                case ADDRESS -> addresses.add(AddressRecord.decode(r.id(), r.data()));
                case QUEUE -> queues.add(QueueRecord.decode(r.id(), r.data()));
                case MESSAGE -> messages.put(r.id(), decodeMessage(r.id(), r.data()));
                case ACK -> {
                    PendingMessage m = messages.get(r.id());
                    if (m != null) {
                        m.acked.add(new RecordReader(r.data()).readLong());
                    }
                }
                case QUEUE_LIMITS -> {
                    RecordReader rd = new RecordReader(r.data());
                    long expiry = rd.readLong();
                    long max = rd.readLong();
                    queues.replaceAll(q -> q.id() == r.id()
                            ? new QueueRecord(q.id(), q.name(), q.address(), q.routingType(), q.filter(),
                                    q.lastValueKey(), q.autoCreated(), q.subscriptionClientId(), q.subscriptionName(),
                                    q.shared(), q.noLocalClientId(), expiry, max)
                            : q);
                }
                case JOB -> jobs.put(r.id(), new RecoveredState.Job(r.id(), r.data(), null));
                case JOB_PROGRESS -> jobs.computeIfPresent(r.id(), (k, j) -> new RecoveredState.Job(k, j.job(), r.data()));
                case RETAINED -> retained.add(new RecoveredState.Retained(r.id(), MessageCodec.decode(r.data())));
                case CLIENT_STATE -> {
                    RecordReader rd = new RecordReader(r.data());
                    states.add(new RecoveredState.ClientState(r.id(), rd.readString(), rd.readString(), rd.readBytes()));
                }
                case DELIVERY_COUNT -> {
                    PendingMessage m = messages.get(r.id());
                    if (m != null) {
                        RecordReader rd = new RecordReader(r.data());
                        long q = rd.readLong();
                        m.deliveryCounts.put(q, rd.readInt());
                    }
                }
                default -> throw new IllegalStateException("unknown journal record type " + r.type() + " id " + r.id());
            }
        }

        private RecoveredState.PreparedTransaction prepared(io.ferrymq.journal.PreparedTransaction p) {
            RecordReader xr = new RecordReader(p.xid());
            Xid xid = new Xid(xr.readInt(), xr.readBytes(), xr.readBytes());
            List<RecoveredState.RecoveredMessage> sends = new ArrayList<>();
            List<RecoveredState.Ack> acks = new ArrayList<>();
            for (io.ferrymq.journal.RecoveredRecord r : p.records()) {
                if (r.type() == MESSAGE) {
                    PendingMessage m = decodeMessage(r.id(), r.data());
                    List<RecoveredState.QueueRef> refs = new ArrayList<>();
                    for (long q : m.queueIds) {
                        refs.add(new RecoveredState.QueueRef(q, 0));
                    }
                    sends.add(new RecoveredState.RecoveredMessage(m.id, m.message, refs));
                } else if (r.type() == ACK) {
                    acks.add(new RecoveredState.Ack(r.id(), new RecordReader(r.data()).readLong()));
                }
            }
            return new RecoveredState.PreparedTransaction(p.txId(), xid, sends, acks);
        }

        private static PendingMessage decodeMessage(long id, byte[] data) {
            RecordReader r = new RecordReader(data);
            int version = r.readByte();
            if (version != 1) {
                throw new IllegalStateException("unknown message record version " + version);
            }
            int n = r.readVarInt();
            long[] queueIds = new long[n];
            for (int i = 0; i < n; i++) {
                queueIds[i] = r.readLong();
            }
            return new PendingMessage(id, MessageCodec.read(r), queueIds);
        }
    }

    private static final class PendingMessage {
        final long id;
        final Message message;
        final long[] queueIds;
        final Set<Long> acked = new HashSet<>();
        final Map<Long, Integer> deliveryCounts = new HashMap<>();

        PendingMessage(long id, Message message, long[] queueIds) {
            this.id = id;
            this.message = message;
            this.queueIds = queueIds;
        }
    }
}
