package io.ferrymq.transport.mqtt;

/**
 * One topic filter of a SUBSCRIBE, with its options (MQTT 3.1.1 §3.8.3, 5.0 §3.8.3.1).
 *
 * @param filter            the topic filter, without a {@code $share/{group}/} prefix
 * @param shareGroup        the share name of a v5 shared subscription (5.0 §4.8.2), or null
 * @param qos               the maximum QoS granted
 * @param noLocal           do not deliver the client's own publications
 * @param retainAsPublished keep the RETAIN flag of forwarded messages
 * @param retainHandling    0 send retained on subscribe, 1 only if the subscription is new, 2 never
 * @param subscriptionId    the v5 Subscription Identifier, or 0
 */
public record SubscriptionRequest(
        String filter,
        String shareGroup,
        int qos,
        boolean noLocal,
        boolean retainAsPublished,
        int retainHandling,
        int subscriptionId) {

    /** The key of the subscription in the session: the filter as the client wrote it. */
    public String key() {
        return shareGroup == null ? filter : "$share/" + shareGroup + "/" + filter;
    }

    /** Encodes the options for the session state record. */
    public byte[] encode() {
        return new byte[] {
            (byte) qos, (byte) ((noLocal ? 1 : 0) | (retainAsPublished ? 2 : 0) | (retainHandling << 2)),
            (byte) (subscriptionId >>> 24), (byte) (subscriptionId >>> 16), (byte) (subscriptionId >>> 8),
            (byte) subscriptionId
        };
    }

    /** Decodes what {@link #encode()} wrote. */
    public static SubscriptionRequest decode(String key, byte[] b) {
        String filter = key;
        String group = null;
        if (key.startsWith("$share/")) {
            int slash = key.indexOf('/', 7);
            group = key.substring(7, slash);
            filter = key.substring(slash + 1);
        }
        int id = ((b[2] & 0xff) << 24) | ((b[3] & 0xff) << 16) | ((b[4] & 0xff) << 8) | (b[5] & 0xff);
        return new SubscriptionRequest(filter, group, b[0], (b[1] & 1) != 0, (b[1] & 2) != 0, (b[1] >> 2) & 3, id);
    }
}
