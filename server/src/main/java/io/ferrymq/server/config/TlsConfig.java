package io.ferrymq.server.config;

import io.ferrymq.transport.TlsClientAuth;
import io.ferrymq.transport.TlsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The key material and trust of every TLS listener ({@code listeners.*Tls}). Nothing is configured by default, so
 * no TLS listener runs until a certificate chain and private key (PEM) or a key store (PKCS#12) is named. The files
 * are read when the listeners start; their relative paths resolve against the configuration file's directory.
 *
 * @param certificateChain PEM server certificate followed by its intermediates
 * @param privateKey PEM PKCS#8 private key of that certificate
 * @param keyStore PKCS#12 file with the key and certificate chain (instead of the two PEM files)
 * @param keyPassword password of the key store or of an encrypted private key
 * @param trustStore CA certificates that sign client certificates (PEM, or PKCS#12 when named *.p12 / *.pfx)
 * @param trustStorePassword password of a PKCS#12 trust store
 * @param protocols the TLS versions offered: TLSv1.3 and/or TLSv1.2
 * @param subjectField how a client certificate names its user: DN (the whole subject) or one attribute such as CN
 * @param reloadInterval how often the files are checked for changes; 0 never
 */
public record TlsConfig(
        Optional<Path> certificateChain,
        Optional<Path> privateKey,
        Optional<Path> keyStore,
        Optional<String> keyPassword,
        Optional<Path> trustStore,
        Optional<String> trustStorePassword,
        List<String> protocols,
        String subjectField,
        Duration reloadInterval) {

    public static final List<String> DEFAULT_PROTOCOLS = TlsOptions.DEFAULT_PROTOCOLS;
    public static final String DEFAULT_SUBJECT_FIELD = TlsOptions.SUBJECT_DN;
    public static final Duration DEFAULT_RELOAD_INTERVAL = TlsOptions.DEFAULT_RELOAD_INTERVAL;

    public static final TlsConfig DEFAULTS = new TlsConfig(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_PROTOCOLS, DEFAULT_SUBJECT_FIELD,
            DEFAULT_RELOAD_INTERVAL);

    /**
     * @throws IllegalArgumentException for inconsistent key material or an unsupported TLS version
     */
    public TlsConfig {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyPassword, "keyPassword");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(subjectField, "subjectField");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (protocols.isEmpty() || !TlsOptions.SUPPORTED_PROTOCOLS.containsAll(protocols)) {
            throw new IllegalArgumentException("tls.protocols " + protocols + ": only "
                    + TlsOptions.SUPPORTED_PROTOCOLS + " are supported");
        }
        if (certificateChain.isPresent() || privateKey.isPresent() || keyStore.isPresent()) {
            // checks that the key material is complete and not given twice (the fields are not assigned yet)
            new TlsOptions(certificateChain.orElse(null), privateKey.orElse(null), keyStore.orElse(null), null, null,
                    null, TlsClientAuth.NONE, protocols, subjectField, reloadInterval);
        }
    }

    /** Whether key material is configured, which turns the TLS listeners on. */
    public boolean configured() {
        return certificateChain.isPresent() || keyStore.isPresent();
    }

    /**
     * The transport's options for one listener.
     *
     * @throws IllegalArgumentException if nothing is configured, or {@code clientAuth} needs a trust store
     */
    public TlsOptions options(TlsClientAuth clientAuth) {
        return new TlsOptions(certificateChain.orElse(null), privateKey.orElse(null), keyStore.orElse(null),
                keyPassword.orElse(null), trustStore.orElse(null), trustStorePassword.orElse(null), clientAuth,
                protocols, subjectField, reloadInterval);
    }

    @Override
    public String toString() {
        return "TlsConfig[certificateChain=" + certificateChain + ", privateKey=" + privateKey + ", keyStore="
                + keyStore + ", trustStore=" + trustStore + ", protocols=" + protocols + ", subjectField="
                + subjectField + ", reloadInterval=" + reloadInterval + "]"; // no passwords
    }
}
