package io.ferrymq.transport.stomp;

import static io.ferrymq.transport.stomp.RawStompClient.frameWithBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RECEIPT means journaled: what was receipted survives a broker restart, durable subscriptions included. */
class PersistenceIT {

    @Test
    void receiptedPersistentMessagesAndDurableSubscriptionsSurviveARestart(@TempDir Path dir) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, null, null, null)) {
            try (RawStompClient sub = RawStompClient.connect(broker.port(), "accept-version:1.2", "host:x",
                    "client-id:keeper")) {
                sub.sendWithReceipt("SUBSCRIBE", "", "id:1", "destination:/topic/kept",
                        "durable-subscription-name:kept-sub");
            }
            try (RawStompClient c = RawStompClient.connect12(broker.port())) {
                c.sendWithReceipt("SEND", "queued", "destination:/queue/kept", "persistent:true");
                c.sendWithReceipt("SEND", "published", "destination:/topic/kept", "persistent:true");
                c.sendWithReceipt("SEND", "transient", "destination:/queue/kept");
            }
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, null, null, null);
                RawStompClient c = RawStompClient.connect(broker.port(), "accept-version:1.2", "host:x",
                        "client-id:keeper")) {
            c.sendWithReceipt("SUBSCRIBE", "", "id:q", "destination:/queue/kept");
            RawStompClient.Frame queued = c.read();
            assertThat(queued.text()).isEqualTo("queued");
            assertThat(queued.header("persistent")).isEqualTo("true");
            c.sendWithReceipt("SUBSCRIBE", "", "id:t", "destination:/topic/kept",
                    "durable-subscription-name:kept-sub");
            assertThat(c.read().text()).isEqualTo("published");
            // the non-persistent message did not survive: the next message on the queue is a new one
            c.write(frameWithBody("SEND", "marker", "destination:/queue/kept"));
            assertThat(c.read().text()).isEqualTo("marker");
        }
    }
}
