package io.ferrymq.transport.amqp.bridge;

import io.ferrymq.addressing.api.EngineException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transaction.TransactionErrors;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/** Maps engine failures onto AMQP 1.0 error conditions (§2.8.15, §3.5.? and §4.5.8). Stateless. */
final class Conditions {

    static final Symbol UNAUTHORIZED = AmqpError.UNAUTHORIZED_ACCESS;
    static final Symbol NOT_FOUND = AmqpError.NOT_FOUND;
    static final Symbol INVALID_FIELD = AmqpError.INVALID_FIELD;
    static final Symbol NOT_ALLOWED = AmqpError.NOT_ALLOWED;
    static final Symbol RESOURCE_LIMIT = AmqpError.RESOURCE_LIMIT_EXCEEDED;
    static final Symbol INTERNAL = AmqpError.INTERNAL_ERROR;
    static final Symbol DECODE_ERROR = AmqpError.DECODE_ERROR;
    static final Symbol ILLEGAL_STATE = AmqpError.ILLEGAL_STATE;
    static final Symbol NOT_IMPLEMENTED = AmqpError.NOT_IMPLEMENTED;
    static final Symbol RESOURCE_LOCKED = AmqpError.RESOURCE_LOCKED;
    static final Symbol UNKNOWN_TRANSACTION = TransactionErrors.UNKNOWN_ID;
    static final Symbol TRANSACTION_ROLLBACK = TransactionErrors.TRANSACTION_ROLLBACK;
    static final Symbol FORCED = ConnectionError.CONNECTION_FORCED;
    static final Symbol FRAMING_ERROR = ConnectionError.FRAMING_ERROR;
    static final Symbol TRANSFER_LIMIT_EXCEEDED = Symbol.valueOf("amqp:link:transfer-limit-exceeded");
    static final Symbol MESSAGE_SIZE_EXCEEDED = Symbol.valueOf("amqp:link:message-size-exceeded");
    static final Symbol UNATTACHED_HANDLE = Symbol.valueOf("amqp:session:unattached-handle");

    private Conditions() {
    }

    static ErrorCondition of(Symbol condition, String description) {
        return new ErrorCondition(condition, description);
    }

    /** The condition for a failed engine stage: its {@link EngineException} kind, or internal-error. */
    static ErrorCondition of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (!(t instanceof EngineException e)) {
            return of(INTERNAL, "internal error");
        }
        return of(symbol(e.kind()), e.getMessage());
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static Symbol symbol(EngineException.Kind kind) {
        return switch (kind) {
            case AUTHENTICATION_FAILED, NOT_AUTHORIZED -> UNAUTHORIZED;
            case ADDRESS_NOT_FOUND, QUEUE_NOT_FOUND -> NOT_FOUND;
            case CLIENT_ID_IN_USE, INVALID_FILTER, INVALID_ARGUMENT -> INVALID_FIELD;
            case QUEUE_EXISTS, ROUTING_TYPE_MISMATCH -> NOT_ALLOWED;
            case QUEUE_IN_USE -> RESOURCE_LOCKED;
            case ADDRESS_FULL, RESOURCE_LIMIT -> RESOURCE_LIMIT;
            case TRANSACTION_FAILED -> UNKNOWN_TRANSACTION;
            case ILLEGAL_STATE -> ILLEGAL_STATE;
            case SHUTTING_DOWN -> FORCED;
            case INTERNAL -> INTERNAL;
        };
    }
}
