package io.ferrymq.transport.mqtt.bridge;

import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.transport.mqtt.BrokerException;
import io.ferrymq.transport.mqtt.Failure;
import java.util.concurrent.CompletionException;

/** Maps engine errors onto {@link Failure}s. */
final class EngineFailures {

    private EngineFailures() {
    }

    /** The {@link BrokerException} for a failure of an engine stage. */
    static BrokerException map(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof BrokerException b) {
            return b;
        }
        if (c instanceof EngineException e) {
            Failure f = switch (e.kind()) {
                case AUTHENTICATION_FAILED -> Failure.BAD_CREDENTIALS;
                case NOT_AUTHORIZED -> Failure.NOT_AUTHORIZED;
                case RESOURCE_LIMIT, ADDRESS_FULL -> Failure.QUOTA_EXCEEDED;
                case SHUTTING_DOWN -> Failure.UNAVAILABLE;
                case INVALID_ARGUMENT, INVALID_FILTER -> Failure.TOPIC_INVALID;
                default -> Failure.UNSPECIFIED;
            };
            return new BrokerException(f, e.getMessage(), e);
        }
        return new BrokerException(Failure.UNSPECIFIED, String.valueOf(c), c);
    }

    /** Whether {@code t} is the engine's "no such queue". */
    static boolean isNotFound(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof EngineException e && e.kind() == EngineException.Kind.QUEUE_NOT_FOUND;
    }
}
