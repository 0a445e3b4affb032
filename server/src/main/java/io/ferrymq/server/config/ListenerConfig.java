package io.ferrymq.server.config;

/**
 * One protocol listener.
 *
 * @param port the TCP port; 0 disables the listener
 * @param host the interface to bind, or null to use the root {@code host}
 */
public record ListenerConfig(int port, String host) {

    /** The port value that disables a listener. */
    public static final int DISABLED = 0;

    /** Checks the port range (0-65535) and that a given host is not empty. */
    public ListenerConfig {
        ValueTypes.PORT.require("port", port);
        if (host != null) {
            ValueTypes.STRING.require("host", host);
        }
    }

    /** Whether the listener is enabled (its port is not 0). */
    public boolean enabled() {
        return port != DISABLED;
    }

    /** The interface to bind: {@link #host()}, or {@code rootHost} when it is null. */
    public String hostOr(String rootHost) {
        return host != null ? host : rootHost;
    }
}
