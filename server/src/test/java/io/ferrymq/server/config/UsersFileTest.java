package io.ferrymq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    private static final String HASH = "pbkdf2-sha256:310000:c2FsdHNhbHRzYWx0c2FsdA==:aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("users.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void parsesUsers() throws IOException {
        Path file = write("users:\n  alice:\n    password: \"" + HASH + "\"\n    roles: [admin, ops]\n"
                + "  bob: {password: \"" + HASH + "\"}\n");
        Map<String, UserEntry> users = UsersFile.load(file);
        assertThat(users.keySet()).containsExactly("alice", "bob");
        assertThat(users.get("alice")).isEqualTo(new UserEntry("alice", HASH, List.of("admin", "ops")));
        assertThat(users.get("bob").roles()).isEmpty();
        assertThat(users.get("alice").toString()).doesNotContain("c2FsdH");
    }

    @Test
    void plainTextPasswordIsRejectedWithoutEchoingIt() throws IOException {
        Path file = write("users:\n  alice:\n    password: hunter2\n    roles: [admin]\n");
        assertThatThrownBy(() -> UsersFile.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":3: bad password of user 'alice' in 'users.alice.password'")
                .hasMessageContaining("run 'ferry hash-password'")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void validationErrorsNameUserKeyAndFile() throws IOException {
        Path f1 = write("users:\n  alice:\n    password: \"" + HASH + "\"\n    role: [admin]\n");
        assertThatThrownBy(() -> UsersFile.load(f1))
                .hasMessage(f1 + ":4: unknown key 'users.alice.role' (known: password, roles)");
        Path f2 = write("users:\n  alice:\n    roles: [admin]\n");
        assertThatThrownBy(() -> UsersFile.load(f2))
                .hasMessageStartingWith(f2 + ":2: user 'alice' has no password");
        Path f3 = write("users:\n  alice:\n    password: \"pbkdf2-sha256:x:AA==:AA==\"\n");
        assertThatThrownBy(() -> UsersFile.load(f3))
                .hasMessageContaining("iterations 'x' is not a number");
        Path f4 = write("user:\n  alice: {}\n");
        assertThatThrownBy(() -> UsersFile.load(f4)).hasMessage(f4 + ":1: unknown key 'user' (known: users)");
        Path f5 = write("users:\n  alice:\n    password: \"" + HASH + "\"\n    roles: admin\n");
        assertThatThrownBy(() -> UsersFile.load(f5)).hasMessageStartingWith(f5 + ":4: expected a list of names");
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("none.yaml");
        assertThatThrownBy(() -> UsersFile.load(missing)).hasMessage(missing + ": file not found");
    }
}
