package io.ferrymq.transport.mqtt;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A persistent session as kept in the broker's client state ({@link Broker.Session#loadState()}): its subscriptions
 * ({@code sub:<filter>}), the inbound QoS 2 packet ids awaiting PUBREL ({@code q2:<id>}), the outbound ones awaiting
 * PUBCOMP ({@code rel:<id>}) and the session record ({@code session}: expiry and when the client left). This class
 * owns the key names. Immutable.
 *
 * @param exists        a session record was found
 * @param expired       the client left longer ago than the session expiry
 * @param subscriptions the subscriptions
 * @param inboundRel    inbound QoS 2 packet ids awaiting PUBREL (3.1.1 §4.3.3, 5.0 §4.3.3)
 * @param outboundRel   outbound QoS 2 packet ids awaiting PUBCOMP
 * @param empty         no record at all
 */
record StoredSession(boolean exists, boolean expired, List<SubscriptionRequest> subscriptions,
        Set<Integer> inboundRel, Set<Integer> outboundRel, boolean empty) {

    static final String SESSION_KEY = "session";

    static String subscriptionKey(SubscriptionRequest r) {
        return "sub:" + r.key();
    }

    static String inboundRelKey(int packetId) {
        return "q2:" + packetId;
    }

    static String outboundRelKey(int packetId) {
        return "rel:" + packetId;
    }

    /** Decodes the records of {@link Broker.Session#loadState()} at time {@code now}. */
    static StoredSession decode(Map<String, byte[]> stored, long now) {
        List<SubscriptionRequest> subs = new ArrayList<>();
        Set<Integer> inRel = new HashSet<>();
        Set<Integer> outRel = new HashSet<>();
        stored.forEach((k, v) -> {
            if (k.startsWith("sub:")) {
                subs.add(SubscriptionRequest.decode(k.substring(4), v));
            } else if (k.startsWith("q2:")) {
                inRel.add(Integer.parseInt(k.substring(3)));
            } else if (k.startsWith("rel:")) {
                outRel.add(Integer.parseInt(k.substring(4)));
            }
        });
        byte[] record = stored.get(SESSION_KEY);
        boolean expired = false;
        if (record != null) {
            ByteBuffer b = ByteBuffer.wrap(record);
            long expiryMs = b.getLong();
            long leftAt = b.getLong();
            // expiry 0 (5.0 §3.1.2.11.2, §3.14.2.2.2): the session ended when the client left, whatever the clock
            expired = leftAt > 0 && (expiryMs == 0 || leftAt + expiryMs < now);
        }
        return new StoredSession(record != null, expired, subs, inRel, outRel, stored.isEmpty());
    }

    /** Whether a CONNECT with {@code cleanStart} resumes this session (3.1.1 §3.1.2.4, 5.0 §3.1.2.4). */
    boolean resumedBy(boolean cleanStart) {
        return !cleanStart && exists && !expired;
    }

    /** The session record: the session expiry and when the client left (0 while it is connected). */
    static byte[] sessionRecord(long expiryMillis, long leftAt) {
        return ByteBuffer.allocate(16).putLong(expiryMillis).putLong(leftAt).array();
    }
}
