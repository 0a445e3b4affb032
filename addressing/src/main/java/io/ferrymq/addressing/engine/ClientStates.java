package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.store.RecoveredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Small durable key-value records per client id: a protocol's session state that is not messages. A new value is
 * journaled before the old record is deleted; recovery keeps the newer. Thread safe (one lock; the records are
 * small and rare next to messages).
 */
final class ClientStates {

    private record Entry(long id, byte[] value) {}

    private final EngineContext ctx;
    private final Map<String, Map<String, Entry>> byClient = new HashMap<>();

    ClientStates(EngineContext ctx) {
        this.ctx = ctx;
    }

    synchronized void restore(RecoveredState.ClientState s) {
        Map<String, Entry> keys = byClient.computeIfAbsent(s.clientId(), k -> new HashMap<>());
        Entry other = keys.get(s.key());
        if (other == null || other.id() < s.id()) {
            keys.put(s.key(), new Entry(s.id(), s.value()));
            if (other != null) {
                ctx.store.deleteRecord(other.id());
            }
        } else {
            ctx.store.deleteRecord(s.id());
        }
    }

    CompletableFuture<Void> put(String clientId, String key, byte[] value) {
        Entry old;
        Entry now = value == null ? null : new Entry(ctx.store.nextId(), value.clone());
        synchronized (this) {
            Map<String, Entry> keys = byClient.computeIfAbsent(clientId, k -> new HashMap<>());
            old = now == null ? keys.remove(key) : keys.put(key, now);
            if (keys.isEmpty()) {
                byClient.remove(clientId);
            }
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>(2);
        if (now != null) {
            writes.add(ctx.store.addClientState(now.id(), clientId, key, value));
        }
        if (old != null) {
            writes.add(ctx.store.deleteRecord(old.id()));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    synchronized Map<String, byte[]> get(String clientId) {
        Map<String, byte[]> out = new HashMap<>();
        byClient.getOrDefault(clientId, Map.of()).forEach((k, e) -> out.put(k, e.value().clone()));
        return out;
    }

    CompletableFuture<Void> delete(String clientId) {
        Map<String, Entry> keys;
        synchronized (this) {
            keys = byClient.remove(clientId);
        }
        if (keys == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (Entry e : keys.values()) {
            writes.add(ctx.store.deleteRecord(e.id()));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }
}
