package io.ferrymq.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.addressing.security.PasswordHashes;
import io.ferrymq.addressing.security.Permission;
import io.ferrymq.addressing.security.SecurityOptions;
import io.ferrymq.addressing.security.User;
import io.ferrymq.addressing.settings.AddressFullPolicy;
import io.ferrymq.addressing.settings.AddressSettings;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Engine refusals as a Qpid JMS application sees them: amqp:unauthorized-access on attach and on transfer becomes
 * JMSSecurityException, amqp:resource-limit-exceeded (an address full with the FAIL policy) becomes
 * ResourceAllocationException.
 */
@Timeout(60)
class EngineRefusalsIT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        // bob may consume from and create queues under public.#, and send nowhere
        Map<String, Map<Permission, Set<String>>> permissions = new LinkedHashMap<>(SecurityOptions.DEFAULT_PERMISSIONS);
        Map<Permission, Set<String>> reader = new EnumMap<>(Permission.class);
        for (Permission p : Permission.values()) {
            reader.put(p, p == Permission.SEND || p == Permission.MANAGE ? Set.of("admin") : Set.of("admin", "reader"));
        }
        permissions.put("public.#", reader);
        SecurityOptions security = EmbeddedBroker.security(true,
                List.of(new User("bob", PasswordHashes.hash("pw".toCharArray(), 1000), Set.of("reader"))),
                permissions);
        AddressSettings full = AddressSettings.builder().maxSizeBytes(2048L)
                .addressFullPolicy(AddressFullPolicy.FAIL).build();
        broker = EmbeddedBroker.start(security, Map.of("tiny.#", full));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Connection connect(String user, String password) throws Exception {
        Connection c = new JmsConnectionFactory(user, password, broker.url("jms.requestTimeout=10000"))
                .createConnection();
        c.start();
        return c;
    }

    @Test
    void sendWithoutPermissionIsASecurityException() throws Exception {
        try (Connection c = connect("bob", "pw")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("public.news"));
            assertThatThrownBy(() -> p.send(s.createTextMessage("nope"))).isInstanceOf(JMSSecurityException.class);
            // what bob may do still works on the same connection
            assertThat(s.createConsumer(s.createQueue("public.news")).receive(50)).isNull();
        }
    }

    @Test
    void consumingWithoutPermissionIsRefusedAtAttach() throws Exception {
        try (Connection c = connect("bob", "pw")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("private.payroll")))
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void fullAddressWithTheFailPolicyRefusesSends() throws Exception {
        try (Connection c = connect(EmbeddedBroker.USER, EmbeddedBroker.PASSWORD)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("tiny.box"));
            String body = "x".repeat(1024);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 20; i++) {
                    p.send(s.createTextMessage(body));
                }
            }).isInstanceOf(ResourceAllocationException.class);
        }
    }
}
