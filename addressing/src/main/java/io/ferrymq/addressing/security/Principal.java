package io.ferrymq.addressing.security;

import java.util.Set;

/**
 * An authenticated identity.
 *
 * @param user the user name
 * @param roles its roles
 */
public record Principal(String user, Set<String> roles) {
    public Principal {
        roles = Set.copyOf(roles);
    }
}
