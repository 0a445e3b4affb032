package io.ferrymq.addressing.api;

import java.util.concurrent.CompletionStage;

/**
 * The engine as a transport sees it: the single entry point for a new network connection.
 *
 * <p>Implementations are thread safe.
 */
public interface Engine {

    /**
     * Authenticates the request and opens a connection.
     *
     * <p>Authentication may take milliseconds (password hashing), so it runs off the caller's thread. The stage
     * completes on {@code sink.executor()} with the open connection, or exceptionally with an
     * {@link EngineException} of kind {@link EngineException.Kind#AUTHENTICATION_FAILED},
     * {@link EngineException.Kind#CLIENT_ID_IN_USE}, {@link EngineException.Kind#RESOURCE_LIMIT} or
     * {@link EngineException.Kind#SHUTTING_DOWN}. With {@link ClientIdPolicy#TAKE_OVER} the previous holder of the
     * client id is terminated and its unsettled deliveries are back in their queues before the stage completes.
     *
     * @param request who connects
     * @param sink the transport's side of the connection
     */
    CompletionStage<EngineConnection> open(ConnectRequest request, ConnectionSink sink);
}
