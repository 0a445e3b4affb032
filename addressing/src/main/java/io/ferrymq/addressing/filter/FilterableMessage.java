package io.ferrymq.addressing.filter;

import io.ferrymq.addressing.api.Message;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.selector.filter.Filterable;

/**
 * Exposes a {@link Message} to the selector evaluator under JMS names: {@code JMSDeliveryMode} ('PERSISTENT' or
 * 'NON_PERSISTENT'), {@code JMSPriority}, {@code JMSMessageID}, {@code JMSTimestamp}, {@code JMSCorrelationID},
 * {@code JMSType}, {@code JMSExpiration}, {@code JMSXDeliveryCount}, {@code JMSXGroupID}, {@code JMSXGroupSeq},
 * {@code JMSXUserID}; every other identifier is an application property. Byte arrays and UUIDs compare as strings.
 */
final class FilterableMessage implements Filterable {

    private final Message message;
    private final int deliveryCount;

    FilterableMessage(Message message, int deliveryCount) {
        this.message = message;
        this.deliveryCount = deliveryCount;
    }

    @Override
    public <T> T getBodyAs(Class<T> type) {
        return null;
    }

    @Override
    public Object getProperty(SimpleString id) {
        String name = id.toString();
        if (name.startsWith("JMS")) {
            Object header = header(name);
            if (header != null || isHeader(name)) {
                return header;
            }
        }
        return normalize(message.properties().get(name));
    }

    private Object header(String name) {
        switch (name) {
            case "JMSDeliveryMode":
                return message.durable() ? "PERSISTENT" : "NON_PERSISTENT";
            case "JMSPriority":
                return message.priority();
            case "JMSMessageID":
                return message.messageId();
            case "JMSTimestamp":
                return message.timestamp();
            case "JMSCorrelationID":
                return normalize(message.correlationId());
            case "JMSType":
                return message.type();
            case "JMSExpiration":
                return message.expiration();
            case "JMSXDeliveryCount":
                return deliveryCount + 1;
            case "JMSXGroupID":
                return message.groupId();
            case "JMSXGroupSeq":
                return message.groupSequence();
            case "JMSXUserID":
                return message.userId();
            default:
                return null;
        }
    }

    private static boolean isHeader(String name) {
        return switch (name) {
            case "JMSDeliveryMode", "JMSPriority", "JMSMessageID", "JMSTimestamp", "JMSCorrelationID", "JMSType",
                    "JMSExpiration", "JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq", "JMSXUserID" -> true;
            default -> false;
        };
    }

    private static Object normalize(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (value instanceof UUID || value instanceof Character) {
            return value.toString();
        }
        return value;
    }

    @Override
    public Object getLocalConnectionId() {
        return null;
    }
}
