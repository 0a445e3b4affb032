package io.ferrymq.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The TLS of one listener: its key material, whom it trusts for client certificates, the protocol versions and how
 * a client certificate names its user. Validated on construction; immutable. The files are read by
 * {@link TlsContextLoader}, at start and again by {@link ReloadingTlsContext} when they change.
 *
 * <p>The key material is either a PEM pair ({@code certificateChain} and {@code privateKey}, PKCS#8) or a PKCS#12
 * {@code keyStore}, never both. A trust store is needed when client certificates are asked for; it is a PKCS#12
 * file when its name ends with {@code .p12}, {@code .pfx} or {@code .pkcs12}, else a PEM file of CA certificates.
 *
 * @param certificateChain   PEM file of the server certificate followed by its intermediates, or null
 * @param privateKey         PEM file of the server's PKCS#8 private key ({@code BEGIN PRIVATE KEY}, or {@code BEGIN
 *                           ENCRYPTED PRIVATE KEY} with {@code keyPassword}), or null
 * @param keyStore           PKCS#12 file of the server key and certificate chain, or null
 * @param keyPassword        the password of the PKCS#12 key store or of an encrypted PEM key, or null for none
 * @param trustStore         the CA certificates that sign client certificates (PEM or PKCS#12), or null
 * @param trustStorePassword the password of a PKCS#12 trust store, or null
 * @param clientAuth         whether client certificates are asked for; not {@link TlsClientAuth#NONE} needs a trust
 *                           store
 * @param protocols          the TLS versions offered, a non-empty subset of {@link #SUPPORTED_PROTOCOLS}
 * @param subjectField       how a verified client certificate names its user ({@link TlsPeer#subject}):
 *                           {@value #SUBJECT_DN} for the whole subject DN in RFC 2253 form ({@code CN=device-1,O=Acme}),
 *                           or one attribute of the subject such as {@code CN}, {@code UID} or {@code OU}
 * @param reloadInterval     how often the files are checked for changes, {@link Duration#ZERO} for never; new
 *                           connections then use the new key material, open ones keep theirs
 */
public record TlsOptions(Path certificateChain, Path privateKey, Path keyStore, String keyPassword, Path trustStore,
        String trustStorePassword, TlsClientAuth clientAuth, List<String> protocols, String subjectField,
        Duration reloadInterval) {

    /** TLS 1.3 and 1.2: older versions are never offered. */
    public static final List<String> SUPPORTED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** The default {@link #protocols()}. */
    public static final List<String> DEFAULT_PROTOCOLS = SUPPORTED_PROTOCOLS;
    /** The {@link #subjectField()} that takes the whole subject DN. */
    public static final String SUBJECT_DN = "DN";
    /** The default {@link #reloadInterval()}. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);

    private static final Set<String> PKCS12_SUFFIXES = Set.of(".p12", ".pfx", ".pkcs12");

    /**
     * @throws IllegalArgumentException naming the first inconsistent option
     */
    public TlsOptions {
        boolean pem = certificateChain != null || privateKey != null;
        if (pem && keyStore != null) {
            throw new IllegalArgumentException("TLS: give either a PEM certificate chain and private key or a "
                    + "PKCS#12 key store, not both");
        }
        if (!pem && keyStore == null) {
            throw new IllegalArgumentException("TLS: no key material: give a PEM certificate chain and private key "
                    + "or a PKCS#12 key store");
        }
        if (pem && (certificateChain == null || privateKey == null)) {
            throw new IllegalArgumentException("TLS: a PEM " + (certificateChain == null ? "private key" : "certificate chain")
                    + " needs its " + (certificateChain == null ? "certificate chain" : "private key") + " too");
        }
        Objects.requireNonNull(clientAuth, "clientAuth");
        if (clientAuth != TlsClientAuth.NONE && trustStore == null) {
            throw new IllegalArgumentException("TLS: client authentication " + clientAuth
                    + " needs a trust store of the CA certificates that sign client certificates");
        }
        protocols = protocols == null || protocols.isEmpty() ? DEFAULT_PROTOCOLS : List.copyOf(protocols);
        for (String p : protocols) {
            if (!SUPPORTED_PROTOCOLS.contains(p)) {
                throw new IllegalArgumentException("TLS: protocol " + p + " is not supported (only "
                        + SUPPORTED_PROTOCOLS + ")");
            }
        }
        subjectField = subjectField == null || subjectField.isBlank() ? SUBJECT_DN : subjectField.trim();
        if (!subjectField.matches("[A-Za-z][A-Za-z0-9.-]*")) {
            throw new IllegalArgumentException("TLS: subject field '" + subjectField + "' is not DN or an attribute "
                    + "name such as CN");
        }
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (reloadInterval.isNegative()) {
            throw new IllegalArgumentException("TLS: negative reload interval " + reloadInterval);
        }
    }

    /** Key material from a PEM certificate chain and an unencrypted PKCS#8 PEM private key; defaults otherwise. */
    public static TlsOptions pem(Path certificateChain, Path privateKey) {
        return new TlsOptions(Objects.requireNonNull(certificateChain, "certificateChain"),
                Objects.requireNonNull(privateKey, "privateKey"), null, null, null, null, TlsClientAuth.NONE,
                DEFAULT_PROTOCOLS, SUBJECT_DN, DEFAULT_RELOAD_INTERVAL);
    }

    /** Key material from a PKCS#12 key store; defaults otherwise. */
    public static TlsOptions pkcs12(Path keyStore, String password) {
        return new TlsOptions(null, null, Objects.requireNonNull(keyStore, "keyStore"), password, null, null,
                TlsClientAuth.NONE, DEFAULT_PROTOCOLS, SUBJECT_DN, DEFAULT_RELOAD_INTERVAL);
    }

    /** These options with client certificates asked for and checked against {@code trustStore}. */
    public TlsOptions withClientAuth(TlsClientAuth auth, Path trustStore, String trustStorePassword) {
        return new TlsOptions(certificateChain, privateKey, keyStore, keyPassword, trustStore, trustStorePassword,
                auth, protocols, subjectField, reloadInterval);
    }

    /** These options with other TLS versions. */
    public TlsOptions withProtocols(List<String> versions) {
        return new TlsOptions(certificateChain, privateKey, keyStore, keyPassword, trustStore, trustStorePassword,
                clientAuth, versions, subjectField, reloadInterval);
    }

    /** These options naming the user by another subject field ({@value #SUBJECT_DN}, {@code CN}, ...). */
    public TlsOptions withSubjectField(String field) {
        return new TlsOptions(certificateChain, privateKey, keyStore, keyPassword, trustStore, trustStorePassword,
                clientAuth, protocols, field, reloadInterval);
    }

    /** These options with another reload interval ({@link Duration#ZERO}: never). */
    public TlsOptions withReloadInterval(Duration interval) {
        return new TlsOptions(certificateChain, privateKey, keyStore, keyPassword, trustStore, trustStorePassword,
                clientAuth, protocols, subjectField, interval);
    }

    /** The files the context is built from, for change detection: key material first, then the trust store. */
    public List<Path> files() {
        List<Path> files = new java.util.ArrayList<>();
        if (keyStore != null) {
            files.add(keyStore);
        } else {
            files.add(certificateChain);
            files.add(privateKey);
        }
        if (trustStore != null) {
            files.add(trustStore);
        }
        return List.copyOf(files);
    }

    /** Whether {@link #trustStore()} is read as PKCS#12 (by its file name) rather than PEM. */
    public boolean trustStoreIsPkcs12() {
        return trustStore != null && isPkcs12(trustStore);
    }

    static boolean isPkcs12(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return PKCS12_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    @Override
    public String toString() {
        // no passwords
        return "TlsOptions[" + (keyStore != null ? "keyStore=" + keyStore
                : "certificateChain=" + certificateChain + ", privateKey=" + privateKey)
                + (trustStore != null ? ", trustStore=" + trustStore : "") + ", clientAuth=" + clientAuth
                + ", protocols=" + protocols + ", subjectField=" + subjectField + ", reloadInterval="
                + reloadInterval + "]";
    }
}
