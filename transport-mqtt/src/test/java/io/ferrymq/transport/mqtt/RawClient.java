package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A hand-made MQTT client for the tests real clients cannot do: it writes exactly the packets a test builds and
 * reads back raw packets. Not thread safe.
 */
final class RawClient implements AutoCloseable {

    /** One received packet: the first byte of its fixed header and the rest after the remaining length. */
    record Packet(int header, byte[] body) {
        int type() {
            return header >> 4;
        }

        boolean dup() {
            return (header & 0x08) != 0;
        }

        int qos() {
            return (header >> 1) & 3;
        }

        boolean retain() {
            return (header & 1) != 0;
        }

        /** The reason code of a v5 DISCONNECT (0 when omitted) or of a CONNACK. */
        int reasonCode() {
            return type() == 14 ? (body.length == 0 ? 0 : body[0] & 0xff) : body[1] & 0xff;
        }
    }

    /** A decoded PUBLISH. */
    record Publish(String topic, int packetId, int topicAlias, String payload, boolean dup, int qos, boolean retain) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final boolean v5;

    RawClient(int port, boolean v5) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        this.v5 = v5;
    }

    /** Connects with the CONNECT {@code connect} and checks that CONNACK accepts it; returns the CONNACK. */
    static RawClient connect(int port, byte[] connect, boolean v5) throws IOException {
        RawClient c = new RawClient(port, v5);
        c.send(connect);
        Packet ack = c.read();
        assertThat(ack.type()).isEqualTo(2);
        assertThat(ack.body()[1]).as("CONNACK code").isZero();
        c.connAck = ack;
        return c;
    }

    Packet connAck;

    void send(byte[] packet) throws IOException {
        socket.getOutputStream().write(packet);
        socket.getOutputStream().flush();
    }

    Packet read() throws IOException {
        int header = in.read();
        if (header < 0) {
            throw new EOFException("closed by the server");
        }
        int len = 0;
        int mult = 1;
        int b;
        do {
            b = in.readUnsignedByte();
            len += (b & 0x7f) * mult;
            mult *= 128;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[len];
        in.readFully(body);
        return new Packet(header, body);
    }

    /** Reads until a packet of {@code type} (skipping others). */
    Packet read(int type) throws IOException {
        while (true) {
            Packet p = read();
            if (p.type() == type) {
                return p;
            }
        }
    }

    /** The next packet if one arrives within {@code millis}, else null. */
    Packet poll(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return read();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    Publish readPublish() throws IOException {
        return decodePublish(read(3));
    }

    /** Reads until the server closes; returns the packets it sent before. */
    java.util.List<Packet> readUntilClosed() throws IOException {
        java.util.List<Packet> got = new java.util.ArrayList<>();
        while (true) {
            try {
                got.add(read());
            } catch (EOFException | java.net.SocketException e) {
                return got;
            }
        }
    }

    /** Bytes received and not read yet; a connection reset discards them (or throws). */
    int available() throws IOException {
        return in.available();
    }

    Publish decodePublish(Packet p) {
        byte[] b = p.body();
        int tlen = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        String topic = new String(b, 2, tlen, StandardCharsets.UTF_8);
        int i = 2 + tlen;
        int id = 0;
        if (p.qos() > 0) {
            id = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
            i += 2;
        }
        int alias = 0;
        if (v5) {
            int plen = 0;
            int mult = 1;
            int c;
            do {
                c = b[i++] & 0xff;
                plen += (c & 0x7f) * mult;
                mult *= 128;
            } while ((c & 0x80) != 0);
            int end = i + plen;
            while (i < end) {
                int prop = b[i++] & 0xff;
                switch (prop) {
                    case 0x23 -> { // Topic Alias
                        alias = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
                        i += 2;
                    }
                    case 0x01 -> i += 1; // Payload Format Indicator
                    case 0x02 -> i += 4; // Message Expiry Interval
                    case 0x0B -> { // Subscription Identifier (varint)
                        while ((b[i++] & 0x80) != 0) {
                            // skip
                        }
                    }
                    case 0x03, 0x08, 0x09 -> i += 2 + (((b[i] & 0xff) << 8) | (b[i + 1] & 0xff));
                    case 0x26 -> {
                        i += 2 + (((b[i] & 0xff) << 8) | (b[i + 1] & 0xff));
                        i += 2 + (((b[i] & 0xff) << 8) | (b[i + 1] & 0xff));
                    }
                    default -> throw new IllegalStateException("unexpected property " + prop);
                }
            }
        }
        return new Publish(topic, id, alias, new String(b, i, b.length - i, StandardCharsets.UTF_8), p.dup(),
                p.qos(), p.retain());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ---- packet builders ----

    /** A CONNECT; {@code props} are v5 CONNECT properties (already encoded, without their length). */
    static byte[] connect(int level, String clientId, boolean clean, int keepAlive, byte[] props) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        str(body, "MQTT");
        body.write(level);
        body.write(clean ? 0x02 : 0);
        body.write(keepAlive >> 8);
        body.write(keepAlive);
        if (level == 5) {
            withLength(body, props);
        }
        str(body, clientId);
        return packet(0x10, body.toByteArray());
    }

    /** A CONNECT with a user name and password; {@code props} are v5 CONNECT properties. */
    static byte[] connectWithLogin(int level, String clientId, byte[] props, String username, String password) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        str(body, "MQTT");
        body.write(level);
        body.write(0x02 | 0x80 | 0x40); // clean, user name, password
        body.write(0);
        body.write(0);
        if (level == 5) {
            withLength(body, props);
        }
        str(body, clientId);
        str(body, username);
        str(body, password);
        return packet(0x10, body.toByteArray());
    }

    /** A CONNECT with a will; {@code willProps} are v5 will properties. */
    static byte[] connectWithWill(int level, String clientId, boolean clean, byte[] props, String willTopic,
            String will, int willQos, boolean willRetain, byte[] willProps) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        str(body, "MQTT");
        body.write(level);
        body.write((clean ? 0x02 : 0) | 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0));
        body.write(0);
        body.write(0);
        if (level == 5) {
            withLength(body, props);
        }
        str(body, clientId);
        if (level == 5) {
            withLength(body, willProps);
        }
        str(body, willTopic);
        str(body, will);
        return packet(0x10, body.toByteArray());
    }

    /** A PUBLISH; {@code props} (v5 only, null for 3.1.1) are encoded properties without their length. */
    static byte[] publish(String topic, int qos, boolean dup, boolean retain, int packetId, byte[] props,
            String payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        str(body, topic);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId);
        }
        if (props != null) {
            withLength(body, props);
        }
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        body.write(p, 0, p.length);
        return packet(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0), body.toByteArray());
    }

    /** A SUBSCRIBE of one filter at {@code qos}. */
    static byte[] subscribe(int packetId, String filter, int qos, boolean v5) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId);
        if (v5) {
            body.write(0);
        }
        str(body, filter);
        body.write(qos);
        return packet(0x82, body.toByteArray());
    }

    /** An UNSUBSCRIBE of one filter. */
    static byte[] unsubscribe(int packetId, String filter, boolean v5) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId);
        if (v5) {
            body.write(0);
        }
        str(body, filter);
        return packet(0xA2, body.toByteArray());
    }

    /** A SUBSCRIBE of one filter with v5 subscription options (retain handling in bits 4-5, 5.0 §3.8.3.1). */
    static byte[] subscribe(int packetId, String filter, int qos, int retainHandling) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId);
        body.write(0);
        str(body, filter);
        body.write(qos | (retainHandling << 4));
        return packet(0x82, body.toByteArray());
    }

    /** A one byte property (Request Problem Information 0x17, Payload Format Indicator 0x01). */
    static byte[] byteProp(int id, int value) {
        return new byte[] {(byte) id, (byte) value};
    }

    /**
     * Decodes the v5 properties that start at {@code offset} of {@code body} (their length first): property id ->
     * value (Integer, String or byte[]; a repeated property keeps its last value).
     */
    static java.util.Map<Integer, Object> properties(byte[] body, int offset) {
        java.util.Map<Integer, Object> props = new java.util.LinkedHashMap<>();
        int i = offset;
        int len = 0;
        int mult = 1;
        int c;
        do {
            c = body[i++] & 0xff;
            len += (c & 0x7f) * mult;
            mult *= 128;
        } while ((c & 0x80) != 0);
        int end = i + len;
        while (i < end) {
            int id = body[i++] & 0xff;
            switch (id) {
                case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> props.put(id, body[i++] & 0xff);
                case 0x13, 0x21, 0x22, 0x23 -> {
                    props.put(id, ((body[i] & 0xff) << 8) | (body[i + 1] & 0xff));
                    i += 2;
                }
                case 0x02, 0x11, 0x18, 0x27 -> {
                    props.put(id, java.nio.ByteBuffer.wrap(body, i, 4).getInt());
                    i += 4;
                }
                case 0x0B -> {
                    int v = 0;
                    int m = 1;
                    int d;
                    do {
                        d = body[i++] & 0xff;
                        v += (d & 0x7f) * m;
                        m *= 128;
                    } while ((d & 0x80) != 0);
                    props.put(id, v);
                }
                case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> {
                    int n = ((body[i] & 0xff) << 8) | (body[i + 1] & 0xff);
                    props.put(id, new String(body, i + 2, n, StandardCharsets.UTF_8));
                    i += 2 + n;
                }
                case 0x09, 0x16 -> {
                    int n = ((body[i] & 0xff) << 8) | (body[i + 1] & 0xff);
                    props.put(id, java.util.Arrays.copyOfRange(body, i + 2, i + 2 + n));
                    i += 2 + n;
                }
                case 0x26 -> {
                    int k = ((body[i] & 0xff) << 8) | (body[i + 1] & 0xff);
                    String key = new String(body, i + 2, k, StandardCharsets.UTF_8);
                    i += 2 + k;
                    int n = ((body[i] & 0xff) << 8) | (body[i + 1] & 0xff);
                    props.put(id, key + "=" + new String(body, i + 2, n, StandardCharsets.UTF_8));
                    i += 2 + n;
                }
                default -> throw new IllegalStateException("unknown property " + id);
            }
        }
        return props;
    }

    /** PUBACK (0x40), PUBREC (0x50), PUBREL (0x62) or PUBCOMP (0x70) of a packet id. */
    static byte[] ack(int header, int packetId) {
        return packet(header, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    static byte[] disconnect(int reasonCode) {
        return packet(0xE0, new byte[] {(byte) reasonCode, 0});
    }

    static byte[] pingReq() {
        return new byte[] {(byte) 0xC0, 0};
    }

    /** A two byte integer property (Receive Maximum 0x21, Topic Alias Maximum 0x22, Topic Alias 0x23). */
    static byte[] shortProp(int id, int value) {
        return new byte[] {(byte) id, (byte) (value >> 8), (byte) value};
    }

    /** A four byte integer property (Session Expiry 0x11, Will Delay 0x18, Maximum Packet Size 0x27). */
    static byte[] intProp(int id, long value) {
        return new byte[] {(byte) id, (byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
    }

    static byte[] props(byte[]... props) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : props) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    private static void withLength(ByteArrayOutputStream out, byte[] props) {
        byte[] p = props == null ? new byte[0] : props;
        varint(out, p.length);
        out.write(p, 0, p.length);
    }

    static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length);
        out.write(b, 0, b.length);
    }

    private static void varint(ByteArrayOutputStream out, int len) {
        do {
            int d = len % 128;
            len /= 128;
            out.write(len > 0 ? d | 0x80 : d);
        } while (len > 0);
    }

    static byte[] packet(int type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        varint(out, body.length);
        out.write(body, 0, body.length);
        return out.toByteArray();
    }
}
