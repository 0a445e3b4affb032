package io.ferrymq.transport.openwire;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.apache.activemq.ActiveMQXAConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XA with ActiveMQXAConnectionFactory on a journaled broker: two-phase commit, rollback, recover, restart. */
class XaIT extends ClientSupport {

    @TempDir
    Path dir;
    private EmbeddedBroker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = EmbeddedBroker.persistent(dir, 0);
    }

    @AfterEach
    void stopBroker() {
        closeConnections();
        broker.close();
    }

    @Override
    EmbeddedBroker broker() {
        return broker;
    }

    /** A javax.transaction.xa.Xid with value equality. */
    private record TestXid(int getFormatId, byte[] getGlobalTransactionId, byte[] getBranchQualifier)
            implements Xid {
        static TestXid of(String global) {
            return new TestXid(0x1234, global.getBytes(StandardCharsets.UTF_8), new byte[] {1});
        }

        boolean sameAs(Xid other) {
            return other.getFormatId() == getFormatId
                    && Arrays.equals(other.getGlobalTransactionId(), getGlobalTransactionId)
                    && Arrays.equals(other.getBranchQualifier(), getBranchQualifier);
        }
    }

    private XASession xaSession() throws Exception {
        XAConnection c = new ActiveMQXAConnectionFactory(broker.url()).createXAConnection();
        return track(c, null).createXASession();
    }

    private void sendPrepared(XASession xs, Xid xid, Queue q, String text) throws Exception {
        XAResource resource = xs.getXAResource();
        resource.start(xid, XAResource.TMNOFLAGS);
        xs.getSession().createProducer(q).send(xs.getSession().createTextMessage(text));
        resource.end(xid, XAResource.TMSUCCESS);
        assertThat(resource.prepare(xid)).isEqualTo(XAResource.XA_OK);
    }

    private MessageConsumer consumer(Queue q) throws Exception {
        return connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
    }

    @Test
    void twoPhaseCommitMakesTheSendVisibleAndRecoverListsThePreparedXid() throws Exception {
        XASession xs = xaSession();
        Queue q = xs.getSession().createQueue(name);
        TestXid xid = TestXid.of(name);
        sendPrepared(xs, xid, q, "xa");
        MessageConsumer consumer = consumer(q);
        assertThat(consumer.receive(300)).as("invisible while prepared").isNull();
        Xid[] recovered = xs.getXAResource().recover(XAResource.TMSTARTRSCAN);
        assertThat(recovered).anyMatch(xid::sameAs);

        xs.getXAResource().commit(xid, false);
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("xa");
        assertThat(xs.getXAResource().recover(XAResource.TMSTARTRSCAN)).noneMatch(xid::sameAs);
    }

    @Test
    void rollbackDiscardsThePreparedSend() throws Exception {
        XASession xs = xaSession();
        Queue q = xs.getSession().createQueue(name);
        TestXid xid = TestXid.of(name);
        sendPrepared(xs, xid, q, "discarded");
        xs.getXAResource().rollback(xid);
        assertThat(consumer(q).receive(500)).isNull();
    }

    @Test
    void aPreparedTransactionSurvivesARestartAndCommits() throws Exception {
        XASession xs = xaSession();
        Queue q = xs.getSession().createQueue(name);
        TestXid xid = TestXid.of(name);
        sendPrepared(xs, xid, q, "survivor");
        closeConnections();
        broker.close();

        broker = EmbeddedBroker.persistent(dir, 0);
        XASession after = xaSession();
        Xid[] recovered = after.getXAResource().recover(XAResource.TMSTARTRSCAN);
        Xid found = Arrays.stream(recovered).filter(xid::sameAs).findFirst().orElseThrow();
        MessageConsumer consumer = consumer(q);
        assertThat(consumer.receive(300)).as("still invisible after the restart").isNull();
        after.getXAResource().commit(found, false);
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("survivor");
    }
}
