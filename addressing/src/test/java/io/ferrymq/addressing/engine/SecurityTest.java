package io.ferrymq.addressing.engine;

import static io.ferrymq.addressing.api.RoutingType.ANYCAST;
import static io.ferrymq.addressing.engine.EngineFixture.failure;
import static io.ferrymq.addressing.engine.EngineFixture.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.CloseReason;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.engine.EngineFixture.Receiver;
import io.ferrymq.addressing.engine.EngineFixture.TestConnection;
import io.ferrymq.addressing.security.GuestOptions;
import io.ferrymq.addressing.security.PasswordHashes;
import io.ferrymq.addressing.security.Permission;
import io.ferrymq.addressing.security.SecurityOptions;
import io.ferrymq.addressing.security.User;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecurityTest {

    private static final String ALICE_HASH = PasswordHashes.hash("s3cret".toCharArray(), 1000);

    private final EngineFixture f = new EngineFixture(EngineOptions.DEFAULTS.withSecurity(new SecurityOptions(
            true,
            false,
            GuestOptions.DEFAULTS,
            List.of(new User("alice", ALICE_HASH, Set.of("apps")), new User("CN=device-1", null, Set.of("devices"))),
            Map.of(
                    "#", Map.of(Permission.SEND, Set.of("apps"), Permission.CONSUME, Set.of("apps")),
                    "orders.#", Map.of(
                            Permission.SEND, Set.of("apps"),
                            Permission.CONSUME, Set.of("apps"),
                            Permission.CREATE_ADDRESS, Set.of("apps"),
                            Permission.CREATE_DURABLE_QUEUE, Set.of("apps")),
                    "telemetry.#", Map.of(Permission.SEND, Set.of("devices", "guest"))))));

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void usersAuthenticateWithHashedPasswords() {
        TestConnection alice = f.connect("alice", "s3cret", null, ClientIdPolicy.SHARED);
        assertThat(alice.connection.user()).isEqualTo("alice");
        assertThat(alice.connection.roles()).containsExactly("apps");
        assertThatThrownBy(() -> f.connect("alice", "wrong", null, ClientIdPolicy.SHARED))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.AUTHENTICATION_FAILED));
        assertThatThrownBy(() -> f.connect("mallory", "x", null, ClientIdPolicy.SHARED))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.AUTHENTICATION_FAILED));
        assertThatThrownBy(() -> f.connect(null, null, null, ClientIdPolicy.SHARED))
                .isInstanceOf(EngineException.class);
    }

    @Test
    void guestOnlyFromLoopback() {
        TestConnection guest = f.connect("guest", "guest", null, ClientIdPolicy.SHARED);
        assertThat(guest.connection.roles()).containsExactly("guest");
        TestConnection remote = new TestConnection();
        ConnectRequest fromAfar = new ConnectRequest(
                "test", null, ClientIdPolicy.SHARED, "guest", "guest".toCharArray(), null,
                new InetSocketAddress("192.0.2.10", 5555));
        EngineException e = failure(f.engine.open(fromAfar, remote));
        assertThat(e.kind()).isEqualTo(EngineException.Kind.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("loopback");
    }

    @Test
    void certificateSubjectAuthenticates() {
        TestConnection device = new TestConnection();
        ConnectRequest byCert = new ConnectRequest(
                "test", null, ClientIdPolicy.SHARED, null, null, "CN=device-1", EngineFixture.LOOPBACK);
        device.connection = join(f.engine.open(byCert, device));
        assertThat(device.connection.user()).isEqualTo("CN=device-1");
    }

    @Test
    void permissionsPerAddressPattern() {
        TestConnection alice = f.connect("alice", "s3cret", null, ClientIdPolicy.SHARED);
        alice.sendText("orders.eu", ANYCAST, "ok");
        EngineException denied = failure(alice.session.send(EngineFixture.text("telemetry.x", ANYCAST, "no")));
        assertThat(denied.kind()).isEqualTo(EngineException.Kind.NOT_AUTHORIZED);
        assertThat(denied.getMessage()).contains("send").contains("telemetry.x");
        // may send to "misc" but not create it
        assertThat(failure(alice.session.send(EngineFixture.text("misc", ANYCAST, "x"))).kind())
                .isEqualTo(EngineException.Kind.NOT_AUTHORIZED);
        TestConnection guest = f.connect("guest", "guest", null, ClientIdPolicy.SHARED);
        assertThat(failure(guest.session.subscribe(SubscriptionSpec.queue("orders.eu").build(), new Receiver())).kind())
                .isEqualTo(EngineException.Kind.NOT_AUTHORIZED);
        Receiver r = alice.consumeQueue("orders.eu", 10);
        assertThat(r.texts()).containsExactly("ok");
    }

    @Test
    void duplicateClientIdRefusedOrTakenOver() {
        f.connect("alice", "s3cret", "jms-app", ClientIdPolicy.REFUSE_DUPLICATE);
        assertThatThrownBy(() -> f.connect("alice", "s3cret", "jms-app", ClientIdPolicy.REFUSE_DUPLICATE))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.CLIENT_ID_IN_USE));
        TestConnection first = f.connect("alice", "s3cret", "device", ClientIdPolicy.TAKE_OVER);
        TestConnection second = f.connect("alice", "s3cret", "device", ClientIdPolicy.TAKE_OVER);
        assertThat(first.terminated).isEqualTo(CloseReason.SESSION_TAKEN_OVER);
        assertThat(second.terminated).isNull();
    }

    @Test
    void aClientIdClaimedAfterOpeningFollowsTheSameRules() {
        TestConnection holder = f.connect("alice", "s3cret", "container-1", ClientIdPolicy.REFUSE_DUPLICATE);
        TestConnection late = f.connect("alice", "s3cret", null, ClientIdPolicy.SHARED);
        assertThat(failure(late.connection.claimClientId("container-1", ClientIdPolicy.REFUSE_DUPLICATE)).kind())
                .isEqualTo(EngineException.Kind.CLIENT_ID_IN_USE);
        assertThat(late.connection.clientId()).isNull();

        join(late.connection.claimClientId("container-2", ClientIdPolicy.REFUSE_DUPLICATE));
        assertThat(late.connection.clientId()).isEqualTo("container-2");
        assertThatThrownBy(() -> late.connection.claimClientId("other", ClientIdPolicy.SHARED))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> f.connect("alice", "s3cret", "container-2", ClientIdPolicy.REFUSE_DUPLICATE))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.CLIENT_ID_IN_USE));

        holder.close(); // releases container-1
        TestConnection again = f.connect("alice", "s3cret", null, ClientIdPolicy.SHARED);
        join(again.connection.claimClientId("container-1", ClientIdPolicy.REFUSE_DUPLICATE));
        late.close(); // releases container-2: claimed ids are released like ids given at open
        f.connect("alice", "s3cret", "container-2", ClientIdPolicy.REFUSE_DUPLICATE);
    }

    @Test
    void maxConnections() {
        try (EngineFixture limited = new EngineFixture(EngineOptions.DEFAULTS.withMaxConnections(1))) {
            TestConnection one = limited.connect();
            assertThatThrownBy(limited::connect)
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.RESOURCE_LIMIT));
            one.close();
            limited.connect();
        }
    }
}
