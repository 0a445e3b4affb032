package io.ferrymq.transport.stomp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A blocking STOMP client that writes raw bytes and reads frames exactly as they are on the wire (headers left
 * escaped, heart-beat EOLs counted), for the edges a real client library hides. Not thread safe except
 * {@link #heartBeat()}.
 */
final class RawStompClient implements AutoCloseable {

    /** A frame as received: raw (escaped) header values, first occurrence wins in {@link #header}. */
    record Frame(String command, List<String[]> headers, byte[] body) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equals(name)) {
                    return h[1];
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            Map<String, String> m = new LinkedHashMap<>();
            headers.forEach(h -> m.putIfAbsent(h[0], h[1]));
            return command + m + "[" + text() + "]";
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int heartBeats;

    RawStompClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Connects with the given extra CONNECT header lines ("name:value") and returns the answer. */
    static RawStompClient connect(int port, String... headers) throws IOException {
        RawStompClient c = new RawStompClient(port);
        Frame answer = c.request(frame("CONNECT", headers));
        if (!answer.command().equals("CONNECTED")) {
            throw new IOException("not connected: " + answer);
        }
        return c;
    }

    /** A STOMP 1.2 connection. */
    static RawStompClient connect12(int port) throws IOException {
        return connect(port, "accept-version:1.2", "host:localhost");
    }

    /** The bytes of a frame with a text body and no content-length. */
    static String frame(String command, String... headers) {
        return frameWithBody(command, "", headers);
    }

    static String frameWithBody(String command, String body, String... headers) {
        StringBuilder b = new StringBuilder(command).append('\n');
        for (String h : headers) {
            b.append(h).append('\n');
        }
        return b.append('\n').append(body).append('\0').toString();
    }

    synchronized void write(String raw) throws IOException {
        write(raw.getBytes(StandardCharsets.UTF_8));
    }

    synchronized void write(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Sends an EOL heart-beat. Thread safe. */
    void heartBeat() throws IOException {
        write(new byte[] {'\n'});
    }

    /** Writes a frame and reads the next one. */
    Frame request(String raw) throws IOException {
        write(raw);
        return read();
    }

    /** Writes a frame with a receipt header and reads until its RECEIPT (failing on ERROR). */
    void sendWithReceipt(String command, String body, String... headers) throws IOException {
        String[] all = new String[headers.length + 1];
        System.arraycopy(headers, 0, all, 0, headers.length);
        String receipt = "r-" + System.nanoTime();
        all[headers.length] = "receipt:" + receipt;
        write(frameWithBody(command, body, all));
        Frame f = read();
        if (!f.command().equals("RECEIPT") || !receipt.equals(f.header("receipt-id"))) {
            throw new IOException("expected RECEIPT " + receipt + ", got " + f);
        }
    }

    /** The next frame; heart-beat EOLs before it are counted. */
    Frame read() throws IOException {
        int b;
        while ((b = in.read()) == '\n' || b == '\r') {
            if (b == '\n') {
                heartBeats++;
            }
        }
        if (b < 0) {
            throw new IOException("connection closed");
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.write(b);
        String command = readLine(line);
        List<String[]> headers = new ArrayList<>();
        String h;
        while (!(h = readLine(new ByteArrayOutputStream())).isEmpty()) {
            int colon = h.indexOf(':');
            headers.add(new String[] {h.substring(0, colon), h.substring(colon + 1)});
        }
        String length = null;
        for (String[] hh : headers) {
            if (hh[0].equals("content-length")) {
                length = hh[1];
                break;
            }
        }
        byte[] body;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
            if (in.read() != 0) {
                throw new IOException("no NUL after content-length body");
            }
        } else {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while ((b = in.read()) > 0) {
                bytes.write(b);
            }
            if (b < 0) {
                throw new IOException("connection closed in a frame");
            }
            body = bytes.toByteArray();
        }
        return new Frame(command, headers, body);
    }

    private String readLine(ByteArrayOutputStream line) throws IOException {
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed in a line");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Reads until {@code n} heart-beat EOLs have arrived (true) or {@code timeoutMillis} passed (false); anything
     * else arriving is a failure.
     */
    boolean awaitHeartBeats(int n, int timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            while (heartBeats < n) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                int b = in.read();
                if (b == '\n') {
                    heartBeats++;
                } else if (b != '\r') {
                    throw new IOException("expected a heart-beat, got byte " + b);
                }
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    /** Heart-beat EOLs received so far. */
    int heartBeats() {
        return heartBeats;
    }

    /**
     * Whether the server closed the connection: reads until end of stream (true) or the timeout (false), ignoring
     * what arrives.
     */
    boolean closedByServer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
