package io.ferrymq.transport.amqp.bridge;

import io.ferrymq.addressing.api.EngineSession;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
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
        dispose();
        if (session.getLocalState() != EndpointState.CLOSED) {
            session.close();
        }
    }

    /**
     * Releases the engine's side of every link and the engine session. Idempotent. Closing the engine session is
     * what returns the unsettled deliveries of its consumers, once: the links only forget their consumers.
     */
    void dispose() {
        dispose(false);
    }

    /**
     * @param connectionClosing true when the whole engine connection is about to be closed, which closes this
     *     session with it: nothing is closed here then
     */
    void dispose(boolean connectionClosing) {
        if (disposed) {
            return;
        }
        disposed = true;
        for (ProtonLink link : new ArrayList<>(links)) {
            link.dispose();
        }
        links.clear();
        if (!connectionClosing) {
            engineSession.close();
        }
    }

    /** Whether the session is ending, so that its links leave their consumers to the engine session's close. */
    boolean isDisposed() {
        return disposed;
    }
}
