package io.ferrymq.transport.amqp.mapping;

import io.ferrymq.addressing.api.Destination;
import java.util.Locale;
import org.apache.qpid.proton.amqp.Symbol;

/**
 * The names and values of the AMQP JMS Mapping that Qpid JMS writes and reads (message annotations, destination
 * type bytes, content types), and the {@code amqp.*} keys under which this package keeps AMQP-only facts in the
 * engine's {@link io.ferrymq.addressing.api.Message#annotations()}.
 */
public final class JmsMapping {

    /** Which JMS message class the consumer builds: a byte, {@link #MESSAGE} to {@link #TEXT_MESSAGE}. */
    public static final Symbol JMS_MSG_TYPE = Symbol.valueOf("x-opt-jms-msg-type");
    /** What kind of node {@code to} names: a byte, {@link #QUEUE} to {@link #TEMP_TOPIC}. */
    public static final Symbol JMS_DEST = Symbol.valueOf("x-opt-jms-dest");
    /** What kind of node {@code reply-to} names: a byte, {@link #QUEUE} to {@link #TEMP_TOPIC}. */
    public static final Symbol JMS_REPLY_TO = Symbol.valueOf("x-opt-jms-reply-to");
    /** Older Qpid clients: {@code to}'s kind as a comma separated string ("queue", "topic", "temporary"). */
    public static final Symbol LEGACY_TO_TYPE = Symbol.valueOf("x-opt-to-type");
    /** Older Qpid clients: {@code reply-to}'s kind as a comma separated string. */
    public static final Symbol LEGACY_REPLY_TYPE = Symbol.valueOf("x-opt-reply-type");
    /** JMS 2.0 delivery time: milliseconds since the epoch (a long or a timestamp). */
    public static final Symbol DELIVERY_TIME = Symbol.valueOf("x-opt-delivery-time");
    /** A delay in milliseconds from arrival (Artemis, Azure Service Bus style). */
    public static final Symbol DELIVERY_DELAY = Symbol.valueOf("x-opt-delivery-delay");

    public static final byte MESSAGE = 0;
    public static final byte OBJECT_MESSAGE = 1;
    public static final byte MAP_MESSAGE = 2;
    public static final byte BYTES_MESSAGE = 3;
    public static final byte STREAM_MESSAGE = 4;
    public static final byte TEXT_MESSAGE = 5;

    public static final byte QUEUE = 0;
    public static final byte TOPIC = 1;
    public static final byte TEMP_QUEUE = 2;
    public static final byte TEMP_TOPIC = 3;

    public static final String SERIALIZED_JAVA_OBJECT = "application/x-java-serialized-object";
    public static final String OCTET_STREAM = "application/octet-stream";

    /** Engine annotation: the AMQP properties content-encoding (string). */
    public static final String CONTENT_ENCODING = "amqp.contentEncoding";
    /** Engine annotation: the AMQP properties reply-to-group-id (string). */
    public static final String REPLY_TO_GROUP_ID = "amqp.replyToGroupId";
    /**
     * Engine annotation: the {@code to} address when {@code x-opt-jms-dest} said it is a temporary queue or topic,
     * so a consumer of that address sees a temporary destination again (the routing type alone cannot say it).
     */
    public static final String TEMPORARY_TO = "amqp.temporaryTo";
    /**
     * Engine annotation: which body section carried the body when it was not the one this mapping writes for the
     * body kind, so an AMQP consumer gets the section the producer sent: {@link #SECTION_DATA} (a text body that
     * came as a data section with a textual content-type), {@link #SECTION_VALUE} (bytes or a list that came as an
     * amqp-value) or {@link #SECTION_RAW} (the bytes body holds the encoded body sections themselves, for AMQP
     * bodies the engine has no kind for, such as nested maps).
     */
    public static final String BODY_SECTION = "amqp.bodySection";
    public static final String SECTION_DATA = "data";
    public static final String SECTION_VALUE = "value";
    public static final String SECTION_RAW = "raw";

    private JmsMapping() {}

    /** The destination type byte of a kind. */
    public static byte typeByte(Destination.Kind kind) {
        return switch (kind) {
            case QUEUE -> QUEUE;
            case TOPIC -> TOPIC;
            case TEMPORARY_QUEUE -> TEMP_QUEUE;
            case TEMPORARY_TOPIC -> TEMP_TOPIC;
        };
    }

    /**
     * The kind a destination type annotation names: a byte (0-3), or a legacy string such as
     * {@code "queue,temporary"}; null when absent or not understood.
     */
    public static Destination.Kind kind(Object annotation) {
        if (annotation instanceof Number n) {
            return switch (n.intValue()) {
                case QUEUE -> Destination.Kind.QUEUE;
                case TOPIC -> Destination.Kind.TOPIC;
                case TEMP_QUEUE -> Destination.Kind.TEMPORARY_QUEUE;
                case TEMP_TOPIC -> Destination.Kind.TEMPORARY_TOPIC;
                default -> null;
            };
        }
        if (annotation instanceof String || annotation instanceof Symbol) {
            boolean queue = false;
            boolean topic = false;
            boolean temporary = false;
            for (String attr : annotation.toString().toLowerCase(Locale.ROOT).split(",")) {
                switch (attr.trim()) {
                    case "queue" -> queue = true;
                    case "topic" -> topic = true;
                    case "temporary" -> temporary = true;
                    default -> {
                        // unknown attributes are ignored, as Qpid JMS does
                    }
                }
            }
            if (queue) {
                return temporary ? Destination.Kind.TEMPORARY_QUEUE : Destination.Kind.QUEUE;
            }
            if (topic) {
                return temporary ? Destination.Kind.TEMPORARY_TOPIC : Destination.Kind.TOPIC;
            }
        }
        return null;
    }
}
