package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.api.AddressInfo;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.settings.AddressSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An address: its routing types, the queues bound to it and the memory its messages hold. The bindings are an
 * immutable array replaced on change (changes are rare, routing reads it on every send). Thread safe.
 */
final class AddressEntry {

    private static final ServerQueue[] NO_QUEUES = new ServerQueue[0];

    final String name;
    final boolean autoCreated;
    /** Journal id of the address record, or 0 when not journaled. */
    volatile long persistentId;

    private volatile Set<RoutingType> routingTypes;
    private volatile ServerQueue[] queues = NO_QUEUES;
    private final AtomicInteger anycastCursor = new AtomicInteger();
    private final AtomicLong memory = new AtomicLong();
    private final Set<ServerConnection> blockedProducers = ConcurrentHashMap.newKeySet();
    private volatile long limit = -1;

    AddressEntry(String name, Set<RoutingType> routingTypes, boolean autoCreated, long persistentId) {
        this.name = name;
        this.routingTypes = Set.copyOf(routingTypes);
        this.autoCreated = autoCreated;
        this.persistentId = persistentId;
    }

    Set<RoutingType> routingTypes() {
        return routingTypes;
    }

    boolean supports(RoutingType type) {
        return routingTypes.contains(type);
    }

    /** Called under the post office lock. */
    void addRoutingType(RoutingType type) {
        EnumSet<RoutingType> set = EnumSet.noneOf(RoutingType.class);
        set.addAll(routingTypes);
        set.add(type);
        routingTypes = Set.copyOf(set);
    }

    ServerQueue[] queues() {
        return queues;
    }

    /** Called under the post office lock. */
    void bind(ServerQueue queue) {
        ServerQueue[] q = Arrays.copyOf(queues, queues.length + 1);
        q[queues.length] = queue;
        queues = q;
    }

    /** Called under the post office lock. */
    void unbind(ServerQueue queue) {
        List<ServerQueue> list = new ArrayList<>(Arrays.asList(queues));
        list.remove(queue);
        queues = list.isEmpty() ? NO_QUEUES : list.toArray(NO_QUEUES);
    }

    /** Picks one of the matching anycast queues, round robin. */
    ServerQueue nextAnycast(List<ServerQueue> candidates) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        return candidates.get(Math.floorMod(anycastCursor.getAndIncrement(), candidates.size()));
    }

    /** Adds a routed message's size; returns the new total. */
    long reserveMemory(int size) {
        return memory.addAndGet(size);
    }

    long memory() {
        return memory.get();
    }

    /** Releases a consumed message's size and unblocks producers once below half the limit. */
    void releaseMemory(int size) {
        long now = memory.addAndGet(-size);
        if (!blockedProducers.isEmpty()) {
            unblockIfBelow(now);
        }
    }

    /** Remembers the limit the blocked producers wait on (set when one is blocked). */
    void block(ServerConnection connection, long maxSizeBytes) {
        limit = maxSizeBytes;
        if (blockedProducers.add(connection)) {
            connection.pauseReads();
            // the address may have drained between the check and the add
            unblockIfBelow(memory.get());
        }
    }

    private void unblockIfBelow(long now) {
        if (limit >= 0 && now <= limit / 2) {
            for (ServerConnection c : blockedProducers) {
                if (blockedProducers.remove(c)) {
                    c.resumeReads();
                }
            }
        }
    }

    /** Forgets a closed connection. */
    void forget(ServerConnection connection) {
        blockedProducers.remove(connection);
    }

    AddressInfo info() {
        List<String> names = new ArrayList<>();
        for (ServerQueue q : queues) {
            names.add(q.name);
        }
        return new AddressInfo(name, routingTypes, autoCreated, names);
    }

    @Override
    public String toString() {
        return "Address[" + name + " " + routingTypes + "]";
    }

    /** Whether the address is over its limit under {@code settings}. */
    static boolean isFull(AddressSettings settings, long size) {
        long max = settings.maxSizeBytes() == null ? -1 : settings.maxSizeBytes();
        return max >= 0 && size > max;
    }
}
