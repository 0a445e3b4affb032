package io.ferrymq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps ferry-example.yaml and docs/configuration.md in step with the code. */
class ExampleConfigTest {

    @TempDir
    Path dir;

    private static String example() throws IOException {
        try (InputStream in = ExampleConfigTest.class.getResourceAsStream("/ferry-example.yaml")) {
            assertThat(in).as("ferry-example.yaml on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void exampleEqualsDefaults() throws IOException {
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, example());
        assertThat(ConfigLoader.load(Optional.of(file), Map.of(), Map.of())).isEqualTo(FerryConfig.DEFAULTS);
    }

    @Test
    void exampleMentionsEveryKey() throws IOException {
        String text = example();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            String leaf = key.path().substring(key.path().lastIndexOf('.') + 1);
            assertThat(text).as(key.path()).containsPattern("(?m)^[ #]*" + leaf + ":");
        }
    }

    @Test
    void referenceHasARowForEveryKey() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.md");
        assumeTrue(Files.exists(doc), "docs/configuration.md is not beside the server module");
        String text = Files.readString(doc);
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            assertThat(text).as(key.path()).contains(row(key));
        }
    }

    /** The reference's table row for a key. */
    static String row(ConfigKey<?> key) {
        String def = key.defaultText().isEmpty() ? "(unset)" : "`" + key.defaultText() + "`";
        return "| `" + key.path() + "` | `" + key.envVar() + "` | " + def + " | " + key.description() + " |";
    }

    /** Prints the table, to paste into docs/configuration.md after changing a key. */
    public static void main(String[] args) {
        System.out.println("| Key | Environment variable | Default | Meaning |");
        System.out.println("|---|---|---|---|");
        ConfigKeys.ALL.forEach(k -> System.out.println(row(k)));
    }
}
