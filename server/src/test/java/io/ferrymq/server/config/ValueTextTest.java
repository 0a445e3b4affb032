package io.ferrymq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueTextTest {

    @Test
    void sizes() {
        assertThat(ByteSize.parse("1048576")).isEqualTo(1 << 20);
        assertThat(ByteSize.parse("10MiB")).isEqualTo(10L << 20);
        assertThat(ByteSize.parse("512KiB")).isEqualTo(512L << 10);
        assertThat(ByteSize.parse("1GiB")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("100MB")).isEqualTo(100_000_000L);
        assertThat(ByteSize.parse("1KB")).isEqualTo(1000);
        assertThat(ByteSize.parse("1 kib")).isEqualTo(1024);
        assertThat(ByteSize.parse("-1")).isEqualTo(-1);
        assertThatThrownBy(() -> ByteSize.parse("10XB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSize.parse("-1MiB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSize.parse("1.5MiB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSize.parse("99999999999TiB")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ByteSize.format(100L << 20)).isEqualTo("100MiB");
        assertThat(ByteSize.format(1000)).isEqualTo("1000");
        assertThat(ByteSize.format(-1)).isEqualTo("-1");
    }

    @Test
    void durations() {
        assertThat(DurationText.parse("500us")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("1500")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> DurationText.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DurationText.parse("5 weeks")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DurationText.format(Duration.ofNanos(500_000))).isEqualTo("500us");
        assertThat(DurationText.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(DurationText.format(Duration.ofSeconds(60))).isEqualTo("60s");
        assertThat(DurationText.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0");
    }
}
