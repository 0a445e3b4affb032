package io.ferrymq.addressing.security;

import java.util.Objects;
import java.util.Set;

/**
 * A configured user.
 *
 * @param name the user name (or the subject of a client certificate)
 * @param passwordHash a {@link PasswordHashes} string, or null for a user that may only authenticate by
 *     certificate
 * @param roles the roles the user has
 */
public record User(String name, String passwordHash, Set<String> roles) {
    public User {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }
}
