package io.ferrymq.transport;

import java.util.List;

/**
 * One listening socket: where it binds and which protocol it speaks. Validated on construction; immutable.
 *
 * @param name              the listener's name in configuration and logs, such as {@code "mqtt"} or {@code "main"}
 * @param host              the address to bind, {@value #DEFAULT_HOST} for every interface
 * @param port              the port to bind, 0 for an ephemeral port (see {@link Acceptor#boundAddress()})
 * @param protocol          a registered {@link ProtocolFactory#name()}, or {@value #AUTO} to detect the protocol
 *                          from the client's first bytes (port unification, like Artemis's default acceptor and
 *                          ActiveMQ's {@code auto://})
 * @param allowedProtocols  with {@value #AUTO}: the protocols detection chooses from, asked in this order; empty for
 *                          every registered protocol in name order. Must be empty for a fixed protocol.
 * @param tls               the listener's TLS, in front of the protocol (and of detection), or null for plain TCP
 * @param webSocket         WebSocket in front of the protocol (behind TLS if any), or null. The protocol is then
 *                          {@value #AUTO}: chosen by WebSocket subprotocol among {@code allowedProtocols} (empty:
 *                          every registered protocol)
 */
public record ListenerOptions(String name, String host, int port, String protocol, List<String> allowedProtocols,
        TlsOptions tls, WebSocketOptions webSocket) {

    /** The {@link #protocol()} that detects the protocol. */
    public static final String AUTO = "auto";
    /** Every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";

    /**
     * @throws IllegalArgumentException naming the first invalid option
     */
    public ListenerOptions {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("listener name must not be blank");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("listener '" + name + "': host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listener '" + name + "': port out of range: " + port);
        }
        if (protocol == null || protocol.isBlank()) {
            throw new IllegalArgumentException("listener '" + name + "': protocol must not be blank");
        }
        allowedProtocols = allowedProtocols == null ? List.of() : List.copyOf(allowedProtocols);
        if (!AUTO.equals(protocol) && !allowedProtocols.isEmpty()) {
            throw new IllegalArgumentException("listener '" + name + "': allowed protocols " + allowedProtocols
                    + " apply only to protocol '" + AUTO + "', not '" + protocol + "'");
        }
        if (webSocket != null && !AUTO.equals(protocol)) {
            throw new IllegalArgumentException("listener '" + name + "': a WebSocket listener chooses its protocol "
                    + "by subprotocol: protocol must be '" + AUTO + "', not '" + protocol + "'");
        }
        if (allowedProtocols.size() != allowedProtocols.stream().distinct().count()) {
            throw new IllegalArgumentException("listener '" + name + "': duplicate allowed protocols "
                    + allowedProtocols);
        }
    }

    /** A plain TCP listener. */
    public ListenerOptions(String name, String host, int port, String protocol, List<String> allowedProtocols) {
        this(name, host, port, protocol, allowedProtocols, null, null);
    }

    /** These options with TLS in front of the protocol ({@code null}: plain TCP). */
    public ListenerOptions withTls(TlsOptions options) {
        return new ListenerOptions(name, host, port, protocol, allowedProtocols, options, webSocket);
    }

    /**
     * A WebSocket listener: the protocol is chosen by subprotocol among {@code allowedProtocols} (empty: all
     * registered ones).
     */
    public static ListenerOptions webSocket(String name, String host, int port, List<String> allowedProtocols,
            WebSocketOptions options) {
        return new ListenerOptions(name, host, port, AUTO, allowedProtocols, null,
                java.util.Objects.requireNonNull(options, "options"));
    }

    /** Whether WebSocket carries the protocol. */
    public boolean isWebSocket() {
        return webSocket != null;
    }

    /** Whether connections are encrypted with TLS. */
    public boolean isTls() {
        return tls != null;
    }

    /** A listener that speaks one protocol, without detection. */
    public static ListenerOptions fixed(String name, String host, int port, String protocol) {
        return new ListenerOptions(name, host, port, protocol, List.of());
    }

    /**
     * A listener that detects its protocol among {@code allowedProtocols} (empty: all registered ones).
     */
    public static ListenerOptions auto(String name, String host, int port, List<String> allowedProtocols) {
        return new ListenerOptions(name, host, port, AUTO, allowedProtocols);
    }

    /** Whether this listener detects its protocol. */
    public boolean isAuto() {
        return AUTO.equals(protocol);
    }
}
