package io.ferrymq.transport.amqp.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;

/**
 * The source filters FerryMQ applies (AMQP 1.0 §3.5.8, filter types from the AMQP filter registry): a JMS
 * selector ({@code apache.org:selector-filter:string}) and no-local ({@code apache.org:no-local-filter:list}),
 * recognised by descriptor, symbolic or numeric. Others are left out of {@link #accepted()}, so the attach answer
 * tells the client they are not applied.
 *
 * @param selector the JMS selector, or null
 * @param noLocal whether messages of this connection are skipped
 * @param accepted the filters to echo in the attach answer, or null when none
 */
record Filters(String selector, boolean noLocal, Map<Symbol, Object> accepted) {

    static final Symbol SELECTOR = Symbol.valueOf("apache.org:selector-filter:string");
    static final UnsignedLong SELECTOR_CODE = UnsignedLong.valueOf(0x0000468C00000004L);
    static final Symbol NO_LOCAL = Symbol.valueOf("apache.org:no-local-filter:list");
    static final UnsignedLong NO_LOCAL_CODE = UnsignedLong.valueOf(0x0000468C00000003L);

    static Filters parse(Map<Symbol, Object> filters) {
        if (filters == null || filters.isEmpty()) {
            return new Filters(null, false, null);
        }
        String selector = null;
        boolean noLocal = false;
        Map<Symbol, Object> accepted = new LinkedHashMap<>();
        for (Map.Entry<Symbol, Object> e : filters.entrySet()) {
            if (!(e.getValue() instanceof DescribedType described)) {
                continue;
            }
            Object descriptor = described.getDescriptor();
            if (SELECTOR.equals(descriptor) || SELECTOR_CODE.equals(descriptor)) {
                if (described.getDescribed() instanceof String s && !s.isBlank()) {
                    selector = s;
                    accepted.put(e.getKey(), e.getValue());
                }
            } else if (NO_LOCAL.equals(descriptor) || NO_LOCAL_CODE.equals(descriptor)) {
                noLocal = true;
                accepted.put(e.getKey(), e.getValue());
            }
        }
        return new Filters(selector, noLocal, accepted.isEmpty() ? null : accepted);
    }
}
