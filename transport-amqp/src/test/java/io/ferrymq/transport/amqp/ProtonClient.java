package io.ferrymq.transport.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/**
 * A raw AMQP 1.0 client for link-level tests: a blocking socket driving a client-side Proton-J transport. Every
 * wait pumps bytes both ways until a condition holds or a deadline passes (no fixed sleeps). Not thread safe.
 */
final class ProtonClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);

    final Socket socket;
    final Transport transport;
    final Connection connection;
    final Collector collector;
    private final InputStream in;
    private final OutputStream out;
    private boolean eof;
    /** When set, the client writes nothing (not even idle-timeout empty frames): a peer gone silent. */
    boolean silent;

    /** Connects with SASL PLAIN ({@code user} non-null) or ANONYMOUS, without opening the AMQP connection. */
    ProtonClient(int port, String user, String password) throws IOException {
        this(port, user, password, true);
    }

    ProtonClient(int port, String user, String password, boolean sasl) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        transport = Proton.transport();
        if (sasl) {
            Sasl s = transport.sasl();
            s.client();
            if (user != null) {
                s.plain(user, password);
            } else {
                s.setMechanisms("ANONYMOUS");
            }
        }
        connection = Proton.connection();
        collector = Proton.collector();
        connection.collect(collector);
        connection.setContainer("raw-client");
        transport.bind(connection);
    }

    /** Opens the connection and waits for the broker's open. */
    ProtonClient open() throws IOException {
        connection.open();
        pumpUntil(() -> connection.getRemoteState() != EndpointState.UNINITIALIZED);
        return this;
    }

    /** Moves bytes both ways until {@code condition} holds; fails after {@link #WAIT}. */
    void pumpUntil(BooleanSupplier condition) throws IOException {
        pumpUntil(condition, WAIT);
    }

    void pumpUntil(BooleanSupplier condition, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            pumpOnce();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
        }
    }

    /** Writes pending output, reads what arrives within a short poll, and drops the events. */
    void pumpOnce() throws IOException {
        int pending;
        while (!silent && (pending = transport.pending()) > 0) {
            ByteBuffer head = transport.head();
            byte[] bytes = new byte[pending];
            head.duplicate().get(bytes);
            if (!socket.isClosed() && !eof) {
                try {
                    out.write(bytes);
                } catch (IOException e) {
                    eof = true;
                }
            }
            transport.pop(pending);
        }
        out.flush();
        if (eof) {
            return;
        }
        byte[] buf = new byte[64 * 1024];
        int n;
        try {
            n = in.read(buf);
        } catch (SocketTimeoutException e) {
            n = 0;
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            eof = true;
            transport.close_tail();
        } else if (n > 0) {
            int off = 0;
            while (off < n && transport.capacity() > 0) {
                ByteBuffer tail = transport.tail();
                int chunk = Math.min(tail.remaining(), n - off);
                tail.put(buf, off, chunk);
                off += chunk;
                transport.process();
            }
        }
        if (!silent) {
            transport.tick(System.nanoTime() / 1_000_000 + 1);
        }
        Event e;
        while ((e = collector.peek()) != null) {
            collector.pop();
        }
    }

    /** Sends raw bytes, bypassing the client's transport (for malformed input). */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Whether the broker closed the socket. */
    boolean socketClosedByPeer() {
        return eof;
    }

    static Message text(String address, String body) {
        Message m = Message.Factory.create();
        m.setAddress(address);
        m.setBody(new AmqpValue(body));
        m.setDurable(true);
        return m;
    }

    static byte[] encode(Message m) {
        byte[] buf = new byte[1024 * 1024];
        int n = m.encode(buf, 0, buf.length);
        byte[] out = new byte[n];
        System.arraycopy(buf, 0, out, 0, n);
        return out;
    }

    /** The header's delivery count of the last message {@link #body} decoded. */
    static long lastDeliveryCount;

    static String body(Receiver receiver, Delivery d) {
        byte[] buf = new byte[d.pending()];
        int n = receiver.recv(buf, 0, buf.length);
        Message m = Message.Factory.create();
        m.decode(buf, 0, n);
        lastDeliveryCount = m.getDeliveryCount();
        Object body = m.getBody() instanceof AmqpValue v ? v.getValue()
                : m.getBody() instanceof Data data ? data.getValue() : null;
        if (body instanceof Binary b) {
            return new String(b.getArray(), b.getArrayOffset(), b.getLength(), StandardCharsets.UTF_8);
        }
        return String.valueOf(body);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
