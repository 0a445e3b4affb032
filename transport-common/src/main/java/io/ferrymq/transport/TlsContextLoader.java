package io.ferrymq.transport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a server {@link SslContext} from {@link TlsOptions}: the JDK's TLS provider, only the options' TLS versions
 * (1.2 and 1.3), Netty's default cipher suites for the JDK provider (AES-GCM and ChaCha20-Poly1305 with forward
 * secrecy, and the TLS 1.3 suites) and the options' client authentication.
 *
 * <p>Every file is read and checked here, so that a missing, unreadable or malformed file, a wrong password or a
 * private key that does not belong to its certificate fails with a {@link TlsConfigurationException} naming the
 * file, rather than at the first handshake. Stateless and thread safe; blocks on file I/O.
 */
public final class TlsContextLoader {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /**
     * The cipher suites offered, in preference order (those the JDK lacks are left out): the TLS 1.3 suites, then
     * TLS 1.2 with forward secrecy and AEAD only (ECDHE with AES-GCM or ChaCha20-Poly1305), as Mozilla's
     * "intermediate" profile.
     */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "DSA");

    private TlsContextLoader() {
    }

    /**
     * Reads the options' files and builds the context.
     *
     * @throws TlsConfigurationException naming the file that cannot be used
     */
    public static SslContext load(TlsOptions options) {
        SslContextBuilder builder;
        if (options.keyStore() != null) {
            KeyStore store = readPkcs12(options.keyStore(), options.keyPassword(), "key store");
            try {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, password(options.keyPassword()));
                builder = SslContextBuilder.forServer(kmf);
            } catch (GeneralSecurityException e) {
                throw error(options.keyStore(), "TLS key store " + options.keyStore() + " has no usable private key: "
                        + e.getMessage(), e);
            }
        } else {
            List<X509Certificate> chain = readCertificates(options.certificateChain(), "certificate chain");
            PrivateKey key = readPrivateKey(options.privateKey(), options.keyPassword());
            checkKeyMatches(key, chain.get(0), options);
            builder = SslContextBuilder.forServer(key, chain);
        }
        if (options.trustStore() != null) {
            if (options.trustStoreIsPkcs12()) {
                KeyStore trust = readPkcs12(options.trustStore(), options.trustStorePassword(), "trust store");
                try {
                    TrustManagerFactory tmf =
                            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(trust);
                    builder.trustManager(tmf);
                } catch (GeneralSecurityException e) {
                    throw error(options.trustStore(), "TLS trust store " + options.trustStore()
                            + " cannot be used: " + e.getMessage(), e);
                }
            } else {
                builder.trustManager(readCertificates(options.trustStore(), "trust store"));
            }
        }
        builder.sslProvider(SslProvider.JDK)
                .protocols(options.protocols())
                .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                .clientAuth(options.clientAuth().toNetty());
        try {
            return builder.build();
        } catch (SSLException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new TlsConfigurationException(null, "TLS context cannot be built from " + options.files() + ": "
                    + e.getMessage() + (root == e ? "" : " (" + root.getMessage() + ")"), e);
        }
    }

    private static byte[] read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw error(file, "TLS " + what + " file " + file + " does not exist or is not a file", null);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw error(file, "TLS " + what + " file " + file + " is not readable: " + e, e);
        }
    }

    private static List<X509Certificate> readCertificates(Path file, String what) {
        byte[] bytes = read(file, what);
        Collection<? extends Certificate> certificates;
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (GeneralSecurityException | IOException e) {
            throw error(file, "TLS " + what + " file " + file + " does not hold valid PEM certificates: "
                    + e.getMessage(), e);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : certificates) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw error(file, "TLS " + what + " file " + file + " holds no certificate (expected PEM blocks "
                    + "-----BEGIN CERTIFICATE-----)", null);
        }
        return out;
    }

    private static PrivateKey readPrivateKey(Path file, String password) {
        String text = new String(read(file, "private key"), StandardCharsets.US_ASCII);
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw error(file, "TLS private key file " + file + ": bad base64 in " + type, e);
            }
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(file, der);
                case "ENCRYPTED PRIVATE KEY":
                    if (password == null) {
                        throw error(file, "TLS private key file " + file + " is encrypted: a key password is needed",
                                null);
                    }
                    return pkcs8(file, decrypt(file, der, password));
                case "RSA PRIVATE KEY", "EC PRIVATE KEY":
                    throw error(file, "TLS private key file " + file + " holds a " + type + " (PKCS#1/SEC1); convert "
                            + "it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName()
                            + " -out key.pem", null);
                default:
                    // certificates or parameters beside the key: skip
            }
        }
        throw error(file, "TLS private key file " + file + " holds no private key (expected a PEM block "
                + "-----BEGIN PRIVATE KEY-----)", null);
    }

    private static byte[] decrypt(Path file, byte[] der, String password) {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            SecretKeyFactory factory = SecretKeyFactory.getInstance(info.getAlgName());
            Cipher cipher = Cipher.getInstance(info.getAlgName());
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())),
                    info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException | IOException e) {
            throw error(file, "TLS private key file " + file + " cannot be decrypted (wrong password or "
                    + "unsupported encryption): " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw error(file, "TLS private key file " + file + " holds no PKCS#8 key of a known algorithm "
                + KEY_ALGORITHMS, null);
    }

    /** A key that does not belong to its certificate would only fail at the first handshake: check it now. */
    private static void checkKeyMatches(PrivateKey key, X509Certificate certificate, TlsOptions options) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        boolean matches;
        try {
            byte[] probe = "ferrymq key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw error(options.privateKey(), "TLS private key file " + options.privateKey()
                    + " does not belong to the first certificate of " + options.certificateChain() + " ("
                    + certificate.getSubjectX500Principal().getName() + ")", null);
        }
    }

    private static KeyStore readPkcs12(Path file, String password, String what) {
        byte[] bytes = read(file, what);
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password(password));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw error(file, "TLS " + what + " file " + file + " is not a PKCS#12 file or its password is wrong: "
                    + e.getMessage(), e);
        }
    }

    private static char[] password(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    private static TlsConfigurationException error(Path file, String message, Throwable cause) {
        return new TlsConfigurationException(file, message, cause);
    }
}
