package io.ferrymq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.transport.TlsClientAuth;
import io.ferrymq.transport.TlsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tls section and the TLS listeners: off by default, on with key material, checked at load. */
class TlsConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("ferry.yaml"), yaml);
    }

    @Test
    void tlsListenersHaveTheStandardPortsButAreOffWithoutKeyMaterial() {
        FerryConfig c = FerryConfig.DEFAULTS;
        assertThat(c.tls().configured()).isFalse();
        assertThat(c.listeners().tlsByName()).containsOnlyKeys("openwireTls", "mqttTls", "amqpTls", "stompTls");
        assertThat(c.listeners().openwireTls().port()).isEqualTo(61617);
        assertThat(c.listeners().mqttTls().port()).isEqualTo(8883);
        assertThat(c.listeners().amqpTls().port()).isEqualTo(5671);
        assertThat(c.listeners().stompTls().port()).isEqualTo(61612);
        assertThat(c.listeners().mqttTls().clientAuth()).isEqualTo(TlsClientAuth.NONE);
        assertThat(ListenersConfig.protocolOf("openwireTls")).isEqualTo("openwire");
        assertThat(ListenersConfig.protocolOf("mqtt")).isEqualTo("mqtt");
    }

    @Test
    void relativePathsResolveAgainstTheFileAndReachTheTransportOptions() throws IOException {
        Path file = write("""
                listeners:
                  mqttTls:
                    clientAuth: require
                tls:
                  certificateChain: certs/server.crt.pem
                  privateKey: certs/server.key.pem
                  trustStore: certs/clients.p12
                  trustStorePassword: secret
                  protocols: [TLSv1.3]
                  subjectField: CN
                  reloadInterval: 0
                """);
        FerryConfig c = ConfigLoader.load(file);
        assertThat(c.tls().configured()).isTrue();
        TlsOptions options = c.tls().options(c.listeners().mqttTls().clientAuth());
        assertThat(options.certificateChain()).isEqualTo(dir.resolve("certs/server.crt.pem"));
        assertThat(options.privateKey()).isEqualTo(dir.resolve("certs/server.key.pem"));
        assertThat(options.trustStore()).isEqualTo(dir.resolve("certs/clients.p12"));
        assertThat(options.trustStoreIsPkcs12()).isTrue();
        assertThat(options.clientAuth()).isEqualTo(TlsClientAuth.REQUIRE);
        assertThat(options.protocols()).containsExactly("TLSv1.3");
        assertThat(options.subjectField()).isEqualTo("CN");
        assertThat(options.reloadInterval()).isEqualTo(Duration.ZERO);
        assertThat(c.tls().toString()).doesNotContain("secret");
    }

    @Test
    void environmentVariablesSetTls() {
        FerryConfig c = ConfigLoader.load(Optional.empty(), Map.of(
                "FERRY_TLS_KEY_STORE", "/etc/ferry/server.p12", "FERRY_TLS_KEY_PASSWORD", "pw",
                "FERRY_LISTENERS_MQTT_TLS_PORT", "0"), Map.of());
        assertThat(c.tls().keyStore()).contains(Path.of("/etc/ferry/server.p12"));
        assertThat(c.listeners().mqttTls().port()).isZero();
    }

    @Test
    void incompleteKeyMaterialIsRefused() throws IOException {
        Path file = write("tls:\n  certificateChain: server.crt.pem\n");
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs its private key");
    }

    @Test
    void clientAuthWithoutTrustStoreNamesTheKey() throws IOException {
        Path file = write("tls:\n  keyStore: server.p12\nlisteners:\n  amqpTls:\n    clientAuth: OPTIONAL\n");
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":5: 'listeners.amqpTls.clientAuth' is OPTIONAL but 'tls.trustStore' names no CA "
                        + "certificates to check client certificates with");
    }

    @Test
    void oldTlsVersionsAndUnknownClientAuthAreRefused() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(write("tls:\n  protocols: [TLSv1.1, TLSv1.2]\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("only [TLSv1.3, TLSv1.2] are supported");
        assertThatThrownBy(() -> ConfigLoader.load(write("listeners:\n  mqttTls:\n    clientAuth: WANT\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("one of NONE, OPTIONAL, REQUIRE");
    }

    @Test
    void tlsPortsCountForConflictsOnlyWhenTlsIsOn() throws IOException {
        Map<String, String> clash = Map.of("listeners.mqttTls.port", "1883");
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), clash).listeners().mqttTls().port()).isEqualTo(1883);
        Path file = write("tls:\n  keyStore: server.p12\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), clash))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("both use port 1883");
    }
}
