package io.ferrymq.transport.stomp.bridge;

import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.transport.stomp.StompProtocolException;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** Engine failures to the {@link StompProtocolException} that ends the connection with an ERROR frame. */
final class Failures {

    private Failures() {
    }

    static StompProtocolException of(Throwable failure) {
        Throwable e = failure;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof StompProtocolException spe) {
            return spe;
        }
        if (e instanceof EngineException ee) {
            StompProtocolException.Kind kind = switch (ee.kind()) {
                case AUTHENTICATION_FAILED, CLIENT_ID_IN_USE -> StompProtocolException.Kind.REFUSED;
                case INTERNAL -> StompProtocolException.Kind.INTERNAL;
                default -> StompProtocolException.Kind.REJECTED;
            };
            String message = ee.kind() == EngineException.Kind.AUTHENTICATION_FAILED ? "Authentication failed"
                    : ee.getMessage();
            return new StompProtocolException(kind, message, Map.of(), ee);
        }
        if (e instanceof IllegalArgumentException) {
            return new StompProtocolException(StompProtocolException.Kind.PROTOCOL, e.getMessage(), Map.of(), e);
        }
        return new StompProtocolException(StompProtocolException.Kind.INTERNAL, "internal error", Map.of(), e);
    }
}
