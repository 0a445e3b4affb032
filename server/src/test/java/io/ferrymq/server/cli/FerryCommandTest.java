package io.ferrymq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.server.config.FerryConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FerryCommandTest {

    @TempDir
    Path dir;

    private final List<FerryConfig> launched = new ArrayList<>();
    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new FerryCommand(config -> {
            launched.add(config);
            return 0;
        }, env));
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl;
    }

    @Test
    void noArgumentsLaunchesDefaults() {
        assertThat(commandLine(Map.of()).execute()).isZero();
        assertThat(launched).containsExactly(FerryConfig.DEFAULTS);
    }

    @Test
    void flagsBecomeOverrides() throws IOException {
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, "listeners: {mqtt: {port: 1999}, amqp: {port: 5999}}\n");
        CommandLine cl = commandLine(Map.of("FERRY_LISTENERS_AMQP_PORT", "6000"));
        int code = cl.execute("--config", file.toString(), "--data-dir", "/srv/ferry", "--host", "127.0.0.1",
                "--openwire-port", "0", "--mqtt-port", "1884", "--stomp-port", "61615");
        assertThat(code).as(err.toString()).isZero();

        FerryCommand command = cl.getCommand();
        assertThat(command.configFile()).contains(file);
        assertThat(command.overrides()).containsExactly(
                Map.entry("dataDir", "/srv/ferry"),
                Map.entry("host", "127.0.0.1"),
                Map.entry("listeners.openwire.port", "0"),
                Map.entry("listeners.mqtt.port", "1884"),
                Map.entry("listeners.stomp.port", "61615"));

        FerryConfig c = launched.get(0);
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/ferry"));
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.listeners().openwire().enabled()).isFalse();
        assertThat(c.listeners().mqtt().port()).isEqualTo(1884);
        assertThat(c.listeners().amqp().port()).isEqualTo(6000);
        assertThat(c.listeners().stomp().port()).isEqualTo(61615);
    }

    @Test
    void tlsAndWebSocketFlags() {
        CommandLine cl = commandLine(Map.of());
        int code = cl.execute("--tls-cert", "certs/server.crt.pem", "--tls-key", "certs/server.key.pem",
                "--tls-truststore", "certs/clients-ca.pem", "--ws-port", "0", "--wss-port", "8443",
                "--mqtt-tls-port", "18883", "--openwire-tls-port", "0", "--amqp-tls-port", "15671",
                "--stomp-tls-port", "0");
        assertThat(code).as(err.toString()).isZero();

        FerryConfig c = launched.get(0);
        assertThat(c.tls().certificateChain()).contains(Path.of("certs/server.crt.pem"));
        assertThat(c.tls().privateKey()).contains(Path.of("certs/server.key.pem"));
        assertThat(c.tls().trustStore()).contains(Path.of("certs/clients-ca.pem"));
        assertThat(c.listeners().ws().enabled()).isFalse();
        assertThat(c.listeners().wss().port()).isEqualTo(8443);
        assertThat(c.listeners().mqttTls().port()).isEqualTo(18883);
        assertThat(c.listeners().openwireTls().port()).isZero();
        assertThat(c.listeners().amqpTls().port()).isEqualTo(15671);
        assertThat(c.listeners().stompTls().port()).isZero();

        assertThat(commandLine(Map.of()).execute("--tls-keystore", "server.p12")).isZero();
        assertThat(launched.get(1).tls().keyStore()).contains(Path.of("server.p12"));
    }

    @Test
    void configErrorPrintsMessageAndExitsWith2() {
        assertThat(commandLine(Map.of()).execute("--mqtt-port", "70000")).isEqualTo(2);
        assertThat(err.toString().trim()).isEqualTo(
                "ferry: command line: bad value '70000' for 'listeners.mqtt.port' (expected a port 0-65535)");
        assertThat(launched).isEmpty();

        Path missing = dir.resolve("missing.yaml");
        assertThat(commandLine(Map.of()).execute("--config", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("ferry: " + missing + ": file not found");
    }

    @Test
    void unknownEnvironmentVariableFailsTheStart() {
        assertThat(commandLine(Map.of("FERRY_HOSTNAME", "x")).execute()).isEqualTo(2);
        assertThat(err.toString()).contains("ferry: environment FERRY_HOSTNAME: unknown variable FERRY_HOSTNAME");
    }

    @Test
    void launcherExitCodeIsReturned() {
        CommandLine cl = new CommandLine(new FerryCommand(config -> 3, Map.of()));
        assertThat(cl.execute()).isEqualTo(3);
    }

    @Test
    void versionAndUsageErrors() {
        CommandLine cl = commandLine(Map.of());
        assertThat(cl.execute("--version")).isZero();
        assertThat(out.toString()).contains("FerryMQ 0.1.0");
        assertThat(commandLine(Map.of()).execute("--bogus")).isEqualTo(2);
        assertThat(launched).isEmpty();
    }
}
