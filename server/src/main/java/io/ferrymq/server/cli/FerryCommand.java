package io.ferrymq.server.cli;

import io.ferrymq.server.config.ConfigException;
import io.ferrymq.server.config.ConfigLoader;
import io.ferrymq.server.config.FerryConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry}: loads the configuration (defaults < {@code --config} file < {@code FERRY_*} environment <
 * these options) and hands it to a {@link Launcher}. It starts nothing itself. A configuration error prints
 * {@code ferry: <message>} to standard error and exits with {@link #EXIT_CONFIG_ERROR}.
 *
 * <p>Typical {@code main}: {@code System.exit(FerryCommand.commandLine(config -> server.run(config)).execute(args))}.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, version = "FerryMQ 0.1.0",
        description = "FerryMQ: one broker for OpenWire, AMQP 1.0, STOMP and MQTT.",
        subcommands = HashPasswordCommand.class)
public final class FerryCommand implements Callable<Integer> {

    /** Exit code of a configuration error (picocli uses the same for usage errors). */
    public static final int EXIT_CONFIG_ERROR = 2;

    @Option(names = "--config", paramLabel = "FILE", description = "the YAML configuration file (ferry.yaml)")
    private Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "overrides dataDir")
    private String dataDir;

    @Option(names = "--host", paramLabel = "HOST", description = "overrides host: the interface to bind")
    private String host;

    @Option(names = "--openwire-port", paramLabel = "PORT",
            description = "overrides listeners.openwire.port (0 disables)")
    private Integer openwirePort;

    @Option(names = "--mqtt-port", paramLabel = "PORT", description = "overrides listeners.mqtt.port (0 disables)")
    private Integer mqttPort;

    @Option(names = "--amqp-port", paramLabel = "PORT", description = "overrides listeners.amqp.port (0 disables)")
    private Integer amqpPort;

    @Option(names = "--stomp-port", paramLabel = "PORT", description = "overrides listeners.stomp.port (0 disables)")
    private Integer stompPort;

    @Option(names = "--ws-port", paramLabel = "PORT", description = "overrides listeners.ws.port (0 disables)")
    private Integer wsPort;

    @Option(names = "--openwire-tls-port", paramLabel = "PORT",
            description = "overrides listeners.openwireTls.port (0 disables)")
    private Integer openwireTlsPort;

    @Option(names = "--mqtt-tls-port", paramLabel = "PORT",
            description = "overrides listeners.mqttTls.port (0 disables)")
    private Integer mqttTlsPort;

    @Option(names = "--amqp-tls-port", paramLabel = "PORT",
            description = "overrides listeners.amqpTls.port (0 disables)")
    private Integer amqpTlsPort;

    @Option(names = "--stomp-tls-port", paramLabel = "PORT",
            description = "overrides listeners.stompTls.port (0 disables)")
    private Integer stompTlsPort;

    @Option(names = "--wss-port", paramLabel = "PORT", description = "overrides listeners.wss.port (0 disables)")
    private Integer wssPort;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "overrides tls.certificateChain: the server certificate and its intermediates")
    private String tlsCertificateChain;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "overrides tls.privateKey (PKCS#8)")
    private String tlsPrivateKey;

    @Option(names = "--tls-keystore", paramLabel = "P12",
            description = "overrides tls.keyStore, instead of --tls-cert and --tls-key (password: FERRY_TLS_KEY_PASSWORD)")
    private String tlsKeyStore;

    @Option(names = "--tls-truststore", paramLabel = "FILE",
            description = "overrides tls.trustStore: the CAs of client certificates (mutual TLS)")
    private String tlsTrustStore;

    @Spec
    private CommandSpec spec;

    private final Launcher launcher;
    private final Map<String, String> env;

    /** A command that reads {@code System.getenv()} and calls {@code launcher}. */
    public FerryCommand(Launcher launcher) {
        this(launcher, System.getenv());
    }

    /** A command that reads {@code env} instead of the process environment (for tests and embedding). */
    public FerryCommand(Launcher launcher, Map<String, String> env) {
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.env = Map.copyOf(env);
    }

    /** A picocli command line for a {@link FerryCommand} calling {@code launcher}, ready for {@code execute(args)}. */
    public static CommandLine commandLine(Launcher launcher) {
        return new CommandLine(new FerryCommand(launcher));
    }

    /** The {@code --config} file, if given. Valid after parsing. */
    public Optional<Path> configFile() {
        return Optional.ofNullable(config);
    }

    /** The options given on the command line as key path -> value text, for {@link ConfigLoader}. */
    public Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>();
        putIfSet(m, "dataDir", dataDir);
        putIfSet(m, "host", host);
        putIfSet(m, "listeners.openwire.port", openwirePort);
        putIfSet(m, "listeners.mqtt.port", mqttPort);
        putIfSet(m, "listeners.amqp.port", amqpPort);
        putIfSet(m, "listeners.stomp.port", stompPort);
        putIfSet(m, "listeners.ws.port", wsPort);
        putIfSet(m, "listeners.openwireTls.port", openwireTlsPort);
        putIfSet(m, "listeners.mqttTls.port", mqttTlsPort);
        putIfSet(m, "listeners.amqpTls.port", amqpTlsPort);
        putIfSet(m, "listeners.stompTls.port", stompTlsPort);
        putIfSet(m, "listeners.wss.port", wssPort);
        putIfSet(m, "tls.certificateChain", tlsCertificateChain);
        putIfSet(m, "tls.privateKey", tlsPrivateKey);
        putIfSet(m, "tls.keyStore", tlsKeyStore);
        putIfSet(m, "tls.trustStore", tlsTrustStore);
        return m;
    }

    /**
     * Loads the configuration and calls the launcher.
     *
     * @return the launcher's exit code, or {@link #EXIT_CONFIG_ERROR} when the configuration is invalid
     */
    @Override
    public Integer call() throws Exception {
        FerryConfig loaded;
        try {
            loaded = ConfigLoader.load(configFile(), env, overrides());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("ferry: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return EXIT_CONFIG_ERROR;
        }
        return launcher.launch(loaded);
    }

    private static void putIfSet(Map<String, String> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }
}
