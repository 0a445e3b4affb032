package io.ferrymq.transport.mqtt;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The will of one connection (MQTT 3.1.1 §3.1.2.5, 5.0 §3.1.2.5, §3.1.3.2): published when the connection ends
 * without a DISCONNECT, or with a v5 DISCONNECT 0x04; after the v5 Will Delay Interval, unless the client reconnects
 * first. Not thread safe: called on the connection's event loop, and the delay timer runs there too.
 */
final class Will {

    private static final Logger LOG = LoggerFactory.getLogger(Will.class);

    private final PublishData message;
    private final long delaySeconds;
    private final String clientId;
    private boolean armed = true;
    private ScheduledFuture<?> pending;

    Will(PublishData message, long delaySeconds, String clientId) {
        this.message = message;
        this.delaySeconds = delaySeconds;
        this.clientId = clientId;
    }

    /** The client sent DISCONNECT: the will goes out only for reason 0x04 (5.0 §3.14.2.1). */
    void disconnect(int reasonCode) {
        armed = reasonCode == 0x04;
    }

    /** The connection was taken over or closed by the server: no will now, and a pending one is cancelled. */
    void cancel() {
        armed = false;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** Whether a delayed will is waiting for its time. */
    boolean isPending() {
        return pending != null;
    }

    /**
     * The connection is gone. Publishes the will now, or after min(will delay, session expiry) (5.0 §3.1.3.2.2),
     * then runs {@code closeSession}. A delayed will keeps the broker session open; a reconnection takes the
     * client id over, which ends that session and {@link #cancel() cancels} the will (then {@code closeSession} is
     * not run: the broker has released the session).
     */
    void connectionLost(Broker.Session session, long sessionExpirySeconds, ScheduledExecutorService scheduler,
            Runnable closeSession) {
        if (!armed) {
            closeSession.run();
            return;
        }
        long delay = Math.min(delaySeconds, sessionExpirySeconds);
        if (delay > 0) {
            pending = scheduler.schedule(() -> {
                if (pending != null) {
                    pending = null;
                    publish(session, closeSession);
                }
            }, delay, TimeUnit.SECONDS);
            return;
        }
        publish(session, closeSession);
    }

    private void publish(Broker.Session session, Runnable closeSession) {
        armed = false;
        session.publish(message).whenComplete((r, t) -> {
            if (t != null) {
                LOG.warn("FM2002 will of MQTT client '{}' not published: {}", clientId, BrokerException.messageOf(t));
            }
            closeSession.run();
        });
    }
}
