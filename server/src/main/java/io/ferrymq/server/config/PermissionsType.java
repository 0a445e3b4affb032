package io.ferrymq.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferrymq.addressing.security.Permission;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code security.permissions} map: address pattern -> permission name -> roles. As text it takes a YAML flow
 * mapping such as {@code {"#": {send: [app], consume: [app]}}}.
 */
final class PermissionsType extends ValueType<Map<String, Map<Permission, List<String>>>> {

    private static final List<String> NAMES = Arrays.stream(Permission.values()).map(Permission::configName).toList();

    PermissionsType() {
        super("a mapping of address pattern -> permission -> roles, such as {\"#\": {send: [app], consume: [app]}}");
    }

    @Override
    Map<String, Map<Permission, List<String>>> parse(String text) {
        throw new UnsupportedOperationException("read through readText");
    }

    @Override
    Map<String, Map<Permission, List<String>>> readText(String text, Site site) {
        return read(YamlDocument.parse(text, site.source().name()).root(), site);
    }

    @Override
    Map<String, Map<Permission, List<String>>> read(JsonNode node, Site site) {
        if (node == null || node.isNull()) {
            throw site.error("no value for '" + site.path() + "' (expected " + expected() + ")");
        }
        JsonNode map = site.mapping(node, expected());
        Map<String, Map<Permission, List<String>>> result = new LinkedHashMap<>();
        for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
            String pattern = it.next();
            Site entrySite = site.entry(map, pattern);
            ValueTypes.requirePattern(pattern, entrySite);
            JsonNode entry = entrySite.mapping(map.get(pattern), "a mapping of permission -> roles");
            Map<Permission, List<String>> perms = new EnumMap<>(Permission.class);
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                Site permSite = entrySite.field(entry, name);
                Permission permission = Optional.ofNullable(Permission.fromConfigName(name))
                        .orElseThrow(() -> permSite.error(
                                "unknown permission '" + permSite.path() + "' (known: " + String.join(", ", NAMES) + ")"));
                perms.put(permission, ValueTypes.NAMES.read(entry.get(name), permSite));
            }
            result.put(pattern, Collections.unmodifiableMap(perms));
        }
        return Collections.unmodifiableMap(result);
    }
}
