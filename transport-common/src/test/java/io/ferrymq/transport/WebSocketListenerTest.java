package io.ferrymq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** WebSocket listeners with the fake echo protocol (subprotocols echo, echo.v2) and the JDK's WebSocket client. */
class WebSocketListenerTest {

    private static final String HOST = "127.0.0.1";

    private final ProtocolRegistry registry = ProtocolRegistry.load();
    private final List<Acceptor> acceptors = new ArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();
    private TransportRuntime runtime;

    @AfterEach
    void tearDown() {
        sockets.forEach(WebSocket::abort);
        acceptors.forEach(Acceptor::stop);
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void theSubprotocolChoosesTheProtocolAndBinaryFramesCarryItsBytes() throws Exception {
        Acceptor acceptor = start(new WebSocketOptions("/", WebSocketOptions.DEFAULT_MAX_FRAME_SIZE));
        Collector collector = new Collector();
        WebSocket ws = connect(acceptor, "/mqtt", collector, "echo.v2");
        assertThat(ws.getSubprotocol()).isEqualTo("echo.v2");

        ws.sendBinary(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), true).get(5, TimeUnit.SECONDS);
        assertThat(new String(collector.await(5), StandardCharsets.UTF_8)).isEqualTo("hello");
        // a text frame and a message in two fragments reach the protocol as plain bytes too
        ws.sendText("text", true).get(5, TimeUnit.SECONDS);
        assertThat(new String(collector.await(4), StandardCharsets.UTF_8)).isEqualTo("text");
        ws.sendBinary(ByteBuffer.wrap("frag".getBytes(StandardCharsets.UTF_8)), false).get(5, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap("ments".getBytes(StandardCharsets.UTF_8)), true).get(5, TimeUnit.SECONDS);
        assertThat(new String(collector.await(9), StandardCharsets.UTF_8)).isEqualTo("fragments");
        assertThat(EchoProtocolFactory.INSTALLED.poll(5, TimeUnit.SECONDS).pipeline().names())
                .contains(HandlerNames.WEBSOCKET, HandlerNames.WEBSOCKET_FRAMES, "echo-handler")
                .doesNotContain(HandlerNames.WEBSOCKET_SELECTOR);
    }

    @Test
    void aPingIsAnsweredWithItsPayloadAndACloseIsEchoed() throws Exception {
        Acceptor acceptor = start(WebSocketOptions.defaults());
        Collector collector = new Collector();
        WebSocket ws = connect(acceptor, "/", collector, "echo");
        ws.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS);
        assertThat(collector.pong.get(5, TimeUnit.SECONDS)).isEqualTo("are you there");
        // the connection still carries the protocol after the ping
        ws.sendBinary(ByteBuffer.wrap("after".getBytes(StandardCharsets.UTF_8)), true).get(5, TimeUnit.SECONDS);
        assertThat(new String(collector.await(5), StandardCharsets.UTF_8)).isEqualTo("after");

        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertThat(collector.closed.get(5, TimeUnit.SECONDS)).as("the server's close frame").isEqualTo(1000);
    }

    @Test
    void aTwoMebibyteFrameIsAcceptedByDefault() throws Exception {
        Acceptor acceptor = start(WebSocketOptions.defaults());
        Collector collector = new Collector();
        WebSocket ws = connect(acceptor, "/", collector, "echo");
        byte[] big = new byte[WebSocketOptions.DEFAULT_MAX_FRAME_SIZE];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        ws.sendBinary(ByteBuffer.wrap(big), true).get(5, TimeUnit.SECONDS);
        assertThat(collector.await(big.length)).isEqualTo(big);
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() throws Exception {
        Acceptor acceptor = start(new WebSocketOptions("/", 4096));
        Collector collector = new Collector();
        WebSocket ws = connect(acceptor, "/", collector, "echo");
        ws.sendBinary(ByteBuffer.wrap(new byte[4097]), true).get(5, TimeUnit.SECONDS);
        assertThat(collector.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @Test
    void anUnknownSubprotocolOrPathIsRefused() throws Exception {
        Acceptor acceptor = start(new WebSocketOptions("/ws", WebSocketOptions.DEFAULT_MAX_FRAME_SIZE));
        Collector collector = new Collector();
        // Netty completes the upgrade without a subprotocol, then the listener closes the connection
        try {
            WebSocket ws = connect(acceptor, "/ws", collector, "amqp");
            assertThat(ws.getSubprotocol()).isEmpty();
            collector.closed.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
            // or the client gives up on the handshake itself
        }
        assertThat(EchoProtocolFactory.INSTALLED.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThatThrownBy(() -> connect(acceptor, "/other", new Collector(), "echo"))
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void perMessageDeflateIsNegotiatedOnlyWhenEnabled() throws Exception {
        assertThat(upgradeResponse(start(WebSocketOptions.defaults().withCompression(true))))
                .startsWith("HTTP/1.1 101").containsIgnoringCase("sec-websocket-extensions: permessage-deflate");
        assertThat(upgradeResponse(start(WebSocketOptions.defaults())))
                .startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("permessage-deflate");
    }

    /** The response head to a raw upgrade request offering permessage-deflate. */
    private static String upgradeResponse(Acceptor acceptor) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(HOST, acceptor.boundAddress().getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /mqtt HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: echo\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            java.io.InputStream in = socket.getInputStream();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> new WebSocketOptions("mqtt", 1 << 20)).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> new WebSocketOptions("/", 10)).hasMessageContaining("at least 1024");
        assertThatThrownBy(() -> new ListenerOptions("ws", HOST, 0, "echo", List.of(), null,
                WebSocketOptions.defaults())).hasMessageContaining("chooses its protocol by subprotocol");
    }

    private Acceptor start(WebSocketOptions options) {
        EchoProtocolFactory.INSTALLED.clear();
        if (runtime == null) {
            runtime = TransportRuntime.create(TransportLimits.defaults(), 2, true);
        }
        Acceptor acceptor = new Acceptor(ListenerOptions.webSocket("ws", HOST, 0, List.of(), options), runtime,
                registry, TransportServices.empty());
        acceptors.add(acceptor);
        acceptor.start();
        return acceptor;
    }

    private WebSocket connect(Acceptor acceptor, String path, Collector collector, String subprotocol)
            throws Exception {
        URI uri = URI.create("ws://" + HOST + ":" + acceptor.boundAddress().getPort() + path);
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols(subprotocol)
                .buildAsync(uri, collector)
                .get(5, TimeUnit.SECONDS);
        sockets.add(ws);
        return ws;
    }

    /** Gathers every byte the server sends, in binary frames, and the pong and close frames. */
    private static final class Collector implements WebSocket.Listener {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<String> pong = new CompletableFuture<>();

        @Override
        public synchronized CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received.writeBytes(bytes);
            notifyAll();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pong.complete(StandardCharsets.UTF_8.decode(message).toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        /** Waits for {@code n} bytes and takes them. */
        synchronized byte[] await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.size() < n && System.nanoTime() < deadline) {
                wait(100);
            }
            byte[] all = received.toByteArray();
            assertThat(all.length).as("bytes received").isGreaterThanOrEqualTo(n);
            received.reset();
            received.write(all, n, all.length - n);
            byte[] out = new byte[n];
            System.arraycopy(all, 0, out, 0, n);
            return out;
        }
    }
}
