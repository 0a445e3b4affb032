package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.addressing.api.EngineException;
import java.io.IOException;
import java.util.concurrent.CompletionException;

/**
 * Engine failures as the throwables an ExceptionResponse carries. The ActiveMQ client rebuilds the throwable from
 * its class name and message and turns it into the matching JMS exception: {@link SecurityException} becomes a
 * JMSSecurityException, a JMS exception class arrives as itself. JMS exception classes are named, not linked, so
 * that the transport does not depend on one JMS API: {@code jakarta.jms} for 6.x clients, {@code javax.jms} for
 * 5.x clients (loaded only if present on the broker's class path; otherwise the client gets a plain JMSException).
 */
final class Failures {

    private Failures() {
    }

    /** The cause of a failed stage. */
    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** The throwable to send for a failure, for a client of the given JMS API generation. */
    static Throwable toClient(Throwable failure, boolean jakarta) {
        Throwable t = unwrap(failure);
        if (!(t instanceof EngineException e)) {
            return t instanceof IOException || t instanceof RuntimeException ? t : new IOException(t.toString(), t);
        }
        String message = e.getMessage();
        return switch (e.kind()) {
            case AUTHENTICATION_FAILED, NOT_AUTHORIZED -> new SecurityException(message);
            case CLIENT_ID_IN_USE -> jms(jakarta, "InvalidClientIDException", message);
            case INVALID_FILTER -> jms(jakarta, "InvalidSelectorException", message);
            case ADDRESS_NOT_FOUND, QUEUE_NOT_FOUND, ROUTING_TYPE_MISMATCH, QUEUE_EXISTS ->
                    jms(jakarta, "InvalidDestinationException", message);
            case QUEUE_IN_USE, ILLEGAL_STATE -> jms(jakarta, "IllegalStateException", message);
            case TRANSACTION_FAILED -> jms(jakarta, "TransactionRolledBackException", message);
            case RESOURCE_LIMIT, ADDRESS_FULL -> jms(jakarta, "ResourceAllocationException", message);
            case INVALID_ARGUMENT -> jms(jakarta, "JMSException", message);
            default -> new IOException(message);
        };
    }

    private static Throwable jms(boolean jakarta, String simpleName, String message) {
        String[] packages = jakarta ? new String[] {"jakarta.jms.", "javax.jms."} : new String[] {"javax.jms.",
            "jakarta.jms."};
        for (String p : packages) {
            try {
                Class<?> type = Class.forName(p + simpleName, false, Failures.class.getClassLoader());
                return (Throwable) type.getConstructor(String.class).newInstance(message);
            } catch (ReflectiveOperationException | LinkageError | ClassCastException absent) {
                // try the other API generation
            }
        }
        return new IllegalStateException(message);
    }
}
