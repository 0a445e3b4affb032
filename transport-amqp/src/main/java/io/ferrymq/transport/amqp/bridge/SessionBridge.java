package io.ferrymq.transport.amqp.bridge;

import io.ferrymq.addressing.api.EngineSession;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.qpid.proton.amqp.transaction.Coordinator;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;

/**
 * One AMQP session (AMQP 1.0 §2.5) on one engine session: creates the link handlers and ends them with it.
 *
 * <p>Not thread safe: called on the connection's event loop.
 */
final class SessionBridge {

    private final ConnectionBridge connection;
    private final Session session;
    private final EngineSession engineSession;
    private final Set<ProtonLink> links = new LinkedHashSet<>();
    private boolean disposed;
    private boolean closedByPeer;

    SessionBridge(ConnectionBridge connection, Session session, EngineSession engineSession) {
        this.connection = connection;
        this.session = session;
        this.engineSession = engineSession;
    }

    ConnectionBridge connection() {
        return connection;
    }

    EngineSession engine() {
        return engineSession;
    }

    void pump() {
        connection.pump();
    }

    /** The peer attached a link: a producer, a consumer, or a transaction coordinator (AMQP 1.0 §4.5.1). */
    void attach(Link link) {
        ProtonLink handler;
        if (link instanceof Receiver receiver) {
            handler = receiver.getRemoteTarget() instanceof Coordinator
                    ? new CoordinatorLink(this, receiver) : new ProducerLink(this, receiver);
        } else {
            handler = new ConsumerLink(this, (Sender) link);
        }
        link.setContext(handler);
        links.add(handler);
        handler.attach();
    }

    void forget(ProtonLink link) {
        links.remove(link);
    }

    /** The peer ended the session: end ours, close the engine session (unsettled deliveries go back). */
    void remoteEnd() {
        closedByPeer = true;
        dispose();
        if (session.getLocalState() != EndpointState.CLOSED) {
            session.close();
        }
    }

    /**
     * Releases the engine's side of every link, then the engine session. Idempotent.
     */
    CompletionStage<Void> dispose() {
        return dispose(false);
    }

    /**
     * @param connectionClosing true when the whole engine connection is closed next, which closes this session
     */
    CompletionStage<Void> dispose(boolean connectionClosing) {
        if (disposed) {
            return CompletableFuture.completedFuture(null);
        }
        disposed = true;
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (ProtonLink link : new ArrayList<>(links)) {
            closing.add(link.dispose().toCompletableFuture());
        }
        links.clear();
        // consumers first, so that their deliveries are back before the session (or connection) goes
        CompletableFuture<Void> linksClosed = CompletableFuture
                .allOf(closing.toArray(CompletableFuture[]::new))
                .exceptionally(failure -> null);
        return connectionClosing ? linksClosed : linksClosed.thenCompose(v -> engineSession.close());
    }

    /** Whether the peer ended the session with an end frame. */
    boolean closedByPeer() {
        return closedByPeer;
    }

    /** Whether the session is ending (its engine session is closed or about to be). */
    boolean isDisposed() {
        return disposed;
    }
}
