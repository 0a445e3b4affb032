package io.ferrymq.transport.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.RFC4519Style;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests, generated at run time (nothing secret is committed): a CA that
 * signs a server certificate for {@code localhost}/{@code 127.0.0.1} and client certificates, written as PEM files
 * (certificate chains, PKCS#8 keys) and PKCS#12 stores into a directory the test owns. RSA 2048 keys, valid from an
 * hour ago for a day. Not thread safe.
 */
public final class TestCertificates {

    /** The password of every PKCS#12 file written here. */
    public static final String PASSWORD = "changeit";

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final String caName;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    /** One signed certificate and its key. */
    public record Issued(KeyPair keys, X509Certificate certificate, X509Certificate ca) {}

    private TestCertificates(Path dir, String caName) throws GeneralSecurityException {
        this.dir = dir;
        this.caName = caName;
        this.caKeys = rsa();
        X500Name name = name("CN=" + caName + ",O=FerryMQ tests");
        X509v3CertificateBuilder builder = builder(name, name, caKeys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        this.caCertificate = sign(builder, caKeys.getPrivate());
    }

    /** A new CA writing its files into {@code dir}. */
    public static TestCertificates create(Path dir, String caName) {
        try {
            Files.createDirectories(dir);
            return new TestCertificates(dir, caName);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create a test CA", e);
        }
    }

    /** The CA's certificate. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** Writes the CA certificate as PEM ({@code <caName>-ca.pem}): a trust store for either side. */
    public Path caPem() {
        return writePem(dir.resolve(caName + "-ca.pem"), pem("CERTIFICATE", encoded(caCertificate)));
    }

    /** Writes the CA certificate as a PKCS#12 trust store ({@code <caName>-ca.p12}, {@link #PASSWORD}). */
    public Path caPkcs12() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", caCertificate);
            return store(store, dir.resolve(caName + "-ca.p12"));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server certificate for {@code localhost} and {@code 127.0.0.1}. */
    public Issued server(String commonName) {
        return issue("CN=" + commonName + ",O=FerryMQ tests", true);
    }

    /** A client certificate with this subject DN, such as {@code CN=device-1,OU=sensors,O=Acme}. */
    public Issued client(String subjectDn) {
        return issue(subjectDn, false);
    }

    /** Writes the certificate chain (certificate then CA) as PEM to {@code <name>.crt.pem}. */
    public Path chainPem(Issued issued, String name) {
        return writePem(dir.resolve(name + ".crt.pem"),
                pem("CERTIFICATE", encoded(issued.certificate())) + pem("CERTIFICATE", encoded(issued.ca())));
    }

    /** Writes the private key as unencrypted PKCS#8 PEM to {@code <name>.key.pem}. */
    public Path keyPem(Issued issued, String name) {
        return writePem(dir.resolve(name + ".key.pem"), pem("PRIVATE KEY", issued.keys().getPrivate().getEncoded()));
    }

    /** Writes key and chain as PKCS#12 ({@code <name>.p12}, {@link #PASSWORD}). */
    public Path pkcs12(Issued issued, String name) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", issued.keys().getPrivate(), PASSWORD.toCharArray(),
                    new Certificate[] {issued.certificate(), issued.ca()});
            return store(store, dir.resolve(name + ".p12"));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client {@link SSLContext} trusting this CA, with {@code clientCertificate} as its key material if not null.
     */
    public SSLContext clientContext(Issued clientCertificate, String protocol) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", caCertificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientCertificate != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("key", clientCertificate.keys().getPrivate(), PASSWORD.toCharArray(),
                        new Certificate[] {clientCertificate.certificate(), clientCertificate.ca()});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Issued issue(String subjectDn, boolean server) {
        try {
            KeyPair keys = rsa();
            X509v3CertificateBuilder builder = builder(
                    X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()), name(subjectDn), keys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            return new Issued(keys, sign(builder, caKeys.getPrivate()), caCertificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue " + subjectDn, e);
        }
    }

    /** A DN written most specific first, as RFC 4514 and Java's {@code getName()} print it. */
    private static X500Name name(String dn) {
        return new X500Name(RFC4519Style.INSTANCE, dn);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Path writePem(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path store(KeyStore store, Path file) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }
}
