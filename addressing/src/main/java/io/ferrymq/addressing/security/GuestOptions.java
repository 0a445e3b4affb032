package io.ferrymq.addressing.security;

import java.util.Set;

/**
 * The built-in guest user (RabbitMQ's convention): enabled by default, password {@code guest}, allowed only from
 * the loopback interface unless configured otherwise.
 *
 * @param enabled whether the guest user exists
 * @param password its password (plain text: it is a well-known default, not a secret)
 * @param loopbackOnly refuse guest connections from other hosts
 * @param roles its roles
 */
public record GuestOptions(boolean enabled, String password, boolean loopbackOnly, Set<String> roles) {

    public static final String NAME = "guest";
    public static final GuestOptions DEFAULTS = new GuestOptions(true, "guest", true, Set.of("guest"));

    public GuestOptions {
        roles = Set.copyOf(roles);
    }
}
