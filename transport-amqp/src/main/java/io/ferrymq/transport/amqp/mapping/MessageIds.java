package io.ferrymq.transport.amqp.mapping;

import java.util.HexFormat;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;

/**
 * AMQP message-id and correlation-id values (string, uuid, ulong, binary) to and from the strings JMS uses, with the
 * type prefixes of the AMQP JMS Mapping as Qpid JMS applies them: {@code ID:AMQP_UUID:}, {@code ID:AMQP_ULONG:},
 * {@code ID:AMQP_BINARY:} (upper-case hex), {@code ID:AMQP_STRING:} (escapes a string that itself starts with
 * {@code ID:AMQP_}) and {@code ID:AMQP_NO_PREFIX:} (a message-id string without the {@code ID:} every JMSMessageID
 * has). The engine's message id is that string, so every protocol sees the JMSMessageID a Qpid JMS consumer sees,
 * and {@link #toAmqp} restores the AMQP value exactly.
 */
final class MessageIds {

    static final String ID = "ID:";
    static final String STRING = "AMQP_STRING:";
    static final String UUID_PREFIX = "AMQP_UUID:";
    static final String ULONG = "AMQP_ULONG:";
    static final String BINARY = "AMQP_BINARY:";
    static final String NO_PREFIX = "AMQP_NO_PREFIX:";

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private MessageIds() {}

    /** The JMSMessageID of an AMQP message-id, or null. */
    static String messageIdString(Object id) {
        if (id instanceof String s) {
            if (!s.startsWith(ID)) {
                return ID + NO_PREFIX + s;
            }
            return hasTypePrefix(s) ? ID + STRING + s : s;
        }
        return typedIdString(id);
    }

    /** The JMSCorrelationID of an AMQP correlation-id string: as it is, escaped when it looks like an encoded id. */
    static String correlationIdString(String s) {
        return s.startsWith(ID) && hasTypePrefix(s) ? ID + STRING + s : s;
    }

    /** The prefixed string of a uuid, ulong or binary id; null for null. */
    static String typedIdString(Object id) {
        if (id == null) {
            return null;
        }
        if (id instanceof UUID u) {
            return ID + UUID_PREFIX + u;
        }
        if (id instanceof UnsignedLong l) {
            return ID + ULONG + l;
        }
        if (id instanceof Binary b) {
            return ID + BINARY + HEX.formatHex(b.getArray(), b.getArrayOffset(), b.getArrayOffset() + b.getLength());
        }
        throw new IllegalArgumentException("not an AMQP message id type: " + id.getClass().getName());
    }

    /**
     * The AMQP id value of a JMS id string: a uuid, ulong or binary for the typed prefixes, the unescaped string for
     * {@code ID:AMQP_STRING:} and {@code ID:AMQP_NO_PREFIX:}, otherwise the string as it is. A prefixed value that
     * does not parse is sent as the string it is.
     */
    static Object toAmqp(String id) {
        if (id == null || !id.startsWith(ID) || !id.startsWith("AMQP_", ID.length())) {
            return id;
        }
        try {
            if (id.startsWith(NO_PREFIX, ID.length())) {
                return id.substring(ID.length() + NO_PREFIX.length());
            }
            if (id.startsWith(STRING, ID.length())) {
                return id.substring(ID.length() + STRING.length());
            }
            if (id.startsWith(UUID_PREFIX, ID.length())) {
                return UUID.fromString(id.substring(ID.length() + UUID_PREFIX.length()));
            }
            if (id.startsWith(ULONG, ID.length())) {
                return UnsignedLong.valueOf(id.substring(ID.length() + ULONG.length()));
            }
            if (id.startsWith(BINARY, ID.length())) {
                return new Binary(HEX.parseHex(id.substring(ID.length() + BINARY.length())));
            }
        } catch (IllegalArgumentException e) {
            // NumberFormatException included: not a valid encoded id, so it is just a string
        }
        return id;
    }

    private static boolean hasTypePrefix(String s) {
        int at = ID.length();
        return s.startsWith(STRING, at)
                || s.startsWith(UUID_PREFIX, at)
                || s.startsWith(ULONG, at)
                || s.startsWith(BINARY, at)
                || s.startsWith(NO_PREFIX, at);
    }
}
