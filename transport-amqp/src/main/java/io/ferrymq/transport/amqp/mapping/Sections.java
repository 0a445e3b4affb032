package io.ferrymq.transport.amqp.mapping;

import io.ferrymq.transport.amqp.mapping.AmqpMessageMapper.MalformedMessageException;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.Footer;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.ReadableBuffer;

/**
 * The sections of one AMQP message as Proton-J decodes them, checked against the message format of OASIS AMQP 1.0
 * §3.2: each section at most once and in order (header, delivery-annotations, message-annotations, properties,
 * application-properties, body, footer), and a body of one or more data sections, one or more amqp-sequence
 * sections or one amqp-value section. Where the body sections lie in the buffer is kept, so that a body the engine
 * has no kind for can be carried as its encoded bytes.
 */
final class Sections {

    /** What the body is made of. */
    enum BodyKind {
        NONE,
        DATA,
        SEQUENCE,
        VALUE
    }

    Header header;
    MessageAnnotations messageAnnotations;
    Properties properties;
    ApplicationProperties applicationProperties;
    BodyKind bodyKind = BodyKind.NONE;
    final List<Binary> data = new ArrayList<>(1);
    final List<Object> sequence = new ArrayList<>();
    Object value;

    private ReadableBuffer buffer;
    private int bodyStart = -1;
    private int bodyEnd = -1;

    private Sections() {}

    /**
     * Reads every section of {@code in}, from its position to its limit.
     *
     * @throws MalformedMessageException when the bytes are not an AMQP message
     */
    static Sections read(DecoderImpl decoder, ReadableBuffer in) throws MalformedMessageException {
        Sections s = new Sections();
        s.buffer = in;
        int stage = -1;
        decoder.setBuffer(in);
        try {
            while (in.hasRemaining()) {
                int start = in.position();
                Object section = decoder.readObject();
                int next = stageOf(section);
                boolean repeatable = next == 5 && (section instanceof Data || section instanceof AmqpSequence);
                if (next < stage || next == stage && !(repeatable && s.sameBodyKind(section))) {
                    throw new MalformedMessageException(
                            "section " + describe(section) + " out of order or repeated (OASIS AMQP 1.0 §3.2)", null);
                }
                stage = next;
                s.add(section);
                if (next == 5) {
                    if (s.bodyStart < 0) {
                        s.bodyStart = start;
                    }
                    s.bodyEnd = in.position();
                }
            }
        } catch (RuntimeException e) {
            throw new MalformedMessageException("cannot decode the message: " + e, e);
        } finally {
            decoder.setBuffer(null);
        }
        return s;
    }

    /** A copy of the encoded body sections, exactly as received. */
    byte[] rawBody() {
        if (bodyStart < 0) {
            return new byte[0];
        }
        ReadableBuffer dup = buffer.duplicate();
        dup.position(bodyStart);
        byte[] raw = new byte[bodyEnd - bodyStart];
        dup.get(raw);
        return raw;
    }

    private boolean sameBodyKind(Object section) {
        return section instanceof Data ? bodyKind == BodyKind.DATA : bodyKind == BodyKind.SEQUENCE;
    }

    private void add(Object section) {
        if (section instanceof Header h) {
            header = h;
        } else if (section instanceof MessageAnnotations m) {
            messageAnnotations = m;
        } else if (section instanceof Properties p) {
            properties = p;
        } else if (section instanceof ApplicationProperties a) {
            applicationProperties = a;
        } else if (section instanceof Data d) {
            bodyKind = BodyKind.DATA;
            data.add(d.getValue() == null ? new Binary(new byte[0]) : d.getValue());
        } else if (section instanceof AmqpSequence q) {
            bodyKind = BodyKind.SEQUENCE;
            List<?> values = q.getValue();
            if (values != null) {
                sequence.addAll(values);
            }
        } else if (section instanceof AmqpValue v) {
            bodyKind = BodyKind.VALUE;
            value = v.getValue();
        }
        // delivery annotations are for this hop only; the footer is not carried
    }

    private static int stageOf(Object section) throws MalformedMessageException {
        if (section instanceof Header) {
            return 0;
        }
        if (section instanceof DeliveryAnnotations) {
            return 1;
        }
        if (section instanceof MessageAnnotations) {
            return 2;
        }
        if (section instanceof Properties) {
            return 3;
        }
        if (section instanceof ApplicationProperties) {
            return 4;
        }
        if (section instanceof Data || section instanceof AmqpSequence || section instanceof AmqpValue) {
            return 5;
        }
        if (section instanceof Footer) {
            return 6;
        }
        throw new MalformedMessageException("not a message section: " + describe(section), null);
    }

    private static String describe(Object section) {
        return section == null ? "null" : section.getClass().getSimpleName();
    }
}
