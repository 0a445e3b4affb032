package io.ferrymq.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs on an EmbeddedChannel's virtual clock: no waiting. */
class ConnectTimeoutHandlerTest {

    @Test
    void closesTheConnectionWhenTheHandshakeDoesNotCompleteInTime() throws Exception {
        EmbeddedChannel channel = newChannel(1_000);

        channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isActive()).isTrue();

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void handshakeDoneCancelsTheTimeout() throws Exception {
        EmbeddedChannel channel = newChannel(1_000);

        ConnectionGuard.handshakeDone(channel);
        ConnectionGuard.handshakeDone(channel); // idempotent
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.pipeline().get(HandlerNames.CONNECT_TIMEOUT)).isNull();
        assertThat(channel.isActive()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void handshakeDoneWithoutTimeoutHandlerIsANoOp() {
        EmbeddedChannel channel = new EmbeddedChannel();

        ConnectionGuard.handshakeDone(channel);

        assertThat(channel.isActive()).isTrue();
        channel.finishAndReleaseAll();
    }

    private static EmbeddedChannel newChannel(long timeoutMillis) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        channel.freezeTime();
        channel.pipeline().addLast(HandlerNames.CONNECT_TIMEOUT, new ConnectTimeoutHandler(timeoutMillis, "test"));
        channel.register();
        return channel;
    }
}
