package io.ferrymq.transport.amqp.mapping;

import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * One Proton-J decoder and encoder with every AMQP defined type registered, per thread: they hold the buffer they
 * work on and are not thread safe, and building them costs far more than a message.
 */
final class Codec {

    private static final ThreadLocal<Codec> PER_THREAD = ThreadLocal.withInitial(Codec::new);

    final DecoderImpl decoder = new DecoderImpl();
    final EncoderImpl encoder = new EncoderImpl(decoder);

    private Codec() {
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    }

    /** This thread's codec. */
    static Codec get() {
        return PER_THREAD.get();
    }
}
