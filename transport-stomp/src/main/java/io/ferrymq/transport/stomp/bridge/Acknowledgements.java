package io.ferrymq.transport.stomp.bridge;

import io.ferrymq.transport.stomp.StompFrame;
import io.ferrymq.transport.stomp.StompProtocolException;
import io.ferrymq.transport.stomp.StompVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the delivery an ACK or NACK names, per version (STOMP 1.2 "ACK"): in 1.2 by its {@code id}, the
 * connection-unique {@code ack} header of the MESSAGE; in 1.1 by {@code message-id} within {@code subscription};
 * in 1.0 by {@code message-id}, within {@code subscription} when given. Runs on the connection's event loop; not
 * thread safe.
 */
final class Acknowledgements {

    /** A delivery waiting for its ACK: its subscription and engine delivery tag. */
    record Target(StompSubscription subscription, long tag) {
    }

    private final Map<String, Target> byAckId = new HashMap<>();
    private long sequence;

    /** A new ack id for a delivery that waits for its ACK. */
    String register(StompSubscription subscription, long tag) {
        String id = Long.toString(++sequence);
        byAckId.put(id, new Target(subscription, tag));
        return id;
    }

    /** The delivery was settled or its subscription ended. */
    void forget(String ackId) {
        if (ackId != null) {
            byAckId.remove(ackId);
        }
    }

    /**
     * @param subscriptions the connection's subscriptions by id
     * @throws StompProtocolException for a missing header or when no waiting delivery matches
     */
    Target resolve(StompFrame frame, StompVersion version, Map<String, StompSubscription> subscriptions) {
        if (version == StompVersion.V1_2) {
            String id = EngineFrameProcessor.required(frame, "id");
            Target target = byAckId.get(id);
            if (target == null) {
                throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL, "no message waits for "
                        + frame.command() + " with id '" + id + "'");
            }
            return target;
        }
        String messageId = EngineFrameProcessor.required(frame, "message-id");
        String subscriptionId = version == StompVersion.V1_1 ? EngineFrameProcessor.required(frame, "subscription")
                : frame.header("subscription");
        Collection<StompSubscription> candidates;
        if (subscriptionId != null) {
            StompSubscription s = subscriptions.get(subscriptionId);
            if (s == null) {
                throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL,
                        "no subscription with id '" + subscriptionId + "'");
            }
            candidates = List.of(s);
        } else {
            candidates = new ArrayList<>(subscriptions.values());
        }
        for (StompSubscription s : candidates) {
            StompSubscription.Pending found = s.byMessageId(messageId);
            if (found != null) {
                return new Target(s, found.tag());
            }
        }
        throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL, "no message waits for "
                + frame.command() + " with message-id '" + messageId + "'");
    }
}
