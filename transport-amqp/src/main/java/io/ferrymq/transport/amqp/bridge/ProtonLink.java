package io.ferrymq.transport.amqp.bridge;

import java.util.concurrent.CompletionStage;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;

/**
 * One attached link: a producer (the client's sender, our {@link Receiver}), a consumer (our sender) or a
 * transaction coordinator. Reacts to the link's Proton events and talks to the engine.
 *
 * <p>Not thread safe: called on the connection's event loop, as are the engine callbacks it registers.
 */
public abstract class ProtonLink {

    final SessionBridge session;
    final Link link;

    ProtonLink(SessionBridge session, Link link) {
        this.session = session;
        this.link = link;
    }

    /** The peer attached the link: answer with our attach (now or when the engine has answered). */
    abstract void attach();

    /** The peer's flow changed the link's credit or drain flag. */
    void onFlow() {
    }

    /** A delivery of this link changed: a transfer arrived, or the peer updated or settled a delivery. */
    void onDelivery(Delivery delivery) {
    }

    /**
     * The peer detached ({@code closed} false) or closed the link. Answers with our detach and releases the
     * engine's side.
     */
    abstract void remoteDetach(boolean closed);

    /**
     * The link is going (detached, or its session or connection is gone): release the engine's side without
     * answering. Idempotent. The stage completes when the engine has released it (a consumer's unsettled
     * deliveries are back in their queue).
     */
    abstract CompletionStage<Void> dispose();

    /**
     * Answers the peer's detach with ours and frees the link, so that a later attach may reuse its name (Qpid JMS
     * reattaches durable subscriptions under the same link name).
     */
    void answerDetach(boolean closed) {
        if (link.getLocalState() != EndpointState.CLOSED) {
            if (closed) {
                link.close();
            } else {
                link.detach();
            }
        }
        session.forget(this);
        link.free();
    }

    /** Whether the link can still carry frames from us. */
    boolean isOpen() {
        return link.getLocalState() == EndpointState.ACTIVE && link.getRemoteState() == EndpointState.ACTIVE;
    }

    /**
     * Refuses an attach as AMQP 1.0 §2.6.3 asks: an attach answer with a null terminus on our side, then a detach
     * carrying the error.
     */
    void refuse(ErrorCondition condition) {
        if (link instanceof Receiver) {
            link.setTarget(null);
            link.setSource(link.getRemoteSource());
        } else {
            link.setSource(null);
            link.setTarget(link.getRemoteTarget());
        }
        link.open();
        link.setCondition(condition);
        link.close();
        session.forget(this);
        session.pump();
    }

    /** Closes the link from our side with an error (the engine ended the consumer, a protocol error). */
    void closeWith(ErrorCondition condition) {
        if (link.getLocalState() != EndpointState.CLOSED) {
            link.setCondition(condition);
            link.close();
        }
        dispose();
        session.forget(this);
        session.pump();
    }

    /**
     * The error condition for a runtime failure Proton raised while applying a decoded frame. Proton-J fails with
     * a null pointer or class cast when a transfer, flow or disposition names a handle or session that is not
     * attached (AMQP 1.0 §2.7.5: unattached-handle); anything else is a framing error.
     */
    public static ErrorCondition violation(RuntimeException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String method = frame.getMethodName();
            if (frame.getClassName().startsWith("org.apache.qpid.proton.engine.impl.Transport")
                    && (method.equals("handleTransfer") || method.equals("handleFlow")
                    || method.equals("handleDisposition") || method.equals("handleDetach"))) {
                return Conditions.of(Conditions.UNATTACHED_HANDLE, "frame " + method.substring(6).toLowerCase()
                        + " on a handle or channel that is not attached");
            }
        }
        return Conditions.of(Conditions.FRAMING_ERROR, "malformed frame: " + e);
    }
}
