package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.QueueSpec;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.transport.ProtocolRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryServerIT {

    @TempDir
    Path dataDir;

    @Test
    void unknownBytesOnTheDetectingPortAreClosed() throws Exception {
        try (FerryServer server = FerryServer.start(ServerFixture.config(dataDir), true)) {
            InetSocketAddress address = server.address("openwire").orElseThrow();
            try (Socket s = new Socket(address.getAddress(), address.getPort())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                assertThat(in.read()).as("closed by the broker").isEqualTo(-1);
            }
        }
    }

    @Test
    void aCleanRestartRecoversQueuesAndMessages() {
        try (FerryServer server = FerryServer.start(ServerFixture.config(dataDir), true)) {
            EngineSession s = ServerFixture.session(server);
            s.declareQueue(QueueSpec.durableQueue("orders")).toCompletableFuture().join();
            for (int i = 0; i < 10; i++) {
                s.send(Message.builder().address("orders").routingType(RoutingType.ANYCAST).durable(true)
                        .body(Body.text("o" + i)).build()).toCompletableFuture().join();
            }
        }
        try (FerryServer server = FerryServer.start(ServerFixture.config(dataDir), true)) {
            // recovery refills the queues on their own executors: the count arrives shortly after the start
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.engine().queue("orders").orElseThrow().messageCount() == 10);
        }
    }

    @Test
    void durableMessagesUpToTheJournalFileSizeAreKeptLargerOnesRefused() {
        try (FerryServer server = FerryServer.start(ServerFixture.config(dataDir), true)) {
            EngineSession s = ServerFixture.session(server);
            s.declareQueue(QueueSpec.durableQueue("big")).toCompletableFuture().join();
            byte[] twoMiB = new byte[2 * 1024 * 1024];
            s.send(Message.builder().address("big").routingType(RoutingType.ANYCAST).durable(true)
                    .body(Body.bytes(twoMiB)).build()).toCompletableFuture().join();
            byte[] elevenMiB = new byte[11 * 1024 * 1024];
            Message tooBig = Message.builder().address("big").routingType(RoutingType.ANYCAST).durable(true)
                    .body(Body.bytes(elevenMiB)).build();
            assertThatThrownBy(() -> s.send(tooBig).toCompletableFuture().join())
                    .hasRootCauseInstanceOf(EngineException.class)
                    .rootCause().hasMessageContaining("raise journal.fileSize");
            assertThat(server.engine().queue("big").orElseThrow().messageCount()).isEqualTo(1);
        }
        try (FerryServer server = FerryServer.start(ServerFixture.config(dataDir), true)) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.engine().queue("big").orElseThrow().messageCount() == 1);
        }
    }

    @Test
    void listenersOfMissingProtocolModulesAreSkipped() {
        try (FerryServer server = FerryServer.start(ServerFixture.config(dataDir), true)) {
            assertThat(server.address("openwire")).isPresent();
            assertThat(server.address("mqtt")).isPresent();
            for (String protocol : List.of("amqp", "stomp")) { // started exactly when their module is installed
                boolean installed = ProtocolRegistry.load().find(protocol).isPresent();
                assertThat(server.address(protocol).isPresent()).as(protocol).isEqualTo(installed);
            }
        }
    }
}
