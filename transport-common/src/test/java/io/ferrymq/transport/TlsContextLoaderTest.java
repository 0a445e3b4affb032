package io.ferrymq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.transport.testing.TestCertificates;
import io.ferrymq.transport.testing.TestCertificates.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up errors name the file at fault; the options refuse inconsistent combinations. */
class TlsContextLoaderTest {

    @TempDir
    static Path dir;
    private static TestCertificates ca;
    private static Issued server;
    private static Path chain;
    private static Path key;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.create(dir, "loader");
        server = ca.server("localhost");
        chain = ca.chainPem(server, "server");
        key = ca.keyPem(server, "server");
    }

    @Test
    void missingKeyFileIsNamed() {
        Path missing = dir.resolve("nope.key.pem");
        assertThatThrownBy(() -> TlsContextLoader.load(TlsOptions.pem(chain, missing)))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessage("TLS private key file " + missing + " does not exist or is not a file")
                .satisfies(e -> assertThat(((TlsConfigurationException) e).file()).isEqualTo(missing));
    }

    @Test
    void unreadableOrMalformedFilesAreNamed() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a pem file\n");
        assertThatThrownBy(() -> TlsContextLoader.load(TlsOptions.pem(garbage, key)))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageStartingWith("TLS certificate chain file " + garbage);
        assertThatThrownBy(() -> TlsContextLoader.load(TlsOptions.pem(chain, garbage)))
                .hasMessageStartingWith("TLS private key file " + garbage + " holds no private key");
        assertThatThrownBy(() -> TlsContextLoader.load(TlsOptions.pem(chain, chain)))
                .hasMessageStartingWith("TLS private key file " + chain + " holds no private key");
    }

    @Test
    void keyOfAnotherCertificateIsRefused() {
        Path otherKey = ca.keyPem(ca.server("other"), "other");
        assertThatThrownBy(() -> TlsContextLoader.load(TlsOptions.pem(chain, otherKey)))
                .hasMessage("TLS private key file " + otherKey + " does not belong to the first certificate of "
                        + chain + " (CN=localhost,O=FerryMQ tests)");
    }

    @Test
    void pkcs12WithAWrongPasswordIsNamed() {
        Path p12 = ca.pkcs12(server, "server");
        assertThat(TlsContextLoader.load(TlsOptions.pkcs12(p12, TestCertificates.PASSWORD)).isServer()).isTrue();
        assertThatThrownBy(() -> TlsContextLoader.load(TlsOptions.pkcs12(p12, "wrong")))
                .hasMessageStartingWith("TLS key store file " + p12 + " is not a PKCS#12 file or its password is wrong");
    }

    @Test
    void missingTrustStoreIsNamed() {
        Path missing = dir.resolve("missing-ca.pem");
        assertThatThrownBy(() -> TlsContextLoader.load(TlsOptions.pem(chain, key)
                .withClientAuth(TlsClientAuth.REQUIRE, missing, null)))
                .hasMessage("TLS trust store file " + missing + " does not exist or is not a file");
    }

    @Test
    void optionsRefuseInconsistentCombinations() {
        Path p12 = dir.resolve("x.p12");
        assertThatThrownBy(() -> new TlsOptions(chain, key, p12, null, null, null, TlsClientAuth.NONE, null, null,
                java.time.Duration.ZERO)).hasMessageContaining("not both");
        assertThatThrownBy(() -> new TlsOptions(chain, null, null, null, null, null, TlsClientAuth.NONE, null, null,
                java.time.Duration.ZERO)).hasMessageContaining("needs its private key");
        assertThatThrownBy(() -> TlsOptions.pem(chain, key).withClientAuth(TlsClientAuth.REQUIRE, null, null))
                .hasMessageContaining("needs a trust store");
        assertThatThrownBy(() -> TlsOptions.pem(chain, key).withProtocols(List.of("TLSv1.1")))
                .hasMessageContaining("TLSv1.1 is not supported");
        assertThat(TlsOptions.pem(chain, key).protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(TlsOptions.pem(chain, key).withClientAuth(TlsClientAuth.OPTIONAL, p12, "x").trustStoreIsPkcs12())
                .isTrue();
        assertThat(TlsOptions.pkcs12(p12, "secret").toString()).doesNotContain("secret");
    }
}
