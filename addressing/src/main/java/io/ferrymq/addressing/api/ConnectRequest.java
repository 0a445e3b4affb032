package io.ferrymq.addressing.api;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * What a transport knows about a new connection when it asks the engine to open it.
 *
 * @param protocol the protocol name for logs and management ({@code mqtt}, {@code openwire}, ...)
 * @param clientId the client id the connection claims, or null
 * @param clientIdPolicy what to do when another connection holds the same client id
 * @param username the user name, or null for an anonymous connection
 * @param password the password, or null; the engine does not keep it
 * @param certificateSubject the subject of a verified TLS client certificate, or null; when set and there is no
 *     user name, the subject is the identity (mutual TLS)
 * @param remoteAddress the peer address, used by the guest loopback rule and in logs
 */
public record ConnectRequest(
        String protocol,
        String clientId,
        ClientIdPolicy clientIdPolicy,
        String username,
        char[] password,
        String certificateSubject,
        SocketAddress remoteAddress) {

    public ConnectRequest {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(clientIdPolicy, "clientIdPolicy");
    }

    /** An anonymous request without client id, for tests and simple transports. */
    public static ConnectRequest anonymous(String protocol, SocketAddress remoteAddress) {
        return new ConnectRequest(protocol, null, ClientIdPolicy.SHARED, null, null, null, remoteAddress);
    }

    @Override
    public String toString() {
        return "ConnectRequest[protocol=" + protocol + ", clientId=" + clientId + ", username=" + username
                + ", remote=" + remoteAddress + "]";
    }
}
