package io.ferrymq.transport.stomp.bridge;

import io.ferrymq.transport.stomp.StompProtocolException;

/** A subscription's {@code ack} header (STOMP 1.2 "SUBSCRIBE ack Header"). */
enum AckMode {
    /** The message is consumed when it is sent: the engine settles it on hand-over. */
    AUTO,
    /** ACK or NACK of a message settles it and every earlier unsettled message of the subscription. */
    CLIENT,
    /** ACK or NACK settles that message alone. */
    CLIENT_INDIVIDUAL;

    /**
     * @throws StompProtocolException for another value
     */
    static AckMode of(String header) {
        if (header == null || header.equals("auto")) {
            return AUTO;
        }
        if (header.equals("client")) {
            return CLIENT;
        }
        if (header.equals("client-individual")) {
            return CLIENT_INDIVIDUAL;
        }
        throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL, "invalid ack mode '" + header
                + "' (auto, client or client-individual)");
    }
}
