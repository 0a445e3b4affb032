package io.ferrymq.transport.amqp.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Outcome;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Received;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Sasl;
import org.junit.jupiter.api.Test;

/** The bridge's pure mappings: outcomes, error conditions, SASL outcomes, capabilities, filters, link names. */
class BridgeMappingsTest {

    @Test
    void amqpOutcomesMapOntoTheEngines() {
        assertThat(ConsumerLink.outcome(Accepted.getInstance())).isEqualTo(Outcome.ACCEPTED);
        assertThat(ConsumerLink.outcome(Released.getInstance())).isEqualTo(Outcome.RELEASED);
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(Symbol.valueOf("app:poison"), "bad payload"));
        assertThat(ConsumerLink.outcome(rejected)).isEqualTo(Outcome.rejected("bad payload"));
        Modified modified = new Modified();
        modified.setDeliveryFailed(true);
        modified.setUndeliverableHere(true);
        assertThat(ConsumerLink.outcome(modified)).isEqualTo(Outcome.modified(true, true));
        assertThat(ConsumerLink.outcome(new Modified())).isEqualTo(Outcome.modified(false, false));
        assertThat(ConsumerLink.outcome(new Received())).isNull(); // not terminal
    }

    @Test
    void engineFailuresMapOntoAmqpConditions() {
        assertThat(condition(EngineException.Kind.NOT_AUTHORIZED)).isEqualTo("amqp:unauthorized-access");
        assertThat(condition(EngineException.Kind.QUEUE_NOT_FOUND)).isEqualTo("amqp:not-found");
        assertThat(condition(EngineException.Kind.ADDRESS_NOT_FOUND)).isEqualTo("amqp:not-found");
        assertThat(condition(EngineException.Kind.INVALID_FILTER)).isEqualTo("amqp:invalid-field");
        assertThat(condition(EngineException.Kind.ADDRESS_FULL)).isEqualTo("amqp:resource-limit-exceeded");
        assertThat(condition(EngineException.Kind.ROUTING_TYPE_MISMATCH)).isEqualTo("amqp:not-allowed");
        assertThat(condition(EngineException.Kind.QUEUE_IN_USE)).isEqualTo("amqp:resource-locked");
        assertThat(condition(EngineException.Kind.TRANSACTION_FAILED)).isEqualTo("amqp:transaction:unknown-id");
        assertThat(condition(EngineException.Kind.SHUTTING_DOWN)).isEqualTo("amqp:connection:forced");
        // wrapped, as a failed stage delivers it; anything else is an internal error
        ErrorCondition wrapped = Conditions.of(new CompletionException(
                new EngineException(EngineException.Kind.NOT_AUTHORIZED, "no")));
        assertThat(wrapped.getCondition().toString()).isEqualTo("amqp:unauthorized-access");
        assertThat(wrapped.getDescription()).isEqualTo("no");
        assertThat(Conditions.of(new IllegalStateException("x")).getCondition().toString())
                .isEqualTo("amqp:internal-error");
    }

    private static String condition(EngineException.Kind kind) {
        return Conditions.of(new EngineException(kind, "m")).getCondition().toString();
    }

    @Test
    void failedAuthenticationSaslOutcomes() {
        assertThat(SaslAuthenticator.outcome(new EngineException(EngineException.Kind.AUTHENTICATION_FAILED, "x")))
                .isEqualTo(Sasl.PN_SASL_AUTH);
        assertThat(SaslAuthenticator.outcome(new EngineException(EngineException.Kind.SHUTTING_DOWN, "x")))
                .isEqualTo(Sasl.PN_SASL_TEMP);
        assertThat(SaslAuthenticator.outcome(new RuntimeException())).isEqualTo(Sasl.PN_SASL_SYS);
    }

    @Test
    void nodeTypeCapabilities() {
        assertThat(Capabilities.kind(new Symbol[] {Symbol.valueOf("queue")})).isEqualTo(Destination.Kind.QUEUE);
        assertThat(Capabilities.kind(new Symbol[] {Symbol.valueOf("topic"), Symbol.valueOf("shared")}))
                .isEqualTo(Destination.Kind.TOPIC);
        assertThat(Capabilities.kind(new Symbol[] {Symbol.valueOf("temporary-queue")}))
                .isEqualTo(Destination.Kind.TEMPORARY_QUEUE);
        assertThat(Capabilities.kind(new Symbol[] {Symbol.valueOf("temporary-topic")}))
                .isEqualTo(Destination.Kind.TEMPORARY_TOPIC);
        assertThat(Capabilities.kind(null)).isNull();
    }

    @Test
    void filtersAreRecognisedByDescriptorAndOnlyKnownOnesEchoed() {
        DescribedType selector = described(Symbol.valueOf("apache.org:selector-filter:string"), "a = 1");
        DescribedType noLocalByCode = described(UnsignedLong.valueOf(0x0000468C00000003L), null);
        DescribedType unknown = described(Symbol.valueOf("apache.org:legacy-amqp-topic-binding:string"), "x.#");
        Filters f = Filters.parse(Map.of(Symbol.valueOf("jms-selector"), selector, Symbol.valueOf("nl"),
                noLocalByCode, Symbol.valueOf("binding"), unknown));
        assertThat(f.selector()).isEqualTo("a = 1");
        assertThat(f.noLocal()).isTrue();
        assertThat(f.accepted()).containsOnlyKeys(Symbol.valueOf("jms-selector"), Symbol.valueOf("nl"));
        assertThat(Filters.parse(null).accepted()).isNull();
    }

    @Test
    void qpidJmsSubscriptionLinkNames() {
        assertThat(ConsumerLink.SubscriptionName.of("orders", null))
                .isEqualTo(new ConsumerLink.SubscriptionName("orders", false));
        assertThat(ConsumerLink.SubscriptionName.of("orders|global", null))
                .isEqualTo(new ConsumerLink.SubscriptionName("orders", true));
        assertThat(ConsumerLink.SubscriptionName.of("orders|volatile2", null))
                .isEqualTo(new ConsumerLink.SubscriptionName("orders", false));
        assertThat(ConsumerLink.SubscriptionName.of("orders|global-volatile1", null))
                .isEqualTo(new ConsumerLink.SubscriptionName("orders", true));
        assertThat(ConsumerLink.SubscriptionName.of("orders", new Symbol[] {Symbol.valueOf("global")}).global())
                .isTrue();
    }

    private static DescribedType described(Object descriptor, Object value) {
        return new DescribedType() {
            @Override
            public Object getDescriptor() {
                return descriptor;
            }

            @Override
            public Object getDescribed() {
                return value;
            }
        };
    }
}
