package io.ferrymq.interop;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.OperationNotSupportedException;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.command.ActiveMQTopic;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.JmsQueue;
import org.apache.qpid.jms.JmsTopic;
import org.objectweb.jtests.jms.admin.Admin;

/**
 * The JORAM suite's {@link Admin} for {@link JoramJmsIT}, named by {@code provider.properties}. The suite makes a
 * new instance (public no-argument constructor) in every test's {@code setUp}; which client it serves and where the
 * server listens is static state that {@link JoramJmsIT} sets before it runs a client's tests.
 *
 * <p>Connection factories point at the server process; queues and topics are client-side destination objects
 * ({@link ActiveMQQueue}, {@link JmsQueue}, ...) bound in a map-backed {@link Context}, as ActiveMQ's and Artemis's
 * own admins do. Each test must start on empty destinations, which ActiveMQ gets by restarting its in-VM broker for
 * every test and Artemis by deleting the queue and topic:
 * <ul>
 *   <li>OpenWire queues keep the suite's names ({@code testJoramQueue}) and {@link #deleteQueue} removes the queue
 *       with its messages through {@link ActiveMQConnection#destroyDestination}, as Artemis's admin deletes it, so
 *       the same queue is used by test after test.
 *   <li>AMQP has no way to delete a queue, and the suite's topics have durable subscriptions of fixed client ids
 *       and names that would carry messages from test to test: those names get a serial number per admin instance
 *       (so per test) instead.
 * </ul>
 */
public final class JoramAdmin implements Admin {

    /** The client whose objects the admin binds. */
    enum Client {
        OPENWIRE, AMQP
    }

    private static volatile Client client;
    private static volatile String url;
    private static final AtomicLong SERIAL = new AtomicLong();

    private final Map<String, Object> bindings = new ConcurrentHashMap<>();
    private final String suffix = ".joram" + SERIAL.incrementAndGet();

    /** Makes the admins that the suite creates from now on serve {@code c} on {@code serverUrl}. */
    static void use(Client c, String serverUrl) {
        client = c;
        url = serverUrl;
    }

    public JoramAdmin() {
        if (client == null) {
            throw new IllegalStateException("JoramJmsIT did not say which client to use");
        }
    }

    @Override
    public String getName() {
        return "FerryMQ " + client;
    }

    @Override
    public Context createContext() {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "lookup": {
                            Object bound = bindings.get(String.valueOf(args[0]));
                            if (bound == null) {
                                throw new NameNotFoundException(String.valueOf(args[0]));
                            }
                            return bound;
                        }
                        case "bind":
                        case "rebind":
                            bindings.put(String.valueOf(args[0]), args[1]);
                            return null;
                        case "unbind":
                            bindings.remove(String.valueOf(args[0]));
                            return null;
                        case "close":
                            return null;
                        case "toString":
                            return "JoramAdmin context " + bindings.keySet();
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new OperationNotSupportedException(method.getName());
                    }
                });
    }

    private ConnectionFactory factory() {
        if (client == Client.OPENWIRE) {
            ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(url);
            // as ActiveMQ's own JORAM admin: MapMessage.setObject takes only what JMS 1.1 §3.11.3 lists
            f.setNestedMapAndListEnabled(false);
            f.setTrustedPackages(List.of("java.lang", "java.util"));
            return f;
        }
        return new JmsConnectionFactory(url);
    }

    @Override
    public void createConnectionFactory(String name) {
        bindings.put(name, factory());
    }

    @Override
    public void createQueueConnectionFactory(String name) {
        createConnectionFactory(name);
    }

    @Override
    public void createTopicConnectionFactory(String name) {
        createConnectionFactory(name);
    }

    @Override
    public void createQueue(String name) {
        bindings.put(name, client == Client.OPENWIRE ? new ActiveMQQueue(name) : new JmsQueue(name + suffix));
    }

    @Override
    public void createTopic(String name) {
        String physical = name + suffix;
        bindings.put(name, client == Client.OPENWIRE ? new ActiveMQTopic(physical) : new JmsTopic(physical));
    }

    @Override
    public void deleteQueue(String name) {
        Object queue = bindings.remove(name);
        if (queue instanceof ActiveMQQueue q) {
            try {
                ActiveMQConnection c = (ActiveMQConnection) factory().createConnection();
                try {
                    c.destroyDestination(q);
                } finally {
                    c.close();
                }
            } catch (JMSException e) {
                throw new IllegalStateException("cannot remove " + q, e);
            }
        }
    }

    @Override
    public void deleteTopic(String name) {
        bindings.remove(name);
    }

    @Override
    public void deleteConnectionFactory(String name) {
        bindings.remove(name);
    }

    @Override
    public void deleteQueueConnectionFactory(String name) {
        bindings.remove(name);
    }

    @Override
    public void deleteTopicConnectionFactory(String name) {
        bindings.remove(name);
    }

    /** The server is {@link JoramJmsIT}'s, started once for the whole run. */
    @Override
    public void startServer() {
    }

    @Override
    public void stopServer() {
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
