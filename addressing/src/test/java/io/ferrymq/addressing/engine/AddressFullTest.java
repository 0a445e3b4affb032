package io.ferrymq.addressing.engine;

import static io.ferrymq.addressing.api.RoutingType.ANYCAST;
import static io.ferrymq.addressing.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.engine.EngineFixture.Receiver;
import io.ferrymq.addressing.engine.EngineFixture.TestConnection;
import io.ferrymq.addressing.settings.AddressFullPolicy;
import io.ferrymq.addressing.settings.AddressSettings;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AddressFullTest {

    private final EngineFixture f = new EngineFixture(EngineOptions.DEFAULTS.withAddressSettings(Map.of(
            "block.#", AddressSettings.builder().maxSizeBytes(10_000L).addressFullPolicy(AddressFullPolicy.BLOCK).build(),
            "fail.#", AddressSettings.builder().maxSizeBytes(10_000L).addressFullPolicy(AddressFullPolicy.FAIL).build(),
            "drop.#", AddressSettings.builder().maxSizeBytes(10_000L).addressFullPolicy(AddressFullPolicy.DROP).build())));

    @AfterEach
    void stop() {
        f.close();
    }

    private static Message big(String address) {
        return Message.builder().address(address).routingType(ANYCAST).body(Body.bytes(new byte[3000])).build();
    }

    @Test
    void blockPausesTheProducerUntilConsumersFreeHalf() {
        TestConnection c = f.connect();
        for (int i = 0; i < 4; i++) {
            c.send(big("block.q"));
        }
        assertThat(c.paused).as("reads paused when the address went over its size").isEqualTo(1);
        Receiver r = c.consumeQueue("block.q", 2);
        r.acceptAll();
        assertThat(c.paused).as("still above half").isEqualTo(1);
        r.consumer.flow(1);
        r.acceptAll();
        assertThat(c.paused).as("resumed at half").isZero();
    }

    @Test
    void failRefusesTheSend() {
        TestConnection c = f.connect();
        for (int i = 0; i < 3; i++) {
            c.send(big("fail.q"));
        }
        assertThat(failure(c.session.send(big("fail.q"))).kind()).isEqualTo(EngineException.Kind.ADDRESS_FULL);
        assertThat(f.engine.queue("fail.q").orElseThrow().messageCount()).isEqualTo(3);
    }

    @Test
    void dropDiscardsQuietly() {
        TestConnection c = f.connect();
        for (int i = 0; i < 3; i++) {
            c.send(big("drop.q"));
        }
        assertThat(c.send(big("drop.q")).dropped()).isTrue();
        assertThat(f.engine.queue("drop.q").orElseThrow().messageCount()).isEqualTo(3);
    }
}
