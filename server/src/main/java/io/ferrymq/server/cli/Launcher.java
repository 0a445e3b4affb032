package io.ferrymq.server.cli;

import io.ferrymq.server.config.FerryConfig;

/**
 * Starts the broker with a loaded configuration; {@link FerryCommand} calls it once the configuration is valid.
 * Called on the main thread. The server's implementation typically blocks until shutdown.
 */
@FunctionalInterface
public interface Launcher {

    /**
     * Runs the broker.
     *
     * @param config the complete, validated configuration
     * @return the process exit code (0 for a clean shutdown)
     * @throws Exception any failure to start; picocli prints it and exits with code 1
     */
    int launch(FerryConfig config) throws Exception;
}
