package io.ferrymq.server.cli;

import io.ferrymq.server.config.UserEntry;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Makes the password hashes of the users file:
 * {@code pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>}, PBKDF2 with HMAC-SHA256 from the JDK, a 16-byte
 * random salt and a 32-byte key. The engine verifies the same format. Stateless and thread safe.
 */
public final class PasswordHasher {

    /** OWASP's recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 310_000;
    /** Bytes of random salt. */
    public static final int SALT_BYTES = 16;
    /** Bytes of derived key. */
    public static final int HASH_BYTES = 32;
    /** The JCA algorithm. */
    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {}

    /** Hashes {@code password} with a new random salt and {@link #DEFAULT_ITERATIONS}. */
    public static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return hash(password, salt, DEFAULT_ITERATIONS);
    }

    /** Hashes {@code password} with the given salt and work factor (deterministic; for tests). */
    public static String hash(char[] password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            byte[] key = SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return UserEntry.HASH_PREFIX + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
