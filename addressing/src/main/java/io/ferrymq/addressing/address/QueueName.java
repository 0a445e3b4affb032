package io.ferrymq.addressing.address;

/**
 * A fully qualified queue name {@code address::queue} (FQQN), as Artemis writes it: it names one queue of one
 * address, so a consumer can read a subscription queue directly and a producer can target one queue.
 *
 * @param address the address part
 * @param queue the queue part
 */
public record QueueName(String address, String queue) {

    /** Parses {@code address::queue}; returns null when the name has no separator. */
    public static QueueName parse(String name) {
        int i = name.indexOf(AddressPattern.FQQN_SEPARATOR);
        if (i < 0) {
            return null;
        }
        return new QueueName(name.substring(0, i), name.substring(i + AddressPattern.FQQN_SEPARATOR.length()));
    }

    @Override
    public String toString() {
        return address + AddressPattern.FQQN_SEPARATOR + queue;
    }
}
