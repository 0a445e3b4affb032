package io.ferrymq.server.config;

import io.ferrymq.transport.TlsClientAuth;
import java.util.Objects;

/**
 * One TLS listener: a protocol (or, for OpenWire's, protocol detection) behind TLS. It runs when its port is not 0
 * and the {@code tls} section names key material ({@link TlsConfig#configured()}).
 *
 * @param port the TCP port; 0 disables the listener
 * @param host the interface to bind, or null to use the root {@code host}
 * @param clientAuth whether clients must (REQUIRE) or may (OPTIONAL) present a certificate signed by
 *     {@code tls.trustStore}
 */
public record TlsListenerConfig(int port, String host, TlsClientAuth clientAuth) {

    public static final TlsClientAuth DEFAULT_CLIENT_AUTH = TlsClientAuth.NONE;

    /** Checks the port range (0-65535) and that a given host is not empty. */
    public TlsListenerConfig {
        ValueTypes.PORT.require("port", port);
        if (host != null) {
            ValueTypes.STRING.require("host", host);
        }
        Objects.requireNonNull(clientAuth, "clientAuth");
    }

    /** A listener on {@code port} without client certificates. */
    static TlsListenerConfig onPort(int port) {
        return new TlsListenerConfig(port, null, DEFAULT_CLIENT_AUTH);
    }

    /** The plain-listener view: port and host. */
    public ListenerConfig asListener() {
        return new ListenerConfig(port, host);
    }
}
