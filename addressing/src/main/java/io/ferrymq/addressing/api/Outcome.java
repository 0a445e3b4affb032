package io.ferrymq.addressing.api;

import java.util.Objects;

/**
 * How a consumer settles a delivery. Every protocol's acknowledgement maps onto one of these (AMQP 1.0 §3.4
 * delivery states; MQTT PUBACK/PUBCOMP and STOMP ACK are {@link #ACCEPTED}, STOMP NACK and JMS recover are
 * {@link #modified(boolean, boolean)} with delivery failed).
 *
 * @param kind the outcome
 * @param deliveryFailed for MODIFIED: count this delivery as a failed attempt (delivery count + 1)
 * @param undeliverableHere for MODIFIED: do not deliver the message to this consumer again
 * @param reason for REJECTED: why, recorded on the dead-lettered copy; may be null
 */
public record Outcome(Kind kind, boolean deliveryFailed, boolean undeliverableHere, String reason) {

    /** The four settlement outcomes. */
    public enum Kind {
        /** Consumed: the message leaves the queue. */
        ACCEPTED,
        /** Not processed, not a failure: back to the queue, delivery count unchanged. */
        RELEASED,
        /** Poison: moved to the dead-letter address at once. */
        REJECTED,
        /** Not processed: back to the queue, possibly as a failed attempt; dead-lettered after max attempts. */
        MODIFIED
    }

    public static final Outcome ACCEPTED = new Outcome(Kind.ACCEPTED, false, false, null);
    public static final Outcome RELEASED = new Outcome(Kind.RELEASED, false, false, null);
    public static final Outcome REJECTED = new Outcome(Kind.REJECTED, false, false, null);
    /** MODIFIED with delivery-failed: a redelivery that counts as an attempt (JMS recover, rollback, STOMP NACK). */
    public static final Outcome FAILED = new Outcome(Kind.MODIFIED, true, false, null);

    public Outcome {
        Objects.requireNonNull(kind, "kind");
    }

    public static Outcome modified(boolean deliveryFailed, boolean undeliverableHere) {
        return new Outcome(Kind.MODIFIED, deliveryFailed, undeliverableHere, null);
    }

    public static Outcome rejected(String reason) {
        return new Outcome(Kind.REJECTED, false, false, reason);
    }
}
