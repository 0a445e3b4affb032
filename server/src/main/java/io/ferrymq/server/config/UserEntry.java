package io.ferrymq.server.config;

import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A user from the users file.
 *
 * @param name the user name
 * @param passwordHash {@code pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>}, as {@code ferry hash-password}
 *     prints it and the engine verifies it
 * @param roles the user's roles
 */
public record UserEntry(String name, String passwordHash, List<String> roles) {

    /** The hash scheme, the first field of {@link #passwordHash()}. */
    public static final String HASH_SCHEME = "pbkdf2-sha256";

    /** What every accepted password hash starts with. */
    public static final String HASH_PREFIX = HASH_SCHEME + ":";

    public UserEntry {
        ValueTypes.STRING.require("name", name);
        String problem = hashProblem(Objects.requireNonNull(passwordHash, "passwordHash"));
        if (problem != null) {
            throw new IllegalArgumentException("passwordHash of " + name + ": " + problem);
        }
        roles = ValueTypes.NAMES.require("roles", List.copyOf(roles));
    }

    @Override
    public String toString() {
        return "UserEntry[name=" + name + ", passwordHash=" + HASH_PREFIX + "..., roles=" + roles + "]";
    }

    /**
     * What is wrong with a password hash, or null when it has the shape
     * {@code pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>}.
     */
    static String hashProblem(String hash) {
        if (!hash.startsWith(HASH_PREFIX)) {
            return "not a password hash (plain-text passwords are not accepted: run 'ferry hash-password' and "
                    + "paste its output)";
        }
        String[] parts = hash.split(":", -1);
        if (parts.length != 4) {
            return "expected " + HASH_SCHEME + ":<iterations>:<base64 salt>:<base64 hash>";
        }
        try {
            if (Integer.parseInt(parts[1]) < 1) {
                return "iterations must be positive";
            }
        } catch (NumberFormatException e) {
            return "iterations '" + parts[1] + "' is not a number";
        }
        try {
            if (Base64.getDecoder().decode(parts[2]).length == 0 || Base64.getDecoder().decode(parts[3]).length == 0) {
                return "empty salt or hash";
            }
        } catch (IllegalArgumentException e) {
            return "salt or hash is not base64";
        }
        return null;
    }
}
