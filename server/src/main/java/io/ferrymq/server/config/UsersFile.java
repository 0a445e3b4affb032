package io.ferrymq.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the users file named by {@code security.usersFile}:
 *
 * <pre>
 * users:
 *   alice:
 *     password: "pbkdf2-sha256:310000:&lt;base64 salt&gt;:&lt;base64 hash&gt;"   # from: ferry hash-password
 *     roles: [admin]
 * </pre>
 *
 * <p>Passwords are stored only as hashes; a plain-text password is rejected with a message telling the operator to
 * run {@code ferry hash-password}. Stateless and thread safe.
 */
public final class UsersFile {

    private static final Set<String> ROOT_KEYS = Set.of("users");
    private static final List<String> USER_KEYS = List.of("password", "roles");

    private UsersFile() {}

    /**
     * Loads and validates a users file.
     *
     * @return user name -> entry, in file order; empty for an empty file
     * @throws ConfigException naming the file, line, user and key when the file is missing or invalid
     */
    public static Map<String, UserEntry> load(Path file) {
        YamlDocument doc = YamlDocument.read(file);
        Source source = new Source(file.toString(), doc, null);
        JsonNode root = doc.root();
        if (root.isNull()) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new ConfigException(source.name(), 1, null,
                    "expected a mapping with the key 'users' at the top of the file, got " + Site.describe(root));
        }
        Site rootSite = source.root();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!ROOT_KEYS.contains(name)) {
                throw rootSite.field(root, name).unknownKey(ROOT_KEYS);
            }
        }
        Site usersSite = rootSite.field(root, "users");
        JsonNode users = usersSite.mapping(root.get("users"), "a mapping of user name -> {password, roles}");
        Map<String, UserEntry> result = new LinkedHashMap<>();
        for (Iterator<String> it = users.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            result.put(name, user(name, users, usersSite));
        }
        return Collections.unmodifiableMap(result);
    }

    private static UserEntry user(String name, JsonNode users, Site usersSite) {
        Site userSite = usersSite.field(users, name);
        if (name.isBlank()) {
            throw userSite.error("empty user name");
        }
        JsonNode user = userSite.mapping(users.get(name), "a mapping with password and roles");
        for (Iterator<String> it = user.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!USER_KEYS.contains(key)) {
                throw userSite.field(user, key).unknownKey(USER_KEYS);
            }
        }
        if (!user.has("password")) {
            throw userSite.error("user '" + name + "' has no password (run 'ferry hash-password' to make one)");
        }
        Site passwordSite = userSite.field(user, "password");
        String hash = passwordSite.scalar(user.get("password"), "a password hash");
        String problem = UserEntry.hashProblem(hash);
        if (problem != null) {
            // never echo the value: it may be a real password
            throw passwordSite.error("bad password of user '" + name + "' in '" + passwordSite.path() + "': " + problem);
        }
        List<String> roles = user.has("roles")
                ? ValueTypes.NAMES.read(user.get("roles"), userSite.field(user, "roles"))
                : List.of();
        return new UserEntry(name, hash, roles);
    }
}
