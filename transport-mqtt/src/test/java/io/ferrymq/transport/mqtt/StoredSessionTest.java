package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a stored session counts as expired (MQTT 5.0 §3.1.2.11.2, §3.14.2.2.2). */
class StoredSessionTest {

    private static StoredSession decode(long expiryMillis, long leftAt, long now) {
        return StoredSession.decode(Map.of(StoredSession.SESSION_KEY,
                StoredSession.sessionRecord(expiryMillis, leftAt)), now);
    }

    @Test
    void aSessionWithExpiryZeroHasEndedAsSoonAsItsClientLeft() {
        assertThat(decode(0, 1_000, 1_000).expired()).as("same millisecond").isTrue();
        assertThat(decode(0, 1_000, 1_000).resumedBy(false)).isFalse();
    }

    @Test
    void aConnectedSessionAndOneWithinItsExpiryAreNotExpired() {
        assertThat(decode(0, 0, 5_000).expired()).as("client still connected").isFalse();
        assertThat(decode(2_000, 1_000, 3_000).expired()).isFalse();
        assertThat(decode(2_000, 1_000, 3_001).expired()).isTrue();
    }
}
