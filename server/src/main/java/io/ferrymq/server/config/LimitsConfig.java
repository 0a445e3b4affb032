package io.ferrymq.server.config;

import java.time.Duration;

/**
 * Connection limits shared by every protocol.
 *
 * @param maxConnections connections accepted at once; -1 for no limit
 * @param maxFrameSize largest frame (message plus headers) a client may send, in bytes
 * @param connectTimeout how long a new connection may take to complete its protocol handshake
 * @param idleTimeout how long a connection may stay silent when its protocol negotiates no heartbeat; 0 for never
 */
public record LimitsConfig(int maxConnections, int maxFrameSize, Duration connectTimeout, Duration idleTimeout) {

    public static final int DEFAULT_MAX_CONNECTIONS = -1;
    public static final int DEFAULT_MAX_FRAME_SIZE = 100 * 1024 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public static final LimitsConfig DEFAULTS = new LimitsConfig(
            DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_FRAME_SIZE, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT);

    public LimitsConfig {
        ValueTypes.UNLIMITED_OR_POSITIVE_INT.require("maxConnections", maxConnections);
        ValueTypes.INT_SIZE.require("maxFrameSize", maxFrameSize);
        ValueTypes.POSITIVE_DURATION.require("connectTimeout", connectTimeout);
        ValueTypes.DURATION.require("idleTimeout", idleTimeout);
    }
}
