package io.ferrymq.server.config;

import java.util.List;

/**
 * The built-in guest user (RabbitMQ's convention).
 *
 * @param enabled whether the guest user exists
 * @param password its password, in plain text (a well-known default, not a secret); hidden by {@link #toString()}
 * @param loopbackOnly accept guest logins only from the loopback interface
 * @param roles its roles
 */
public record GuestConfig(boolean enabled, String password, boolean loopbackOnly, List<String> roles) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final String DEFAULT_PASSWORD = "guest";
    public static final boolean DEFAULT_LOOPBACK_ONLY = true;
    public static final List<String> DEFAULT_ROLES = List.of("guest");

    public static final GuestConfig DEFAULTS =
            new GuestConfig(DEFAULT_ENABLED, DEFAULT_PASSWORD, DEFAULT_LOOPBACK_ONLY, DEFAULT_ROLES);

    public GuestConfig {
        ValueTypes.STRING.require("password", password);
        roles = ValueTypes.NAMES.require("roles", List.copyOf(roles));
    }

    @Override
    public String toString() {
        return "GuestConfig[enabled=" + enabled + ", password=***, loopbackOnly=" + loopbackOnly
                + ", roles=" + roles + "]";
    }
}
