package io.ferrymq.transport.stomp;

import java.util.ArrayList;
import java.util.List;

/**
 * A STOMP protocol version and what differs between versions: header escaping (1.0 none; 1.1 {@code \n \c \\};
 * 1.2 also {@code \r}, STOMP 1.2 "Value Encoding") and how ACK and NACK name a message (1.2 the MESSAGE's
 * {@code ack} header as {@code id}; 1.1 {@code message-id} plus {@code subscription}; 1.0 {@code message-id}).
 * Immutable.
 */
public enum StompVersion {
    V1_0("1.0"),
    V1_1("1.1"),
    V1_2("1.2");

    /** The versions this server speaks, as the ERROR frame of a failed negotiation lists them. */
    public static final String SUPPORTED = "1.0,1.1,1.2";

    private final String text;

    StompVersion(String text) {
        this.text = text;
    }

    /** The version as it appears in {@code accept-version} and {@code version} headers. */
    public String text() {
        return text;
    }

    /**
     * The highest version both sides speak (STOMP 1.2 "Protocol Negotiation"): a missing {@code accept-version}
     * means 1.0. Null when none is common.
     */
    public static StompVersion negotiate(String acceptVersion) {
        if (acceptVersion == null || acceptVersion.isBlank()) {
            return V1_0;
        }
        StompVersion best = null;
        for (String v : acceptVersion.split(",")) {
            for (StompVersion candidate : values()) {
                if (candidate.text.equals(v.trim()) && (best == null || candidate.compareTo(best) > 0)) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    /** Whether header values are escaped in this version. */
    public boolean escapes() {
        return this != V1_0;
    }

    /**
     * Escapes a header name or value for this version. In 1.0, which has no escaping, line breaks would end the
     * header, so they become spaces.
     */
    public String escape(String s) {
        if (this == V1_0) {
            return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replace('\n', ' ').replace('\r', ' ');
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case ':' -> "\\c";
                case '\r' -> this == V1_2 ? "\\r" : null;
                default -> null;
            };
            if (rep != null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (rep != null) {
                    out.append(rep);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * Unescapes a header name or value received in this version.
     *
     * @throws IllegalArgumentException for an escape this version does not define ("MUST be treated as a fatal
     *     protocol error", STOMP 1.2 "Value Encoding")
     */
    public String unescape(String s) {
        if (this == V1_0 || s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 >= s.length()) {
                throw new IllegalArgumentException("header ends with a lone backslash");
            }
            char e = s.charAt(++i);
            switch (e) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'c' -> out.append(':');
                case 'r' -> {
                    if (this != V1_2) {
                        throw new IllegalArgumentException("escape \\r is not defined in STOMP " + text);
                    }
                    out.append('\r');
                }
                default -> throw new IllegalArgumentException("undefined escape \\" + e + " in header");
            }
        }
        return out.toString();
    }

    /**
     * The frame with its header names and values unescaped for this version. CONNECT and STOMP frames are never
     * escaped (STOMP 1.2 "Value Encoding").
     *
     * @throws IllegalArgumentException for an undefined escape
     */
    public StompFrame unescape(StompFrame frame) {
        if (!escapes() || frame.command().equals(StompFrame.CONNECT) || frame.command().equals(StompFrame.STOMP)) {
            return frame;
        }
        List<StompFrame.Header> headers = new ArrayList<>(frame.headers().size());
        for (StompFrame.Header h : frame.headers()) {
            headers.add(new StompFrame.Header(unescape(h.name()), unescape(h.value())));
        }
        return new StompFrame(frame.command(), headers, frame.body());
    }
}
