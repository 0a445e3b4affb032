package io.ferrymq.addressing.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.RoutingType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressSettingsRepositoryTest {

    @Test
    void mostSpecificMatchWinsFieldByField() {
        AddressSettingsRepository repo = new AddressSettingsRepository(Map.of(
                "#", AddressSettings.builder().maxDeliveryAttempts(5).build(),
                "orders.#", AddressSettings.builder().deadLetterAddress("orders.DLQ").build(),
                "orders.eu", AddressSettings.builder().maxDeliveryAttempts(2).build()));
        AddressSettings eu = repo.resolve("orders.eu");
        assertThat(eu.maxDeliveryAttempts()).isEqualTo(2);
        assertThat(eu.deadLetterAddress()).isEqualTo("orders.DLQ");
        assertThat(eu.defaultRoutingType()).isEqualTo(RoutingType.MULTICAST);
        assertThat(repo.resolve("other").maxDeliveryAttempts()).isEqualTo(5);
        assertThat(repo.resolve("other").deadLetterAddress()).isEqualTo("DLQ");
    }

    @Test
    void redeliveryDelayGrowsUpToItsCap() {
        AddressSettings s = AddressSettings.builder()
                .redeliveryDelayMillis(100L)
                .redeliveryMultiplier(3.0)
                .maxRedeliveryDelayMillis(500L)
                .maxDeliveryAttempts(4)
                .build()
                .mergeWith(AddressSettings.DEFAULTS);
        assertThat(s.redeliveryDelayFor(1)).isEqualTo(100);
        assertThat(s.redeliveryDelayFor(2)).isEqualTo(300);
        assertThat(s.redeliveryDelayFor(3)).isEqualTo(500);
        assertThat(s.attemptsExhausted(3)).isFalse();
        assertThat(s.attemptsExhausted(4)).isTrue();
    }
}
