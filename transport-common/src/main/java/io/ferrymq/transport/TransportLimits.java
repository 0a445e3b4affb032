package io.ferrymq.transport;

/**
 * Server-wide limits every listener and protocol applies, with their defaults beside them. Validated on
 * construction; immutable.
 *
 * @param maxConnections            the most connections open at once on the whole server, counted across all
 *                                  listeners by one {@link ConnectionCounter}; {@value #UNLIMITED} for no limit. A
 *                                  connection over the limit is closed at once (FT2001).
 * @param maxFrameSize              the largest frame, in bytes, a protocol's decoder accepts; each protocol reads
 *                                  it and rejects larger frames the way its specification says
 * @param connectTimeoutMillis      how long a new connection may take to complete its protocol handshake (detection
 *                                  included) before it is closed (FT2003); 0 disables the timeout. The protocol
 *                                  ends it with {@link ProtocolContext#handshakeDone}.
 * @param idleTimeoutMillis         the idle timeout a protocol applies when its handshake negotiates none (STOMP
 *                                  without heart-beat, OpenWire without inactivity monitor); 0 means none. Exposed
 *                                  only: each protocol decides how to apply it.
 * @param writeBufferLowWaterMark   bytes queued for writing under which a connection becomes writable again
 * @param writeBufferHighWaterMark  bytes queued for writing over which a connection stops being writable
 *                                  ({@code Channel.isWritable()} false) and dispatch to it pauses
 */
public record TransportLimits(
        int maxConnections,
        int maxFrameSize,
        long connectTimeoutMillis,
        long idleTimeoutMillis,
        int writeBufferLowWaterMark,
        int writeBufferHighWaterMark) {

    /** The value of {@link #maxConnections()} that means no limit. */
    public static final int UNLIMITED = -1;
    /** No connection limit. */
    public static final int DEFAULT_MAX_CONNECTIONS = UNLIMITED;
    /** 10 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 10 * 1024 * 1024;
    /** 10 seconds, as RabbitMQ's handshake_timeout. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    /** 60 seconds, as Artemis's connection-ttl. */
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 60_000;
    /** 32 KiB, Netty's default. */
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 32 * 1024;
    /** 64 KiB, Netty's default. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 64 * 1024;

    /**
     * @throws IllegalArgumentException naming the first invalid limit
     */
    public TransportLimits {
        if (maxConnections < UNLIMITED || maxConnections == 0) {
            throw new IllegalArgumentException("maxConnections must be positive or " + UNLIMITED + " (unlimited): "
                    + maxConnections);
        }
        if (maxFrameSize <= 0) {
            throw new IllegalArgumentException("maxFrameSize must be positive: " + maxFrameSize);
        }
        if (connectTimeoutMillis < 0) {
            throw new IllegalArgumentException("connectTimeoutMillis must be >= 0: " + connectTimeoutMillis);
        }
        if (idleTimeoutMillis < 0) {
            throw new IllegalArgumentException("idleTimeoutMillis must be >= 0: " + idleTimeoutMillis);
        }
        if (writeBufferLowWaterMark < 0 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new IllegalArgumentException("write buffer water marks must satisfy 0 <= low <= high: low "
                    + writeBufferLowWaterMark + ", high " + writeBufferHighWaterMark);
        }
    }

    /** The defaults: every {@code DEFAULT_*} constant. */
    public static TransportLimits defaults() {
        return new TransportLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_FRAME_SIZE, DEFAULT_CONNECT_TIMEOUT_MILLIS,
                DEFAULT_IDLE_TIMEOUT_MILLIS, DEFAULT_WRITE_BUFFER_LOW_WATER_MARK,
                DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK);
    }

    /** A copy with another {@link #maxConnections()}. */
    public TransportLimits withMaxConnections(int value) {
        return new TransportLimits(value, maxFrameSize, connectTimeoutMillis, idleTimeoutMillis,
                writeBufferLowWaterMark, writeBufferHighWaterMark);
    }

    /** A copy with another {@link #maxFrameSize()}. */
    public TransportLimits withMaxFrameSize(int value) {
        return new TransportLimits(maxConnections, value, connectTimeoutMillis, idleTimeoutMillis,
                writeBufferLowWaterMark, writeBufferHighWaterMark);
    }

    /** A copy with another {@link #connectTimeoutMillis()}. */
    public TransportLimits withConnectTimeoutMillis(long value) {
        return new TransportLimits(maxConnections, maxFrameSize, value, idleTimeoutMillis,
                writeBufferLowWaterMark, writeBufferHighWaterMark);
    }

    /** A copy with another {@link #idleTimeoutMillis()}. */
    public TransportLimits withIdleTimeoutMillis(long value) {
        return new TransportLimits(maxConnections, maxFrameSize, connectTimeoutMillis, value,
                writeBufferLowWaterMark, writeBufferHighWaterMark);
    }

    /** A copy with other write buffer water marks. */
    public TransportLimits withWriteBufferWaterMarks(int low, int high) {
        return new TransportLimits(maxConnections, maxFrameSize, connectTimeoutMillis, idleTimeoutMillis, low, high);
    }

    /** Whether {@link #maxConnections()} limits anything. */
    public boolean limitsConnections() {
        return maxConnections != UNLIMITED;
    }
}
