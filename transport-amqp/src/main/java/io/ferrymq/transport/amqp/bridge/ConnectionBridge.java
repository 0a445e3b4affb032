package io.ferrymq.transport.amqp.bridge;

import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.CloseReason;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.ConnectionSink;
import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.transport.ConnectionGuard;
import io.ferrymq.transport.amqp.mapping.AmqpMessageMapper;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker side of one AMQP connection: authenticates through {@link Engine#open} (SASL PLAIN or ANONYMOUS, or a
 * client that skips SASL as an anonymous one), answers open, begin and attach, owns the sessions and the
 * connection's transactions, and is the engine's {@link ConnectionSink}.
 *
 * <p>Not thread safe: every method runs on the channel's event loop, which is also the engine connection's
 * executor.
 */
public final class ConnectionBridge implements ConnectionSink {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionBridge.class);

    private static final String CONTAINER_ID = "ferrymq";
    private static final AtomicLong TEMPORARY_NAMES = new AtomicLong();

    private final Engine engine;
    private final Channel channel;
    private final Transport transport;
    private final Connection connection;
    private final Runnable pump;
    private final Consumer<Channel> handshakeDone;
    private final AmqpMessageMapper mapper = new AmqpMessageMapper();
    private final Map<Binary, Transaction> transactions = new HashMap<>();
    private final int maxMessageSize;

    private EngineConnection engineConnection;
    private boolean authenticating;
    private boolean channelClosed;
    private Runnable afterAuthentication;
    private boolean closeAfterFlush;
    private boolean closedByPeer;

    /**
     * @param pump asks for the connection's events to be processed and its output flushed (on the event loop)
     * @param handshakeDone tells the listener the AMQP open completed
     * @param maxMessageSize the largest message a producer may send (the server's frame size limit, which for AMQP
     *     bounds whole messages: frames themselves stay small)
     */
    public ConnectionBridge(Engine engine, Channel channel, Transport transport, Connection connection,
            Runnable pump, Consumer<Channel> handshakeDone, int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
        this.engine = engine;
        this.channel = channel;
        this.transport = transport;
        this.connection = connection;
        this.pump = pump;
        this.handshakeDone = handshakeDone;
    }

    /** Sets up the server side of SASL (AMQP 1.0 §5.3) on the connection's transport. */
    public void installSasl(Sasl sasl) {
        new SaslAuthenticator(channel, this::authenticate, () -> {
            closeAfterFlush = true; // AMQP 1.0 §5.3.3.6: after a failed outcome the socket is closed
            pump.run();
        }, pump).install(sasl);
    }

    /**
     * Opens the engine connection for these credentials: a user name and password, a verified certificate subject
     * (SASL EXTERNAL), or neither (anonymous: the engine's guest).
     */
    private void authenticate(String username, char[] password, String certificateSubject, Runnable ok,
            Consumer<Throwable> failed) {
        authenticating = true;
        ConnectRequest request = new ConnectRequest("amqp", null, ClientIdPolicy.SHARED, username, password,
                certificateSubject, channel.remoteAddress());
        engine.open(request, this).whenComplete((c, failure) -> {
            authenticating = false;
            if (failure != null) {
                failed.accept(failure);
                return;
            }
            if (channelClosed) {
                c.close();
                return;
            }
            engineConnection = c;
            ok.run();
            if (afterAuthentication != null) {
                Runnable next = afterAuthentication;
                afterAuthentication = null;
                next.run();
            }
        });
    }

    /**
     * Whether {@code event} has to wait in the collector: a client may pipeline begin and attach behind its open
     * (AMQP 1.0 §2.4.1), and they wait until the broker has answered that open, which it does once the client is
     * authenticated and its container id checked. The handler stops at such an event and pumps again later.
     */
    public boolean mustWait(Event event) {
        return connection.getLocalState() == EndpointState.UNINITIALIZED
                && (event.getSession() != null || event.getLink() != null || event.getDelivery() != null);
    }

    /** Handles one Proton event. */
    public void onEvent(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> remoteOpen();
            case CONNECTION_REMOTE_CLOSE -> remoteClose();
            case SESSION_REMOTE_OPEN -> sessionOpen(event.getSession());
            case SESSION_REMOTE_CLOSE -> sessionClose(event.getSession());
            case LINK_REMOTE_OPEN -> linkOpen(event.getLink());
            case LINK_REMOTE_DETACH -> linkDetach(event.getLink(), false);
            case LINK_REMOTE_CLOSE -> linkDetach(event.getLink(), true);
            case LINK_FLOW -> {
                if (event.getLink().getContext() instanceof ProtonLink l) {
                    l.onFlow();
                }
            }
            case DELIVERY -> {
                if (event.getLink().getContext() instanceof ProtonLink l) {
                    l.onDelivery(event.getDelivery());
                }
            }
            case TRANSPORT_ERROR -> transportError();
            default -> {
            }
        }
    }

    private void remoteOpen() {
        if (engineConnection == null) {
            if (authenticating) {
                afterAuthentication = this::answerOpen;
                return;
            }
            // the client skipped SASL (AMQP 1.0 §5.3.1 allows it): an anonymous connection, if the engine agrees
            authenticate(null, null, null, () -> {
                answerOpen();
                pump.run();
            }, failure -> {
                LOG.warn("FA2001 anonymous connection from {} without SASL refused: {}", channel.remoteAddress(),
                        Conditions.unwrap(failure).getMessage());
                refuseOpen(Conditions.of(failure));
                pump.run();
            });
            return;
        }
        answerOpen();
    }

    /**
     * Answers the client's open. A client that desires {@code sole-connection-for-container} (Qpid JMS with a JMS
     * client id) first claims its container id as the connection's exclusive client id; a duplicate is refused with
     * {@code amqp:invalid-field} naming {@code container-id}, which Qpid JMS reports as InvalidClientIDException.
     */
    private void answerOpen() {
        String container = connection.getRemoteContainer();
        if (container == null || !Capabilities.has(connection.getRemoteDesiredCapabilities(),
                Capabilities.SOLE_CONNECTION_FOR_CONTAINER)) {
            acceptOpen();
            return;
        }
        engineConnection.claimClientId(container, ClientIdPolicy.REFUSE_DUPLICATE).whenComplete((v, failure) -> {
            if (failure == null) {
                acceptOpen();
            } else {
                LOG.info("FA1002 AMQP connection from {} refused: {}", channel.remoteAddress(),
                        Conditions.unwrap(failure).getMessage());
                ErrorCondition condition = Conditions.of(failure);
                condition.setInfo(Map.of(Symbol.valueOf("invalid-field"), Symbol.valueOf("container-id")));
                refuseOpen(condition);
            }
            pump.run();
        });
    }

    private void acceptOpen() {
        connection.setContainer(CONTAINER_ID);
        connection.setOfferedCapabilities(new Symbol[] {
            Capabilities.ANONYMOUS_RELAY, Capabilities.SHARED_SUBS, Capabilities.DELAYED_DELIVERY,
            Capabilities.SOLE_CONNECTION_FOR_CONTAINER});
        Map<Symbol, Object> properties = new HashMap<>();
        properties.put(Symbol.valueOf("product"), "FerryMQ");
        connection.setProperties(properties);
        connection.open();
        handshakeDone.accept(channel);
    }

    /** Answers open with open then close (AMQP 1.0 §2.4.1 refusal), marked as an establishment failure. */
    private void refuseOpen(ErrorCondition condition) {
        connection.setContainer(CONTAINER_ID);
        Map<Symbol, Object> properties = new HashMap<>();
        properties.put(Symbol.valueOf("amqp:connection-establishment-failed"), true);
        connection.setProperties(properties);
        connection.open();
        connection.setCondition(condition);
        connection.close();
    }

    private void remoteClose() {
        closedByPeer = true;
        if (connection.getLocalState() != EndpointState.CLOSED) {
            connection.close();
        }
        closeEngine();
    }

    private void sessionOpen(Session session) {
        if (engineConnection == null) {
            // the open was refused (mustWait held this begin until then): the close answers it
            if (session.getLocalState() != EndpointState.CLOSED) {
                session.close();
            }
            return;
        }
        SessionBridge bridge = new SessionBridge(this, session, engineConnection.createSession());
        session.setContext(bridge);
        session.open();
    }

    private void sessionClose(Session session) {
        if (session.getContext() instanceof SessionBridge bridge) {
            bridge.remoteEnd();
        } else if (session.getLocalState() != EndpointState.CLOSED) {
            session.close();
        }
    }

    private void linkOpen(Link link) {
        if (link.getSession().getContext() instanceof SessionBridge bridge) {
            bridge.attach(link);
        }
    }

    private void linkDetach(Link link, boolean closed) {
        if (link.getContext() instanceof ProtonLink l) {
            l.remoteDetach(closed);
        } else {
            if (link.getLocalState() != EndpointState.CLOSED) {
                if (closed) {
                    link.close();
                } else {
                    link.detach();
                }
            }
            link.free();
        }
    }

    private void transportError() {
        // an expired idle timeout is the connection's own condition; Proton's transport then reports the abort
        ErrorCondition condition = connection.getCondition() != null && connection.getCondition().getCondition() != null
                ? connection.getCondition() : transport.getCondition();
        LOG.warn("FA2002 AMQP connection from {} closed on a protocol error: {} {}", channel.remoteAddress(),
                condition == null ? null : condition.getCondition(),
                condition == null ? "" : condition.getDescription());
        closeEngine();
    }

    /**
     * The peer broke the protocol in a way Proton did not catch: close the connection with {@code condition} and
     * log one line.
     */
    public void protocolViolation(ErrorCondition condition, RuntimeException cause) {
        LOG.warn("FA2003 AMQP connection from {} closed: {} {}", channel.remoteAddress(), condition.getCondition(),
                condition.getDescription());
        if (cause != null) {
            LOG.debug("the violation on {}", channel, cause);
        }
        closeConnection(condition);
    }

    /** A bug of ours while handling an event: close with internal-error. The caller logged it (FA3001). */
    public void internalError(RuntimeException e) {
        closeConnection(Conditions.of(Conditions.INTERNAL, "internal error"));
    }

    private void closeConnection(ErrorCondition condition) {
        if (connection.getLocalState() == EndpointState.UNINITIALIZED) {
            connection.setContainer(CONTAINER_ID);
            connection.open();
        }
        if (connection.getLocalState() != EndpointState.CLOSED) {
            connection.setCondition(condition);
            connection.close();
        }
        closeEngine();
        pump.run();
    }

    /** Whether the network connection is to be closed once the pending output is written (failed SASL). */
    public boolean closeAfterFlush() {
        return closeAfterFlush;
    }

    /** The connection's local state, for the idle-timeout ticker. */
    public EndpointState connectionState() {
        return connection.getLocalState();
    }

    /** The network connection is gone. */
    public void channelClosed() {
        channelClosed = true;
        closeEngine();
    }

    /** Netty's writability changed: tell the engine so that dispatch resumes. */
    public void writabilityChanged() {
        if (engineConnection != null && channel.isWritable()) {
            engineConnection.writabilityChanged();
        }
    }

    /**
     * Releases every link's engine side (consumers first, so that their deliveries are back in their queues), then
     * closes the engine connection, which closes its sessions and rolls back open transactions. Idempotent.
     */
    private void closeEngine() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Session s = connection.sessionHead(null, null); s != null; s = s.next(null, null)) {
            if (s.getContext() instanceof SessionBridge bridge) {
                closing.add(bridge.dispose(true).toCompletableFuture());
            }
        }
        transactions.clear();
        EngineConnection c = engineConnection;
        engineConnection = null;
        if (c != null) {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .whenComplete((v, failure) -> c.close());
        }
    }

    // ---- for sessions and links

    /** The largest message a producer link accepts (AMQP 1.0 §2.7.3 max-message-size). */
    int maxMessageSize() {
        return maxMessageSize;
    }

    AmqpMessageMapper mapper() {
        return mapper;
    }

    /** The container id the client opened with (AMQP 1.0 §2.7.1); scopes its durable subscriptions. */
    String containerId() {
        return connection.getRemoteContainer();
    }

    void pump() {
        pump.run();
    }

    Transaction transaction(Binary txnId) {
        return transactions.get(txnId);
    }

    void addTransaction(Binary txnId, Transaction tx) {
        transactions.put(txnId, tx);
    }

    Transaction removeTransaction(Binary txnId) {
        return transactions.remove(txnId);
    }

    /** Whether the peer closed the connection with a close frame (not a network failure). */
    boolean closedByPeer() {
        return closedByPeer;
    }

    /** A broker-unique name for a dynamic node (AMQP 1.0 §3.5.3 dynamic). */
    String temporaryName() {
        return "amqp.tmp." + Long.toHexString(System.nanoTime() & 0xffffffL) + "." + TEMPORARY_NAMES.incrementAndGet();
    }

    // ---- ConnectionSink

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void pauseReads() {
        ConnectionGuard.pauseReads(channel);
    }

    @Override
    public void resumeReads() {
        ConnectionGuard.resumeReads(channel);
    }

    @Override
    public void terminate(CloseReason reason) {
        LOG.info("FA1001 AMQP connection from {} closed by the broker: {}", channel.remoteAddress(), reason);
        engineConnection = null; // the engine has released it already: closing only forgets the links
        closeConnection(Conditions.of(Conditions.FORCED, switch (reason) {
            case SHUTDOWN -> "the broker is shutting down";
            case ADMINISTRATIVE -> "closed by an administrator";
            case SESSION_TAKEN_OVER -> "another connection took over the client id";
        }));
    }
}
