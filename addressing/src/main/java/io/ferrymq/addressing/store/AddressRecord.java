package io.ferrymq.addressing.store;

import io.ferrymq.addressing.api.RoutingType;
import java.util.EnumSet;
import java.util.Set;

/**
 * An explicitly declared address as journaled (auto-created addresses are not journaled: their queues bring them
 * back).
 *
 * @param id journal id
 * @param name address name
 * @param routingTypes the routing types it supports
 */
public record AddressRecord(long id, String name, Set<RoutingType> routingTypes) {

    public AddressRecord {
        routingTypes = Set.copyOf(routingTypes);
    }

    byte[] encode() {
        RecordWriter w = new RecordWriter(16 + name.length());
        w.writeByte(1).writeString(name);
        int bits = 0;
        for (RoutingType t : routingTypes) {
            bits |= 1 << t.ordinal();
        }
        return w.writeByte(bits).toByteArray();
    }

    static AddressRecord decode(long id, byte[] data) {
        RecordReader r = new RecordReader(data);
        r.readByte();
        String name = r.readString();
        int bits = r.readByte();
        Set<RoutingType> types = EnumSet.noneOf(RoutingType.class);
        for (RoutingType t : RoutingType.values()) {
            if ((bits & (1 << t.ordinal())) != 0) {
                types.add(t);
            }
        }
        return new AddressRecord(id, name, types);
    }
}
