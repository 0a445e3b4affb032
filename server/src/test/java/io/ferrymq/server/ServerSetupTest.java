package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.server.config.ConfigLoader;
import io.ferrymq.server.config.FerryConfig;
import io.ferrymq.transport.mqtt.MqttOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file's model reaches each component's options. */
class ServerSetupTest {

    @TempDir
    Path dir;

    @Test
    void defaultConfigurationGivesTheMqttDefaults() {
        assertThat(ServerSetup.mqttOptions(FerryConfig.DEFAULTS)).isEqualTo(MqttOptions.DEFAULTS);
    }

    @Test
    void mqttSectionReachesMqttOptions() throws IOException {
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, """
                mqtt:
                  maxTopicAlias: 4
                  defaultSessionExpiry: 1h
                  maxSessionExpiry: 2d
                  serverReceiveMaximum: 10
                  outboundWindow: 20
                  maxTopicLength: 300
                  maxTopicLevels: 5
                  maxPacketSize: 64KiB
                  serverKeepAlive: 2m
                """);
        FerryConfig config = ConfigLoader.load(Optional.of(file), Map.of("FERRY_MQTT_MAX_QUEUED_MESSAGES", "77"),
                Map.of());
        assertThat(ServerSetup.mqttOptions(config)).isEqualTo(MqttOptions.DEFAULTS
                .withMaxTopicAlias(4)
                .withDefaultSessionExpirySeconds(3600)
                .withMaxSessionExpirySeconds(2 * 86400)
                .withServerReceiveMaximum(10)
                .withOutboundWindow(20)
                .withMaxTopicLength(300)
                .withMaxTopicLevels(5)
                .withMaxPacketSize(64 * 1024)
                .withServerKeepAliveSeconds(120)
                .withMaxQueuedMessages(77));
    }
}
