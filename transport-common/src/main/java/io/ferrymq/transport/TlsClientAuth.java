package io.ferrymq.transport;

import io.netty.handler.ssl.ClientAuth;

/** Whether a TLS listener asks its clients for a certificate (mutual TLS). */
public enum TlsClientAuth {

    /** No client certificate is asked for. */
    NONE(ClientAuth.NONE),
    /** A certificate is asked for; a client without one is accepted, one with an untrusted one is refused. */
    OPTIONAL(ClientAuth.OPTIONAL),
    /** A certificate signed by the trust store is required; a client without one fails the handshake. */
    REQUIRE(ClientAuth.REQUIRE);

    private final ClientAuth netty;

    TlsClientAuth(ClientAuth netty) {
        this.netty = netty;
    }

    /** Netty's equivalent. */
    ClientAuth toNetty() {
        return netty;
    }
}
