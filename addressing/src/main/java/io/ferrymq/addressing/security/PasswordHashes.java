package io.ferrymq.addressing.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes: {@code pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>} (PBKDF2 with
 * HMAC-SHA256 from the JDK, 16-byte random salt, 32-byte key). Stateless and thread safe.
 */
public final class PasswordHashes {

    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 310_000;

    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashes() {}

    /** Hashes {@code password} with a new salt. */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /** Hashes {@code password} with a new salt and the given work factor. */
    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] key = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(key);
    }

    /** Whether {@code hash} has the shape this class writes. */
    public static boolean isValidHash(String hash) {
        try {
            parse(hash);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code password} matches {@code hash}; compares in constant time. */
    public static boolean verify(char[] password, String hash) {
        Parsed p = parse(hash);
        byte[] key = derive(password, p.salt, p.iterations);
        return MessageDigest.isEqual(key, p.key);
    }

    /** A fast digest of a password, to remember successful verifications without keeping the password. */
    static byte[] fingerprint(char[] password, String hash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(hash.getBytes(StandardCharsets.UTF_8));
            sha.update(new String(password).getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(spec)
                        .getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] key) {}

    private static Parsed parse(String hash) {
        if (hash == null) {
            throw new IllegalArgumentException("no hash");
        }
        String[] parts = hash.split(":");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException("expected " + SCHEME + ":<iterations>:<salt>:<hash>");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be positive");
            }
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] salt = b64.decode(parts[2]);
            byte[] key = b64.decode(parts[3]);
            if (salt.length == 0 || key.length == 0) {
                throw new IllegalArgumentException("empty salt or hash");
            }
            return new Parsed(iterations, salt, key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations is not a number", e);
        }
    }
}
