package io.ferrymq.addressing.security;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Authentication and authorization settings of the engine.
 *
 * @param enabled false accepts every connection and allows everything (development only)
 * @param allowAnonymous connections without credentials authenticate as the guest user, when guest is enabled
 * @param guest the built-in guest user
 * @param users configured users with hashed passwords
 * @param permissions address pattern -> permission -> roles allowed; the most specific matching pattern decides
 */
public record SecurityOptions(
        boolean enabled,
        boolean allowAnonymous,
        GuestOptions guest,
        List<User> users,
        Map<String, Map<Permission, Set<String>>> permissions) {

    /** Every permission on every address for the roles {@code admin} and {@code guest}; manage for admin only. */
    public static final Map<String, Map<Permission, Set<String>>> DEFAULT_PERMISSIONS = defaultPermissions();

    public static final SecurityOptions DEFAULTS =
            new SecurityOptions(true, true, GuestOptions.DEFAULTS, List.of(), DEFAULT_PERMISSIONS);

    /** Security off: everything allowed. */
    public static final SecurityOptions DISABLED =
            new SecurityOptions(false, true, GuestOptions.DEFAULTS, List.of(), DEFAULT_PERMISSIONS);

    public SecurityOptions {
        users = List.copyOf(users);
        Map<String, Map<Permission, Set<String>>> copy = new LinkedHashMap<>();
        permissions.forEach((k, v) -> {
            Map<Permission, Set<String>> inner = new EnumMap<>(Permission.class);
            v.forEach((p, roles) -> inner.put(p, Set.copyOf(roles)));
            copy.put(k, Map.copyOf(inner));
        });
        permissions = Map.copyOf(copy);
    }

    private static Map<String, Map<Permission, Set<String>>> defaultPermissions() {
        Map<Permission, Set<String>> all = new EnumMap<>(Permission.class);
        for (Permission p : Permission.values()) {
            all.put(p, p == Permission.MANAGE ? Set.of("admin") : Set.of("admin", "guest"));
        }
        return Map.of("#", Map.copyOf(all));
    }
}
