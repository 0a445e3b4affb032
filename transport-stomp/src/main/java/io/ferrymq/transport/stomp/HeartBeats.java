package io.ferrymq.transport.stomp;

/**
 * Heart-beat negotiation (STOMP 1.2 "Heart-beating"). The client's {@code heart-beat:cx,cy} says it can send every
 * cx ms and wants to receive every cy ms. The server offers {@code sx,sy}: it sends every max(cy, minimum) and
 * wants to receive every max(cx, minimum), so both sides compute the same intervals. 0 means none either way.
 *
 * @param sendMillis how often the server sends (its {@code sx}), 0 for never
 * @param receiveMillis how often the client sends (the server's {@code sy}), 0 for never
 */
public record HeartBeats(long sendMillis, long receiveMillis) {

    public static final HeartBeats NONE = new HeartBeats(0, 0);

    /**
     * @param header the client's {@code heart-beat} header, or null (1.0, or no heart-beats)
     * @param minimumMillis the shortest interval the server agrees to
     * @throws IllegalArgumentException when the header is not two non-negative integers
     */
    public static HeartBeats negotiate(String header, long minimumMillis) {
        if (header == null) {
            return NONE;
        }
        String[] parts = header.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("malformed heart-beat header '" + header + "'");
        }
        long cx;
        long cy;
        try {
            cx = Long.parseLong(parts[0].trim());
            cy = Long.parseLong(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed heart-beat header '" + header + "'");
        }
        if (cx < 0 || cy < 0) {
            throw new IllegalArgumentException("malformed heart-beat header '" + header + "'");
        }
        return new HeartBeats(cy == 0 ? 0 : Math.max(cy, minimumMillis), cx == 0 ? 0 : Math.max(cx, minimumMillis));
    }

    /** The CONNECTED frame's {@code heart-beat} value. */
    public String header() {
        return sendMillis + "," + receiveMillis;
    }
}
