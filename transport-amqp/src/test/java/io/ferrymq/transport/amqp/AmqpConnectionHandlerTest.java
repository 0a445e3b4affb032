package io.ferrymq.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.ConnectionSink;
import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.transport.ProtocolContext;
import io.ferrymq.transport.TransportLimits;
import io.ferrymq.transport.TransportServices;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.junit.jupiter.api.Test;

/**
 * The handler on an {@link EmbeddedChannel}, against a client-side Proton transport and a two-method engine double:
 * SASL, open, begin and framing errors without a socket.
 */
class AmqpConnectionHandlerTest {

    /** Accepts alice/secret and the anonymous guest; records what it was asked. */
    private static final class FakeEngine implements Engine {
        final List<ConnectRequest> requests = new ArrayList<>();
        boolean guest = true;
        int closed;
        int sends;

        @Override
        public CompletionStage<EngineConnection> open(ConnectRequest request, ConnectionSink sink) {
            requests.add(request);
            CompletableFuture<EngineConnection> result = new CompletableFuture<>();
            boolean ok = request.username() == null ? guest
                    : request.username().equals("alice") && new String(request.password()).equals("secret");
            sink.executor().execute(() -> {
                if (ok) {
                    result.complete(connection());
                } else {
                    result.completeExceptionally(new EngineException(EngineException.Kind.AUTHENTICATION_FAILED,
                            "bad credentials"));
                }
            });
            return result;
        }

        private EngineConnection connection() {
            return new EngineConnection() {
                @Override
                public String id() {
                    return "c1";
                }

                @Override
                public String user() {
                    return "alice";
                }

                @Override
                public Set<String> roles() {
                    return Set.of();
                }

                @Override
                public String clientId() {
                    return null;
                }

                @Override
                public CompletionStage<Void> claimClientId(String clientId,
                        io.ferrymq.addressing.api.ClientIdPolicy policy) {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public EngineSession createSession() {
                    return (EngineSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {EngineSession.class}, (proxy, method, args) -> {
                                if (method.getName().equals("close")) {
                                    return CompletableFuture.completedFuture(null);
                                }
                                if (method.getName().equals("send")) {
                                    sends++;
                                    return new CompletableFuture<>(); // an engine that never confirms
                                }
                                throw new UnsupportedOperationException(method.getName());
                            });
                }

                @Override
                public void writabilityChanged() {
                }

                @Override
                public CompletionStage<Void> close() {
                    closed++;
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }

    private final FakeEngine engine = new FakeEngine();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Transport client = Proton.transport();
    private final Connection connection = Proton.connection();

    private void install(String user, String password) {
        ProtocolContext context = new ProtocolContext("test", TransportLimits.defaults().withMaxFrameSize(65536),
                TransportServices.builder().add(Engine.class, engine).build());
        new AmqpProtocolFactory().install(channel.pipeline(), context);
        Sasl sasl = client.sasl();
        sasl.client();
        if (user != null) {
            sasl.plain(user, password);
        } else {
            sasl.setMechanisms("ANONYMOUS");
        }
        connection.setContainer("unit-client");
        client.bind(connection);
    }

    /** Moves bytes between the client transport and the channel until nothing moves. */
    private void exchange() {
        for (int round = 0; round < 20; round++) {
            boolean moved = false;
            int pending;
            while ((pending = client.pending()) > 0) {
                ByteBuffer head = client.head();
                byte[] bytes = new byte[pending];
                head.duplicate().get(bytes);
                client.pop(pending);
                if (channel.isActive()) {
                    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
                }
                moved = true;
            }
            channel.runPendingTasks();
            ByteBuf out;
            while ((out = channel.readOutbound()) != null) {
                byte[] bytes = new byte[out.readableBytes()];
                out.readBytes(bytes);
                out.release();
                int off = 0;
                while (off < bytes.length && client.capacity() > 0) {
                    ByteBuffer tail = client.tail();
                    int n = Math.min(tail.remaining(), bytes.length - off);
                    tail.put(bytes, off, n);
                    off += n;
                    client.process();
                }
                moved = true;
            }
            if (!moved) {
                return;
            }
        }
    }

    @Test
    void plainLoginOpensAndAdvertisesTheFrameSize() {
        install("alice", "secret");
        connection.open();
        Session session = connection.session();
        session.open();
        exchange();
        assertThat(client.sasl().getOutcome()).isEqualTo(Sasl.PN_SASL_OK);
        assertThat(engine.requests).singleElement().satisfies(r -> {
            assertThat(r.protocol()).isEqualTo("amqp");
            assertThat(r.username()).isEqualTo("alice");
        });
        assertThat(connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        assertThat(connection.getRemoteContainer()).isEqualTo("ferrymq");
        assertThat(client.getRemoteMaxFrameSize()).isEqualTo(65536);
        assertThat(session.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
    }

    /** RFC 4422 §5: a client may send PLAIN without an initial response; an empty challenge asks for it. */
    @Test
    void plainWithoutInitialResponseIsChallengedForIt() {
        install(null, null);
        Sasl sasl = client.sasl();
        sasl.setMechanisms("PLAIN");
        List<Integer> challenges = new ArrayList<>();
        sasl.setListener(new SaslListener() {
            @Override
            public void onSaslChallenge(Sasl s, Transport t) {
                challenges.add(s.pending());
                byte[] plain = "\0alice\0secret".getBytes(StandardCharsets.UTF_8);
                s.send(plain, 0, plain.length);
            }

            @Override
            public void onSaslMechanisms(Sasl s, Transport t) {}

            @Override
            public void onSaslInit(Sasl s, Transport t) {}

            @Override
            public void onSaslResponse(Sasl s, Transport t) {}

            @Override
            public void onSaslOutcome(Sasl s, Transport t) {}
        });
        connection.open();
        exchange();
        assertThat(challenges).as("one empty challenge").containsExactly(0);
        assertThat(sasl.getOutcome()).isEqualTo(Sasl.PN_SASL_OK);
        assertThat(engine.requests).singleElement().satisfies(r -> assertThat(r.username()).isEqualTo("alice"));
        assertThat(connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
    }

    @Test
    void badPasswordGetsOutcomeAuthAndTheChannelCloses() {
        install("alice", "nope");
        connection.open();
        exchange();
        assertThat(client.sasl().getOutcome()).isEqualTo(Sasl.PN_SASL_AUTH);
        assertThat(channel.isActive()).isFalse();
        assertThat(connection.getRemoteState()).isEqualTo(EndpointState.UNINITIALIZED);
    }

    @Test
    void anonymousIsTheGuestOnlyWhenTheEngineAcceptsIt() {
        engine.guest = false;
        install(null, null);
        connection.open();
        exchange();
        assertThat(engine.requests).singleElement().satisfies(r -> assertThat(r.username()).isNull());
        assertThat(client.sasl().getOutcome()).isEqualTo(Sasl.PN_SASL_AUTH);
    }

    @Test
    void closeFromTheClientIsAnsweredAndReleasesTheEngineConnection() {
        install("alice", "secret");
        connection.open();
        exchange();
        connection.close();
        exchange();
        assertThat(connection.getRemoteState()).isEqualTo(EndpointState.CLOSED);
        assertThat((Object) connection.getRemoteCondition().getCondition()).isNull();
        assertThat(engine.closed).isEqualTo(1);
        assertThat(channel.isActive()).isFalse();
    }

    /**
     * A peer that ignores link credit: with an engine that never confirms, the broker's 1000 credits are not topped
     * up, and transfer 1001 gets the link detached with amqp:link:transfer-limit-exceeded (AMQP 1.0 §2.6.7).
     */
    @Test
    void transfersBeyondTheLinkCreditDetachTheLink() {
        ProtocolContext context = new ProtocolContext("test", TransportLimits.defaults(),
                TransportServices.builder().add(Engine.class, engine).build());
        new AmqpProtocolFactory().install(channel.pipeline(), context);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0}));
        Open open = new Open();
        open.setContainerId("raw");
        Begin begin = new Begin();
        begin.setNextOutgoingId(UnsignedInteger.ZERO);
        begin.setIncomingWindow(UnsignedInteger.valueOf(100_000));
        begin.setOutgoingWindow(UnsignedInteger.valueOf(100_000));
        Attach attach = new Attach();
        attach.setName("greedy");
        attach.setHandle(UnsignedInteger.ZERO);
        attach.setRole(Role.SENDER);
        attach.setSndSettleMode(SenderSettleMode.SETTLED);
        Target target = new Target();
        target.setAddress("greedy.queue");
        attach.setTarget(target);
        attach.setSource(new Source());
        attach.setInitialDeliveryCount(UnsignedInteger.ZERO);
        for (Object performative : new Object[] {open, begin, attach}) {
            channel.writeInbound(Unpooled.wrappedBuffer(ProtonLinkIT.frame(0, performative, new byte[0])));
            channel.runPendingTasks();
        }
        byte[] payload = ProtonClient.encode(ProtonClient.text(null, "more"));
        for (int i = 0; i <= 1000; i++) {
            Transfer transfer =
                    new Transfer();
            transfer.setHandle(UnsignedInteger.ZERO);
            transfer.setDeliveryId(UnsignedInteger.valueOf(i));
            transfer.setDeliveryTag(new Binary(ByteBuffer.allocate(4).putInt(i).array()));
            transfer.setMessageFormat(UnsignedInteger.ZERO);
            transfer.setSettled(true);
            channel.writeInbound(Unpooled.wrappedBuffer(ProtonLinkIT.frame(0, transfer, payload)));
        }
        channel.runPendingTasks();
        StringBuilder output = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            output.append(out.toString(StandardCharsets.ISO_8859_1));
            out.release();
        }
        assertThat(engine.sends).isEqualTo(1000);
        assertThat(output.toString()).contains("amqp:link:transfer-limit-exceeded");
        assertThat(channel.isActive()).isTrue(); // only the link ends, not the connection
    }

    @Test
    void garbageAfterOpenIsAFramingError() {
        install("alice", "secret");
        connection.open();
        exchange();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 3, 2, 0, 0, 0}));
        exchange();
        assertThat(connection.getRemoteState()).isEqualTo(EndpointState.CLOSED);
        assertThat(connection.getRemoteCondition().getCondition().toString())
                .isEqualTo("amqp:connection:framing-error");
        assertThat(channel.isActive()).isFalse();
        assertThat(engine.closed).isEqualTo(1);
    }
}
