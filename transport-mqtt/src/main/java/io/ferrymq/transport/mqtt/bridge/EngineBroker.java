package io.ferrymq.transport.mqtt.bridge;

import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.CloseReason;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.ConnectionSink;
import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.transport.mqtt.Broker;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.concurrent.Executor;

/** {@link Broker} on the engine: one engine connection and one engine session per MQTT connection. Thread safe. */
public final class EngineBroker implements Broker {

    private final Engine engine;
    private final Supplier<String> certificateSubject;

    public EngineBroker(Engine engine) {
        this(engine, () -> null);
    }

    /**
     * @param certificateSubject the connection's verified TLS client certificate subject, or null: with no user
     *     name in CONNECT, the engine logs the client in as that subject (mutual TLS)
     */
    public EngineBroker(Engine engine, Supplier<String> certificateSubject) {
        this.engine = engine;
        this.certificateSubject = certificateSubject;
    }

    @Override
    public CompletionStage<Session> open(String clientId, String username, byte[] password, SocketAddress remote,
            Events events) {
        char[] pw = password == null ? null : new String(password, StandardCharsets.UTF_8).toCharArray();
        ConnectRequest request = new ConnectRequest("mqtt", clientId, ClientIdPolicy.TAKE_OVER, username, pw,
                certificateSubject.get(), remote);
        CompletableFuture<Session> result = new CompletableFuture<>();
        engine.open(request, new Sink(events)).whenComplete((EngineConnection c, Throwable t) -> {
            if (t != null) {
                result.completeExceptionally(EngineFailures.map(t));
            } else {
                result.complete(new EngineBrokerSession(c, clientId));
            }
        });
        return result;
    }

    /** The engine's way back, forwarded to the protocol side. */
    private record Sink(Events events) implements ConnectionSink {
        @Override
        public Executor executor() {
            return events.executor();
        }

        @Override
        public boolean isWritable() {
            return events.isWritable();
        }

        @Override
        public void pauseReads() {
            events.pauseReads();
        }

        @Override
        public void resumeReads() {
            events.resumeReads();
        }

        @Override
        public void terminate(CloseReason reason) {
            if (reason == CloseReason.SESSION_TAKEN_OVER) {
                events.takenOver();
            } else {
                events.serverClosing();
            }
        }
    }
}
