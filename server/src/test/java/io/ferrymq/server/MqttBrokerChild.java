package io.ferrymq.server;

import io.ferrymq.server.config.ConfigLoader;
import io.ferrymq.server.config.FerryConfig;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * The broker process of {@link MqttKillNineIT}: a real server with the default configuration on a data directory,
 * MQTT and OpenWire on the ports given (AMQP and STOMP off). Prints {@code READY mqtt=<port> openwire=<port>} once
 * it serves, then runs until it is killed.
 *
 * <p>Arguments: {@code dataDir mqttPort openwirePort}.
 */
public final class MqttBrokerChild {

    /** The prefix of the line printed once the broker serves. */
    static final String READY = "READY ";

    private MqttBrokerChild() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // never linger: the test reads our output until we exit
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        PrintStream out = System.out;
        FerryConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(
                "dataDir", args[0],
                "host", "127.0.0.1",
                "listeners.mqtt.port", args[1],
                "listeners.openwire.port", args[2],
                "listeners.amqp.port", "0",
                "listeners.stomp.port", "0",
                "listeners.ws.port", "0"));
        FerryServer server = startRetrying(config);
        synchronized (out) {
            out.println(READY + "mqtt=" + server.address("mqtt").orElseThrow().getPort()
                    + " openwire=" + server.address("openwire").orElseThrow().getPort());
            out.flush();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    /** The previous process's sockets may linger for a moment after a SIGKILL: retry the bind for a few seconds. */
    private static FerryServer startRetrying(FerryConfig config) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                return FerryServer.start(config);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                System.err.println("start failed, retrying: " + e);
                Thread.sleep(200);
            }
        }
    }
}
