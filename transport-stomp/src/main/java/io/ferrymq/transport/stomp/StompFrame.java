package io.ferrymq.transport.stomp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One STOMP frame: a command, ordered headers and a body (STOMP 1.2 "STOMP Frames").
 *
 * <p>Frames from the decoder carry header names and values as they were on the wire (still escaped); the handler
 * unescapes them with the negotiated {@link StompVersion} before the processor sees them. Frames written to the
 * encoder carry plain values; the encoder escapes them. Not thread safe: a frame belongs to one connection's event
 * loop.
 */
public final class StompFrame {

    /** Client commands (STOMP 1.2 "Client Frames"). */
    public static final String CONNECT = "CONNECT";
    public static final String STOMP = "STOMP";
    public static final String SEND = "SEND";
    public static final String SUBSCRIBE = "SUBSCRIBE";
    public static final String UNSUBSCRIBE = "UNSUBSCRIBE";
    public static final String ACK = "ACK";
    public static final String NACK = "NACK";
    public static final String BEGIN = "BEGIN";
    public static final String COMMIT = "COMMIT";
    public static final String ABORT = "ABORT";
    public static final String DISCONNECT = "DISCONNECT";

    /** Server commands (STOMP 1.2 "Server Frames"). */
    public static final String CONNECTED = "CONNECTED";
    public static final String MESSAGE = "MESSAGE";
    public static final String RECEIPT = "RECEIPT";
    public static final String ERROR = "ERROR";

    /** The commands a client may send. */
    public static final List<String> CLIENT_COMMANDS = List.of(CONNECT, STOMP, SEND, SUBSCRIBE, UNSUBSCRIBE, ACK, NACK,
            BEGIN, COMMIT, ABORT, DISCONNECT);

    private static final byte[] NO_BODY = new byte[0];

    /** One header entry. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    private final String command;
    private final List<Header> headers;
    private byte[] body = NO_BODY;

    public StompFrame(String command) {
        this.command = Objects.requireNonNull(command, "command");
        this.headers = new ArrayList<>();
    }

    StompFrame(String command, List<Header> headers, byte[] body) {
        this.command = command;
        this.headers = headers;
        this.body = body;
    }

    public String command() {
        return command;
    }

    /** The headers in frame order, repeated names included. */
    public List<Header> headers() {
        return Collections.unmodifiableList(headers);
    }

    /**
     * The value of the first header of that name, or null: "only the first header entry SHOULD be used" (STOMP 1.2
     * "Repeated Header Entries").
     */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equals(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** Appends a header; a null value is skipped. Returns this frame. */
    public StompFrame header(String name, String value) {
        if (value != null) {
            headers.add(new Header(name, value));
        }
        return this;
    }

    /** The body; never null. The array is the frame's own: do not modify it. */
    public byte[] body() {
        return body;
    }

    /** Sets the body (not copied). Returns this frame. */
    public StompFrame body(byte[] body) {
        this.body = body == null ? NO_BODY : body;
        return this;
    }

    /** Sets a UTF-8 body. Returns this frame. */
    public StompFrame body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return command + headers + "[" + body.length + " bytes]";
    }
}
