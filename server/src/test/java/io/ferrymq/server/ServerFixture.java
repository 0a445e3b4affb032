package io.ferrymq.server;

import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.CloseReason;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.ConnectionSink;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.server.config.ConfigLoader;
import io.ferrymq.server.config.FerryConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** Starting servers and talking to their engine in-process, for the server's tests. */
final class ServerFixture {

    private ServerFixture() {}

    /** The default configuration with the journal in {@code dataDir} and fast, unsynced-free defaults. */
    static FerryConfig config(Path dataDir) {
        return ConfigLoader.load(Optional.empty(), Map.of(), Map.of("dataDir", dataDir.toString(), "host", "127.0.0.1"));
    }

    /** An in-process engine connection whose callbacks run on one thread of its own. */
    static EngineSession session(FerryServer server) {
        Executor loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-connection");
            t.setDaemon(true);
            return t;
        });
        ConnectionSink sink = new ConnectionSink() {
            @Override
            public Executor executor() {
                return loop;
            }

            @Override
            public boolean isWritable() {
                return true;
            }

            @Override
            public void pauseReads() {}

            @Override
            public void resumeReads() {}

            @Override
            public void terminate(CloseReason reason) {}
        };
        ConnectRequest request = new ConnectRequest(
                "in-vm", null, ClientIdPolicy.SHARED, null, null, null, new InetSocketAddress("127.0.0.1", 1));
        EngineConnection connection = server.engine().open(request, sink).toCompletableFuture().join();
        return connection.createSession();
    }
}
