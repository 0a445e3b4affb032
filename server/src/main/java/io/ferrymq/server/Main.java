package io.ferrymq.server;

import io.ferrymq.server.cli.FerryCommand;
import io.ferrymq.server.config.FerryConfig;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ferry}: starts the broker and runs until SIGTERM or Ctrl-C, which stop it cleanly (the journal is flushed
 * and closed). Exit codes: 0 after a clean stop, 1 when the broker cannot start, 2 for a configuration error.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        int code = FerryCommand.commandLine(Main::run).execute(args);
        System.exit(code);
    }

    private static int run(FerryConfig config) throws InterruptedException {
        FerryServer server;
        try {
            server = FerryServer.start(config);
        } catch (RuntimeException e) {
            LOG.error("FS3001 FerryMQ could not start: {}", e.getMessage(), e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } finally {
                stopped.countDown();
            }
        }, "ferry-shutdown"));
        stopped.await();
        return 0;
    }
}
