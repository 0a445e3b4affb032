package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.address.AddressPattern;
import io.ferrymq.addressing.address.WildcardIndex;
import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.store.RecoveredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The retained message of each address (MQTT 3.1.1 §3.3.1.3, 5.0 §3.3.1.3). A replacement is journaled before
 * the old record is deleted, so a crash in between leaves both and recovery keeps the newer. Thread safe.
 */
final class RetainedMessages {

    private record Entry(long id, Message message, boolean stored) {}

    private final EngineContext ctx;
    private final Map<String, Entry> byAddress = new ConcurrentHashMap<>();

    RetainedMessages(EngineContext ctx) {
        this.ctx = ctx;
    }

    void restore(RecoveredState.Retained r) {
        Entry entry = new Entry(r.id(), r.message(), true);
        Entry other = byAddress.get(r.message().address());
        if (other == null || other.id() < r.id()) {
            byAddress.put(r.message().address(), entry);
            if (other != null) {
                ctx.store.deleteRecord(other.id());
            }
        } else {
            ctx.store.deleteRecord(r.id());
        }
    }

    /** Keeps or (for an empty body) clears the retained message of the message's address. */
    CompletableFuture<Void> retain(Message message) {
        String address = message.address();
        boolean clear = isEmpty(message.body());
        boolean store = !clear && message.durable() && ctx.store.isPersistent();
        Entry old;
        Entry now = clear ? null : new Entry(ctx.store.nextId(), message, store);
        synchronized (this) {
            old = clear ? byAddress.remove(address) : byAddress.put(address, now);
        }
        CompletableFuture<Void> write = store
                ? ctx.store.addRetained(now.id(), message, true)
                : CompletableFuture.completedFuture(null);
        if (old != null && old.stored()) {
            CompletableFuture<Void> delete = ctx.store.deleteRecord(old.id());
            write = CompletableFuture.allOf(write, delete);
        }
        return write;
    }

    /** The unexpired retained messages of the addresses matching {@code pattern} ($ rule applied). */
    List<Message> matching(String pattern) {
        long now = ctx.now();
        List<Message> out = new ArrayList<>();
        if (!AddressPattern.isWildcard(pattern)) {
            Entry e = byAddress.get(pattern);
            if (e != null && !e.message().isExpired(now)) {
                out.add(e.message());
            }
            return out;
        }
        WildcardIndex<Boolean> filter = new WildcardIndex<>();
        filter.add(pattern, Boolean.TRUE);
        for (Entry e : byAddress.values()) {
            if (!e.message().isExpired(now) && !filter.matches(e.message().address()).isEmpty()) {
                out.add(e.message());
            }
        }
        return out;
    }

    private static boolean isEmpty(Body body) {
        return switch (body.kind()) {
            case EMPTY -> true;
            case BYTES -> ((Body.Bytes) body).length() == 0;
            case TEXT -> ((Body.Text) body).text().isEmpty();
            default -> false;
        };
    }
}
