package io.ferrymq.addressing.filter;

import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Message;
import org.apache.activemq.artemis.selector.filter.BooleanExpression;
import org.apache.activemq.artemis.selector.filter.FilterException;
import org.apache.activemq.artemis.selector.impl.SelectorParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS selector (JMS 2.0 §3.8.1), parsed by Artemis's selector parser and evaluated against a {@link Message}.
 * Header identifiers use their JMS names (see {@link FilterableMessage}). Thread safe.
 */
public final class MessageFilter {

    private static final Logger LOG = LoggerFactory.getLogger(MessageFilter.class);

    private final String selector;
    private final BooleanExpression expression;

    private MessageFilter(String selector, BooleanExpression expression) {
        this.selector = selector;
        this.expression = expression;
    }

    /**
     * Parses a selector.
     *
     * @return the filter, or null when the selector is null or blank (matches everything)
     * @throws EngineException of kind INVALID_FILTER naming the selector
     */
    public static MessageFilter parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return null;
        }
        try {
            return new MessageFilter(selector.trim(), SelectorParser.parse(selector.trim()));
        } catch (FilterException | RuntimeException e) {
            throw new EngineException(
                    EngineException.Kind.INVALID_FILTER,
                    "invalid selector '" + selector + "': " + e.getMessage(),
                    e);
        }
    }

    public String selector() {
        return selector;
    }

    /** Whether the message matches; an evaluation error counts as no match (and is logged at debug level). */
    public boolean matches(Message message, int deliveryCount) {
        try {
            return expression.matches(new FilterableMessage(message, deliveryCount));
        } catch (FilterException | RuntimeException e) {
            LOG.debug("selector '{}' failed on {}", selector, message, e);
            return false;
        }
    }

    @Override
    public String toString() {
        return selector;
    }
}
