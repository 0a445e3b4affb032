package io.ferrymq.transport.amqp.mapping;

import static io.ferrymq.transport.amqp.mapping.MapperSupport.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.transport.amqp.mapping.AmqpMessageMapper.MalformedMessageException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Footer;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.junit.jupiter.api.Test;

/** Bytes that are not an AMQP message fail with MalformedMessageException (the link's amqp:decode-error). */
class MalformedMessageTest {

    /** The given objects encoded one after the other, whether or not they make a valid message. */
    private static ByteBuffer sections(Object... objects) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        encoder.setByteBuffer(buf);
        for (Object o : objects) {
            encoder.writeObject(o);
        }
        buf.flip();
        return buf;
    }

    private static void assertMalformed(ByteBuffer bytes, String messagePart) {
        assertThatThrownBy(() -> decode(bytes))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void garbage() {
        assertMalformed(ByteBuffer.wrap(new byte[] {0x01, 0x02, 0x03}), "cannot decode");
    }

    @Test
    void truncatedMessage() {
        ByteBuffer whole = sections(new Properties(), new AmqpValue("a fairly long text body"));
        ByteBuffer half = ByteBuffer.wrap(Arrays.copyOf(whole.array(), whole.remaining() - 6));
        assertMalformed(half, "cannot decode");
    }

    @Test
    void declaredLengthBeyondTheBytes() {
        byte[] huge = {0x00, 0x53, 0x75, (byte) 0xB0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2};
        assertMalformed(ByteBuffer.wrap(huge), "cannot decode");
        byte[] hugeList = {0x00, 0x53, 0x76, (byte) 0xD0, 0x00, 0x00, 0x00, 0x05, 0x7F, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF};
        assertMalformed(ByteBuffer.wrap(hugeList), "cannot decode");
    }

    @Test
    void valueThatIsNotASection() {
        assertMalformed(sections("just a string"), "not a message section");
    }

    @Test
    void sectionsOutOfOrder() {
        assertMalformed(sections(new Properties(), new Header()), "out of order");
        assertMalformed(sections(new Footer(Map.of()), new AmqpValue("x")), "out of order");
    }

    @Test
    void repeatedSections() {
        assertMalformed(sections(new Header(), new Header()), "out of order or repeated");
        assertMalformed(sections(new AmqpValue("a"), new AmqpValue("b")), "repeated");
        assertMalformed(sections(new Data(new Binary(new byte[1])), new AmqpValue("b")), "repeated");
    }

    @Test
    void messageIdOfATypeAmqpDoesNotAllow() {
        Properties p = new Properties();
        p.setMessageId(12);
        assertMalformed(sections(p, new AmqpValue("x")), "message-id of type Integer");
        Properties c = new Properties();
        c.setCorrelationId(Symbol.valueOf("s"));
        assertMalformed(sections(c, new AmqpValue("x")), "correlation-id of type Symbol");
    }

    @Test
    void applicationPropertiesThatAreNotSimple() {
        assertMalformed(sections(new ApplicationProperties(Map.of("list", List.of(1))), new AmqpValue("x")),
                "only simple types");
        // application-properties (0x74) holding map8 {symbol "k": smallint 1}: Proton-J neither encodes nor decodes it
        byte[] symbolKey = {0x00, 0x53, 0x74, (byte) 0xC1, 0x06, 0x02, (byte) 0xA3, 0x01, 'k', 0x54, 0x01};
        assertMalformed(ByteBuffer.wrap(symbolKey), "Expected String");
    }

    @Test
    void noSectionsAtAllIsAnEmptyMessage() throws Exception {
        assertThat(decode(ByteBuffer.allocate(0)).address("a").build().body()).isEqualTo(Body.EMPTY);
    }

    @Test
    void theDecoderIsUsableAfterAFailure() throws Exception {
        assertMalformed(ByteBuffer.wrap(new byte[] {0x00, 0x53}), "cannot decode");
        assertThat(decode(sections(new AmqpValue("ok"))).address("a").build().body()).isEqualTo(Body.text("ok"));
    }
}
