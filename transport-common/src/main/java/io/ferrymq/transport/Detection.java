package io.ferrymq.transport;

/**
 * The answer of {@link ProtocolFactory#detect} to the first bytes of a connection on a listener that detects its
 * protocol.
 */
public enum Detection {

    /** The bytes are this protocol's, and could be no other protocol's. The factory's protocol is installed. */
    MATCH,

    /** The bytes are not this protocol's, however many more arrive. */
    NO_MATCH,

    /** The bytes so far are a prefix of this protocol's opening; ask again when more have arrived. */
    NEED_MORE
}
