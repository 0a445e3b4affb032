package io.ferrymq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.jms.Connection;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;
import javax.jms.XAConnection;
import javax.jms.XASession;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQXAConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ActiveMQ 5.18 client against the server process: virtual topic consumer groups and XA two-phase commit. */
@Timeout(60)
class ActiveMq5VirtualTopicXaIT {

    private static final long TIMEOUT = 5_000;

    @RegisterExtension
    static final FerryServerExtension SERVER = FerryServerExtension.withEnv(Map.of());

    private final List<Connection> connections = new ArrayList<>();
    private String name;

    @BeforeEach
    void name(TestInfo info) {
        name = "ow5." + info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeConnections() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already broken
            }
        }
    }

    private <C extends Connection> C track(C c) throws Exception {
        connections.add(c);
        c.start();
        return c;
    }

    private Session session() throws Exception {
        return track(new ActiveMQConnectionFactory(SERVER.server().tcpUrl()).createConnection())
                .createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** Every group gets every message; the two consumers of group A compete, so A sees each message once. */
    @Test
    void virtualTopicGroupsEachGetEveryMessageAndCompeteWithin() throws Exception {
        String topic = "VirtualTopic." + name;
        Session a1s = session();
        Session a2s = session();
        Session bs = session();
        MessageConsumer a1 = a1s.createConsumer(a1s.createQueue("Consumer.A." + topic));
        MessageConsumer a2 = a2s.createConsumer(a2s.createQueue("Consumer.A." + topic));
        MessageConsumer b = bs.createConsumer(bs.createQueue("Consumer.B." + topic));
        Session ps = session();
        MessageProducer p = ps.createProducer(ps.createTopic(topic));
        for (int i = 0; i < 6; i++) {
            p.send(ps.createTextMessage("m" + i));
        }

        List<String> groupB = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            TextMessage m = (TextMessage) b.receive(TIMEOUT);
            assertThat(m).as("group B message %d", i).isNotNull();
            groupB.add(m.getText());
        }
        assertThat(groupB).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
        assertThat(b.receive(200)).isNull();

        List<String> groupA = new ArrayList<>();
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (groupA.size() < 6 && System.currentTimeMillis() < deadline) {
            for (MessageConsumer c : List.of(a1, a2)) {
                TextMessage m = (TextMessage) c.receive(100);
                if (m != null) {
                    groupA.add(m.getText());
                }
            }
        }
        assertThat(groupA).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5");
        assertThat(a1.receive(200)).isNull();
        assertThat(a2.receive(200)).isNull();
    }

    private record TestXid(byte[] global, byte[] branch) implements Xid {
        static TestXid of(String name) {
            return new TestXid(name.getBytes(StandardCharsets.UTF_8), new byte[] {1});
        }

        @Override
        public int getFormatId() {
            return 0x1234;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return global.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return branch.clone();
        }

        boolean sameAs(Xid other) {
            return other.getFormatId() == getFormatId() && Arrays.equals(other.getGlobalTransactionId(), global)
                    && Arrays.equals(other.getBranchQualifier(), branch);
        }
    }

    @Test
    void xaTwoPhaseCommitWithTheXaConnectionFactory() throws Exception {
        XAConnection xc = track(new ActiveMQXAConnectionFactory(SERVER.server().tcpUrl()).createXAConnection());
        XASession xs = xc.createXASession();
        XAResource resource = xs.getXAResource();
        Queue q = xs.getSession().createQueue(name);
        TestXid xid = TestXid.of(name);

        resource.start(xid, XAResource.TMNOFLAGS);
        xs.getSession().createProducer(q).send(xs.getSession().createTextMessage("xa"));
        resource.end(xid, XAResource.TMSUCCESS);
        assertThat(resource.prepare(xid)).isEqualTo(XAResource.XA_OK);

        MessageConsumer consumer = session().createConsumer(q);
        assertThat(consumer.receive(300)).as("invisible while prepared").isNull();
        assertThat(resource.recover(XAResource.TMSTARTRSCAN)).anyMatch(xid::sameAs);

        resource.commit(xid, false);
        TextMessage got = (TextMessage) consumer.receive(TIMEOUT);
        assertThat(got).as("visible after commit").isNotNull();
        assertThat(got.getText()).isEqualTo("xa");
        assertThat(resource.recover(XAResource.TMSTARTRSCAN)).noneMatch(xid::sameAs);
    }
}
