package io.ferrymq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.server.config.UserEntry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HashPasswordCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code ferry <args>} with a hash-password subcommand reading {@code stdin}. */
    private int run(InputStream stdin, String... args) {
        CommandLine ferry = new CommandLine(new FerryCommand(config -> {
            throw new AssertionError("must not launch");
        }, Map.of()));
        ferry.getCommandSpec().removeSubcommand("hash-password");
        ferry.addSubcommand("hash-password", new CommandLine(new HashPasswordCommand(stdin)));
        ferry.setOut(new PrintWriter(out, true));
        ferry.setErr(new PrintWriter(err, true));
        return ferry.execute(args);
    }

    private static void assertHashOf(String printed, String password) throws Exception {
        String[] parts = printed.trim().split(":");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo("310000");
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] hash = Base64.getDecoder().decode(parts[3]);
        assertThat(salt).hasSize(16);
        assertThat(hash).hasSize(32);
        byte[] expected = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 310_000, 256))
                .getEncoded();
        assertThat(hash).isEqualTo(expected);
        assertThat(printed.trim()).startsWith(UserEntry.HASH_PREFIX);
    }

    @Test
    void hashesPasswordOption() throws Exception {
        assertThat(run(InputStream.nullInputStream(), "hash-password", "--password", "s3cret")).isZero();
        assertHashOf(out.toString(), "s3cret");
    }

    @Test
    void readsStdinWhenNoOption() throws Exception {
        InputStream in = new ByteArrayInputStream("from stdin\nignored\n".getBytes(StandardCharsets.UTF_8));
        assertThat(run(in, "hash-password")).isZero();
        assertHashOf(out.toString(), "from stdin");
    }

    @Test
    void emptyInputIsAnError() {
        assertThat(run(InputStream.nullInputStream(), "hash-password")).isEqualTo(2);
        assertThat(err.toString()).contains("ferry hash-password: no password given");
        assertThat(run(new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8)), "hash-password"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("ferry hash-password: empty password");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void saltsDiffer() {
        char[] pw = "x".toCharArray();
        assertThat(PasswordHasher.hash(pw)).isNotEqualTo(PasswordHasher.hash(pw));
    }

    @Test
    void hashIsAcceptedByTheUsersFileCheck() {
        String hash = PasswordHasher.hash("pw".toCharArray(), new byte[16], 1000);
        assertThat(new UserEntry("u", hash, List.of()).passwordHash()).isEqualTo(hash);
    }
}
