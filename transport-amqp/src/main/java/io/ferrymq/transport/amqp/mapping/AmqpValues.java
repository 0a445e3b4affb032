package io.ferrymq.transport.amqp.mapping;

import java.util.Date;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Decimal128;
import org.apache.qpid.proton.amqp.Decimal32;
import org.apache.qpid.proton.amqp.Decimal64;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.UnsignedShort;

/**
 * AMQP simple values (OASIS AMQP 1.0 §1.6) to the engine's property value types and back.
 *
 * <p>Towards the engine, as Artemis converts AMQP properties for its JMS consumers: unsigned integers become the
 * smallest signed type that holds the value (ubyte 200 becomes short 200, uint 7 becomes int 7), a ulong above
 * {@link Long#MAX_VALUE} its decimal string; symbol becomes string, timestamp its milliseconds (long), binary
 * {@code byte[]}, decimal32 float and decimal64/128 double; the others (boolean, byte, short, int, long, float,
 * double, char, string, uuid) stay as they are. Towards AMQP only {@code byte[]} changes (to binary).
 */
final class AmqpValues {

    /** Marks a value the engine has no type for: maps, lists, arrays, described values. */
    static final Object UNSUPPORTED = new Object();

    private AmqpValues() {}

    /** The engine value of an AMQP simple value; {@link #UNSUPPORTED} for compound and described values. */
    static Object toEngine(Object v) {
        if (v == null
                || v instanceof String
                || v instanceof Integer
                || v instanceof Long
                || v instanceof Boolean
                || v instanceof Double
                || v instanceof Float
                || v instanceof Short
                || v instanceof Byte
                || v instanceof Character
                || v instanceof UUID) {
            return v;
        }
        if (v instanceof Binary b) {
            byte[] out = new byte[b.getLength()];
            System.arraycopy(b.getArray(), b.getArrayOffset(), out, 0, out.length);
            return out;
        }
        if (v instanceof Symbol s) {
            return s.toString();
        }
        if (v instanceof Date d) {
            return d.getTime();
        }
        if (v instanceof UnsignedByte u) {
            short s = u.shortValue();
            return s <= Byte.MAX_VALUE ? (Object) (byte) s : (Object) s;
        }
        if (v instanceof UnsignedShort u) {
            int i = u.intValue();
            return i <= Short.MAX_VALUE ? (Object) (short) i : (Object) i;
        }
        if (v instanceof UnsignedInteger u) {
            long l = u.longValue();
            return l <= Integer.MAX_VALUE ? (Object) (int) l : (Object) l;
        }
        if (v instanceof UnsignedLong u) {
            long l = u.longValue();
            return l >= 0 ? (Object) l : u.toString();
        }
        if (v instanceof Decimal32 d) {
            return d.floatValue();
        }
        if (v instanceof Decimal64 d) {
            return d.doubleValue();
        }
        if (v instanceof Decimal128 d) {
            return d.doubleValue();
        }
        return UNSUPPORTED;
    }

    /** The AMQP value of an engine value. */
    static Object toAmqp(Object v) {
        return v instanceof byte[] bytes ? new Binary(bytes) : v;
    }
}
