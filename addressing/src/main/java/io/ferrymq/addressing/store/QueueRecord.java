package io.ferrymq.addressing.store;

import io.ferrymq.addressing.api.RoutingType;

/**
 * A durable queue's definition as journaled.
 *
 * @param id the journal id of the record (the queue's persistent id)
 * @param name queue name
 * @param address the address or address pattern it is bound to
 * @param routingType its routing type
 * @param filter its selector, or null
 * @param lastValueKey its last-value property, or null
 * @param autoCreated whether the broker created it on demand
 * @param subscriptionClientId for a subscription queue: the client id it is scoped to, or null
 * @param subscriptionName for a subscription queue: its name, or null
 * @param shared for a subscription queue: whether consumers share it
 * @param noLocalClientId messages published by connections with this client id are not routed here, or null
 * @param expiryDelayMillis the subscription is deleted after this long without consumers; -1 never
 * @param maxMessages messages beyond this many are not routed to the queue; -1 no cap
 */
public record QueueRecord(
        long id,
        String name,
        String address,
        RoutingType routingType,
        String filter,
        String lastValueKey,
        boolean autoCreated,
        String subscriptionClientId,
        String subscriptionName,
        boolean shared,
        String noLocalClientId,
        long expiryDelayMillis,
        long maxMessages) {

    byte[] encode() {
        RecordWriter w = new RecordWriter(64 + name.length() + address.length());
        w.writeByte(3);
        w.writeString(name).writeString(address).writeByte(routingType.ordinal());
        w.writeString(filter).writeString(lastValueKey).writeBoolean(autoCreated);
        w.writeString(subscriptionClientId).writeString(subscriptionName).writeBoolean(shared);
        w.writeString(noLocalClientId);
        w.writeLong(expiryDelayMillis);
        w.writeLong(maxMessages);
        return w.toByteArray();
    }

    static QueueRecord decode(long id, byte[] data) {
        RecordReader r = new RecordReader(data);
        int version = r.readByte();
        if (version < 1 || version > 3) {
            throw new IllegalStateException("unknown queue record version " + version);
        }
        String name = r.readString();
        String address = r.readString();
        RoutingType type = RoutingType.values()[r.readByte()];
        String filter = r.readString();
        String lvq = r.readString();
        boolean auto = r.readBoolean();
        String subClient = r.readString();
        String subName = r.readString();
        boolean shared = r.readBoolean();
        String noLocal = r.readString();
        long expiry = version >= 2 ? r.readLong() : -1;
        long max = version >= 3 ? r.readLong() : -1;
        return new QueueRecord(
                id, name, address, type, filter, lvq, auto, subClient, subName, shared, noLocal, expiry, max);
    }
}
