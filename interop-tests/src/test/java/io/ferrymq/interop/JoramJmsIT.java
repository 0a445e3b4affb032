package io.ferrymq.interop;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import junit.framework.Test;
import junit.framework.TestCase;
import junit.framework.TestSuite;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.objectweb.jtests.jms.conform.connection.ConnectionTest;
import org.objectweb.jtests.jms.conform.connection.TopicConnectionTest;
import org.objectweb.jtests.jms.conform.message.MessageBodyTest;
import org.objectweb.jtests.jms.conform.message.MessageDefaultTest;
import org.objectweb.jtests.jms.conform.message.MessageTypeTest;
import org.objectweb.jtests.jms.conform.message.headers.MessageHeaderTest;
import org.objectweb.jtests.jms.conform.message.properties.JMSXPropertyTest;
import org.objectweb.jtests.jms.conform.message.properties.MessagePropertyConversionTest;
import org.objectweb.jtests.jms.conform.message.properties.MessagePropertyTest;
import org.objectweb.jtests.jms.conform.queue.QueueBrowserTest;
import org.objectweb.jtests.jms.conform.queue.TemporaryQueueTest;
import org.objectweb.jtests.jms.conform.selector.SelectorSyntaxTest;
import org.objectweb.jtests.jms.conform.selector.SelectorTest;
import org.objectweb.jtests.jms.conform.session.QueueSessionTest;
import org.objectweb.jtests.jms.conform.session.SessionTest;
import org.objectweb.jtests.jms.conform.session.TopicSessionTest;
import org.objectweb.jtests.jms.conform.session.UnifiedSessionTest;
import org.objectweb.jtests.jms.conform.topic.TemporaryTopicTest;
import org.objectweb.jtests.jms.framework.JMSTestCase;

/**
 * The JORAM JMS 1.1 conformance tests ({@code org.fusesource.joram-jms-tests}, the suite ActiveMQ Classic and
 * Artemis run against themselves) against the server process, once with activemq-client 5.18 (OpenWire) and once
 * with Qpid JMS 1.x (AMQP 1.0). Every JUnit 3 test of the suite is one dynamic test here, under
 * {@code <client>/<test class>}; {@link JoramAdmin} (named by {@code provider.properties}) hands the suite its
 * connection factories and destinations, and {@code test.properties} its receive timeout.
 *
 * <p>One server for the run: the suite's own {@code startServer()} per test is turned off, as in Artemis's run;
 * each test starts on empty destinations all the same (see {@link JoramAdmin}).
 *
 * <p>The receive timeout is 3 s, not Artemis's 1 s: after a rollback activemq-client 5.x redelivers from its own
 * buffer only after its RedeliveryPolicy's initialRedeliveryDelay, 1000 ms by default, so the rollback tests
 * (QueueSessionTest, TopicSessionTest, JMSXPropertyTest#testJMSXDeliveryCount) need more than 1 s with that client
 * whatever the broker; ActiveMQ runs the suite with the default 30 s.
 *
 * <p>Nothing is excluded: every test passes with both clients, including the two classes ActiveMQ's own AMQP run
 * leaves out (TopicSessionTest, PROTON-154; UnifiedSessionTest, AMQ-4375). A test that cannot pass against any
 * conforming provider, or that ActiveMQ's or Artemis's run excludes for a reason that holds here too, would go in
 * {@link #EXCLUDED} with that reason and be reported as skipped.
 */
class JoramJmsIT {

    @RegisterExtension
    static final FerryServerExtension SERVER = FerryServerExtension.withEnv(Map.of()).withListeners("amqp");

    /** Every test class of the suite, in the order of ActiveMQ's JoramJmsTest. */
    private static final List<Class<? extends TestCase>> CLASSES = List.of(
            SelectorTest.class,
            ConnectionTest.class,
            TopicConnectionTest.class,
            MessageHeaderTest.class,
            MessageBodyTest.class,
            MessageDefaultTest.class,
            MessageTypeTest.class,
            JMSXPropertyTest.class,
            MessagePropertyConversionTest.class,
            TemporaryQueueTest.class,
            SelectorSyntaxTest.class,
            QueueSessionTest.class,
            SessionTest.class,
            TopicSessionTest.class,
            TemporaryTopicTest.class,
            UnifiedSessionTest.class,
            QueueBrowserTest.class,
            MessagePropertyTest.class);

    /**
     * {@code client:SimpleClassName#testMethod} (client {@code *} for both) to the reason it is not run.
     */
    private static final Map<String, String> EXCLUDED = Map.of();

    /** A hung test fails instead of hanging the build. */
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(30);

    @TestFactory
    @DisplayName("openwire")
    List<DynamicNode> openwire() {
        return suite(JoramAdmin.Client.OPENWIRE, SERVER.server().tcpUrl());
    }

    @TestFactory
    @DisplayName("amqp")
    List<DynamicNode> amqp() {
        return suite(JoramAdmin.Client.AMQP, "amqp://127.0.0.1:" + SERVER.server().port("amqp")
                + "?jms.sendTimeout=15000&jms.requestTimeout=15000&jms.connectTimeout=10000&jms.closeTimeout=5000"
                + "&jms.deserializationPolicy.allowList=java.lang,java.util");
    }

    private static List<DynamicNode> suite(JoramAdmin.Client client, String url) {
        JMSTestCase.startServer = false;
        List<DynamicNode> classes = new ArrayList<>();
        for (Class<? extends TestCase> type : CLASSES) {
            List<DynamicNode> tests = new ArrayList<>();
            for (Enumeration<Test> e = new TestSuite(type).tests(); e.hasMoreElements(); ) {
                Test t = e.nextElement();
                if (!(t instanceof TestCase)) {
                    throw new IllegalStateException(type + ": " + t); // TestSuite's warning: no test found
                }
                TestCase test = (TestCase) t;
                String name = test.getName();
                String reason = excluded(client, type, name);
                String display = client.name().toLowerCase() + " " + type.getSimpleName() + "#" + name;
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Assumptions.assumeTrue(reason == null, () -> "excluded: " + reason);
                    JoramAdmin.use(client, url);
                    assertTimeoutPreemptively(TEST_TIMEOUT, () -> {
                        test.runBare();
                        return null;
                    }, () -> display + " hung");
                }));
            }
            classes.add(DynamicContainer.dynamicContainer(type.getSimpleName(), tests));
        }
        return classes;
    }

    private static String excluded(JoramAdmin.Client client, Class<?> type, String name) {
        String reason = EXCLUDED.get(client.name().toLowerCase() + ":" + type.getSimpleName() + "#" + name);
        return reason != null ? reason : EXCLUDED.get("*:" + type.getSimpleName() + "#" + name);
    }
}
