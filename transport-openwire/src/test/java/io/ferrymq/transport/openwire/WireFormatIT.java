package io.ferrymq.transport.openwire;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.command.KeepAliveInfo;
import org.apache.activemq.command.WireFormatInfo;
import org.apache.activemq.openwire.OpenWireFormat;
import org.apache.activemq.openwire.OpenWireFormatFactory;
import org.apache.activemq.transport.AbstractInactivityMonitor;
import org.apache.activemq.transport.TransportListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wire-format negotiation (loose encoding, no marshalling cache), the inactivity monitor (a silent peer is closed,
 * KeepAliveInfo keeps an idle client connected) and a prefetch of 1 set on the connection URL.
 */
class WireFormatIT extends ClientSupport {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    EmbeddedBroker broker() {
        return broker;
    }

    private Connection connect(String options) throws Exception {
        return connect(factory(broker.url() + options), null);
    }

    /** A few persistent text messages and a MapMessage of every value type, sent and received on one connection. */
    private void roundTrip(Connection c) throws Exception {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        MessageConsumer consumer = s.createConsumer(q);
        for (int i = 0; i < 3; i++) { // repeated ids and destinations: what the marshalling cache would hold
            TextMessage m = s.createTextMessage("persistent " + i);
            m.setStringProperty("k", "v" + i);
            p.send(m);
            TextMessage got = (TextMessage) consumer.receive(TIMEOUT);
            assertThat(got).as("message %d", i).isNotNull();
            assertThat(got.getText()).isEqualTo("persistent " + i);
            assertThat(got.getStringProperty("k")).isEqualTo("v" + i);
            assertThat(got.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        }
        MapMessage map = s.createMapMessage();
        map.setString("s", "text");
        map.setInt("i", 42);
        map.setLong("l", Long.MAX_VALUE);
        map.setDouble("d", 2.5);
        map.setBoolean("b", true);
        map.setBytes("bytes", new byte[] {1, 2, 3});
        p.send(map);
        MapMessage got = (MapMessage) consumer.receive(TIMEOUT);
        assertThat(got).isNotNull();
        assertThat(got.getString("s")).isEqualTo("text");
        assertThat(got.getInt("i")).isEqualTo(42);
        assertThat(got.getLong("l")).isEqualTo(Long.MAX_VALUE);
        assertThat(got.getDouble("d")).isEqualTo(2.5);
        assertThat(got.getBoolean("b")).isTrue();
        assertThat(got.getBytes("bytes")).containsExactly(1, 2, 3);
        assertThat(consumer.receive(200)).isNull();
    }

    @Test
    void looseEncodingCarriesPersistentAndMapMessages() throws Exception {
        roundTrip(connect("?wireFormat.tightEncodingEnabled=false"));
    }

    @Test
    void withoutTheMarshallingCacheMessagesStillRoundTrip() throws Exception {
        roundTrip(connect("?wireFormat.cacheEnabled=false"));
    }

    @Test
    void looseEncodingWithoutCacheRoundTrips() throws Exception {
        roundTrip(connect("?wireFormat.tightEncodingEnabled=false&wireFormat.cacheEnabled=false"));
    }

    private static byte[] wireFormatInfo(long maxInactivity) throws Exception {
        OpenWireFormat format = (OpenWireFormat) new OpenWireFormatFactory().createWireFormat();
        WireFormatInfo info = format.getPreferedWireFormatInfo();
        info.setMaxInactivityDuration(maxInactivity);
        info.setMaxInactivityDurationInitalDelay(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            format.marshal(info, out);
        }
        return bytes.toByteArray();
    }

    /**
     * Sends only a WireFormatInfo on a raw socket, then reads the broker's commands until it closes the socket or
     * {@code timeoutMillis} pass. Returns the millis until the close (-1 if still open) and the KeepAliveInfos read.
     */
    private static long[] silentPeer(long maxInactivity, int timeoutMillis) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            socket.setSoTimeout(timeoutMillis);
            long start = System.nanoTime();
            socket.getOutputStream().write(wireFormatInfo(maxInactivity));
            socket.getOutputStream().flush();
            OpenWireFormat format = (OpenWireFormat) new OpenWireFormatFactory().createWireFormat();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            long keepAlives = 0;
            try {
                while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
                    Object command = format.unmarshal(in);
                    if (command instanceof WireFormatInfo info) {
                        format.renegotiateWireFormat(info);
                    } else if (command instanceof KeepAliveInfo) {
                        keepAlives++;
                    }
                }
                return new long[] {-1, keepAlives};
            } catch (SocketTimeoutException stillOpen) {
                return new long[] {-1, keepAlives};
            } catch (IOException closed) {
                return new long[] {TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), keepAlives};
            }
        }
    }

    @Test
    void aSilentPeerIsClosedAfterTheNegotiatedInactivityDuration() throws Exception {
        long[] result = silentPeer(1_000, 5_000);
        assertThat(result[0]).as("millis until the broker closed").isBetween(800L, 4_000L);
        assertThat(result[1]).as("KeepAliveInfo sent by the broker meanwhile").isPositive();
    }

    @Test
    void aSilentPeerWithoutInactivityMonitoringStaysOpen() throws Exception {
        long[] result = silentPeer(0, 2_000);
        assertThat(result[0]).as("not closed").isEqualTo(-1);
        assertThat(result[1]).as("no KeepAliveInfo").isZero();
    }

    /**
     * Idle for three times the inactivity duration: KeepAliveInfo both ways keeps the connection up. The initial
     * delay is shortened (the client also uses it as its negotiation timeout, so not 0) so that the broker's read
     * check (duration plus initial delay, 2 s) and the client's run well within the idle time.
     */
    @Test
    void anIdleClientWithAShortInactivityDurationStaysConnected() throws Exception {
        ActiveMQConnection c = (ActiveMQConnection) connect(
                "?wireFormat.maxInactivityDuration=1000&wireFormat.maxInactivityDurationInitalDelay=1000");
        AbstractInactivityMonitor monitor = c.getTransport().narrow(AbstractInactivityMonitor.class);
        assertThat(monitor.isMonitorStarted()).as("the client monitors inactivity").isTrue();
        assertThat(monitor.getReadCheckTime()).isEqualTo(1_000);
        List<Object> failures = new CopyOnWriteArrayList<>();
        c.addTransportListener(new TransportListener() {
            @Override
            public void onCommand(Object command) {
                // KeepAliveInfo stops at the client's inactivity monitor: it fails the transport if none arrives
            }

            @Override
            public void onException(IOException error) {
                failures.add(error);
            }

            @Override
            public void transportInterupted() {
                failures.add("interrupted");
            }

            @Override
            public void transportResumed() {
            }
        });
        c.setExceptionListener(failures::add);
        // idle for 3 s: the keep-alives must keep the connection up all that time
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(3)).atMost(java.time.Duration.ofSeconds(6))
                .until(() -> failures.isEmpty() && !c.isTransportFailed());
        assertThat(failures).isEmpty();
        assertThat(c.isClosed()).isFalse();
        assertThat(c.isTransportFailed()).isFalse();
        roundTrip(c);
    }

    /** With {@code jms.prefetchPolicy.all=1} a consumer stuck on one message leaves the rest to the other. */
    @Test
    void prefetchOneLeavesTheRestToTheOtherConsumer() throws Exception {
        Connection c = connect("?jms.prefetchPolicy.all=1");
        Session slowSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = slowSession.createQueue(name);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowGot = new AtomicInteger();
        slowSession.createConsumer(q).setMessageListener(m -> {
            slowGot.incrementAndGet();
            holding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Session ps = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = ps.createProducer(q);
        for (int i = 0; i < 4; i++) {
            p.send(ps.createTextMessage("m" + i));
        }
        assertThat(holding.await(TIMEOUT, TimeUnit.MILLISECONDS)).as("the slow consumer got one").isTrue();

        Session fastSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer fast = fastSession.createConsumer(q);
        for (int i = 0; i < 3; i++) {
            assertThat(fast.receive(TIMEOUT)).as("message %d for the fast consumer", i).isNotNull();
        }
        assertThat(fast.receive(200)).isNull();
        assertThat(slowGot.get()).isEqualTo(1);
        release.countDown();
    }
}
