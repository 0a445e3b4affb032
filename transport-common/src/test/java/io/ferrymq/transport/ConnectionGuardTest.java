package io.ferrymq.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ConnectionGuardTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();

    @Test
    void readsStayPausedUntilEveryPauseIsReleased() {
        ConnectionGuard.pauseReads(channel);
        ConnectionGuard.pauseReads(channel);
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(ConnectionGuard.readPauses(channel)).isEqualTo(2);

        ConnectionGuard.resumeReads(channel);
        assertThat(channel.config().isAutoRead()).isFalse();

        ConnectionGuard.resumeReads(channel);
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(ConnectionGuard.readPauses(channel)).isZero();
    }

    @Test
    void anUnbalancedResumeIsLoggedAndIgnored() {
        try (LogCapture log = new LogCapture(ConnectionGuard.class)) {
            ConnectionGuard.resumeReads(channel);

            assertThat(log.messages()).singleElement().asString().startsWith("FT2004 resumeReads without pauseReads");
        }
        assertThat(ConnectionGuard.readPauses(channel)).isZero();
        assertThat(channel.config().isAutoRead()).isTrue();

        ConnectionGuard.pauseReads(channel);
        assertThat(channel.config().isAutoRead()).isFalse();
    }
}
