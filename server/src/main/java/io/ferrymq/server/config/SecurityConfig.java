package io.ferrymq.server.config;

import io.ferrymq.addressing.security.Permission;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authentication and authorization.
 *
 * @param enabled false accepts every connection and allows everything (development only)
 * @param usersFile the users file ({@link UsersFile}); a relative path in the configuration file resolves against
 *     that file's directory
 * @param allowAnonymous connections without credentials log in as the guest user, when the guest is enabled
 * @param guest the built-in guest user
 * @param permissions address pattern -> permission -> roles allowed; when present it replaces the built-in default
 *     map (every permission for {@code admin} and {@code guest} on {@code #}, {@code manage} for {@code admin} only).
 *     Iteration order is the configured order.
 */
public record SecurityConfig(
        boolean enabled,
        Optional<Path> usersFile,
        boolean allowAnonymous,
        GuestConfig guest,
        Optional<Map<String, Map<Permission, List<String>>>> permissions) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final boolean DEFAULT_ALLOW_ANONYMOUS = true;

    public static final SecurityConfig DEFAULTS = new SecurityConfig(
            DEFAULT_ENABLED, Optional.empty(), DEFAULT_ALLOW_ANONYMOUS, GuestConfig.DEFAULTS, Optional.empty());

    public SecurityConfig {
        Objects.requireNonNull(usersFile, "usersFile");
        Objects.requireNonNull(guest, "guest");
        permissions = Objects.requireNonNull(permissions, "permissions").map(SecurityConfig::copy);
    }

    private static Map<String, Map<Permission, List<String>>> copy(Map<String, Map<Permission, List<String>>> in) {
        Map<String, Map<Permission, List<String>>> out = new LinkedHashMap<>();
        in.forEach((pattern, perms) -> {
            Map<Permission, List<String>> inner = new EnumMap<>(Permission.class);
            perms.forEach((p, roles) -> inner.put(Objects.requireNonNull(p), List.copyOf(roles)));
            out.put(Objects.requireNonNull(pattern), Collections.unmodifiableMap(inner));
        });
        return Collections.unmodifiableMap(out);
    }
}
