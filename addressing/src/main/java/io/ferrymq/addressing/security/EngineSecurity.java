package io.ferrymq.addressing.security;

import io.ferrymq.addressing.address.AddressPattern;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.EngineException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and authorization at the engine seam. Thread safe.
 *
 * <p>Authentication checks the user's salted hash (slow by design), so it runs off network threads; successful
 * verifications are remembered as a SHA-256 fingerprint so reconnect storms do not pay the hash each time.
 * Authorization resolves the most specific permission pattern that matches the address and checks the user's
 * roles against it; results are cached.
 */
public final class EngineSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSecurity.class);
    private static final int MAX_CACHED = 50_000;

    private final SecurityOptions options;
    private final Map<String, User> users = new HashMap<>();
    private final List<Map.Entry<AddressPattern, Map<Permission, Set<String>>>> permissions;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final Map<AuthzKey, Boolean> decisions = new ConcurrentHashMap<>();

    public EngineSecurity(SecurityOptions options) {
        this.options = options;
        for (User u : options.users()) {
            users.put(u.name(), u);
        }
        List<Map.Entry<AddressPattern, Map<Permission, Set<String>>>> list = new ArrayList<>();
        options.permissions().forEach((k, v) -> list.add(Map.entry(AddressPattern.of(k), v)));
        list.sort(Map.Entry.comparingByKey(AddressPattern.SPECIFICITY));
        this.permissions = List.copyOf(list);
    }

    public boolean enabled() {
        return options.enabled();
    }

    /**
     * Authenticates a connection request. May take tens of milliseconds; never call it on an event loop.
     *
     * @throws EngineException of kind AUTHENTICATION_FAILED
     */
    public Principal authenticate(ConnectRequest request) {
        String username = request.username();
        char[] password = request.password();
        if (!options.enabled()) {
            return new Principal(username != null ? username : GuestOptions.NAME, Set.of());
        }
        if (username == null && request.certificateSubject() != null) {
            User byCertificate = users.get(request.certificateSubject());
            if (byCertificate != null) {
                return new Principal(byCertificate.name(), byCertificate.roles());
            }
            throw denied(request, "no user for certificate subject");
        }
        GuestOptions guest = options.guest();
        if (username == null || username.isEmpty()) {
            if (!options.allowAnonymous() || !guest.enabled()) {
                throw denied(request, "anonymous connections are not allowed");
            }
            return guest(request);
        }
        User user = users.get(username);
        if (user != null) {
            if (password == null || user.passwordHash() == null || !verify(user, password)) {
                throw denied(request, "bad credentials");
            }
            return new Principal(user.name(), user.roles());
        }
        if (GuestOptions.NAME.equals(username) && guest.enabled()) {
            if (password == null || !guest.password().equals(new String(password))) {
                throw denied(request, "bad credentials");
            }
            return guest(request);
        }
        throw denied(request, "unknown user");
    }

    private Principal guest(ConnectRequest request) {
        GuestOptions guest = options.guest();
        if (guest.loopbackOnly() && !isLoopback(request.remoteAddress())) {
            throw denied(request, "guest may only connect from loopback");
        }
        return new Principal(GuestOptions.NAME, guest.roles());
    }

    private boolean verify(User user, char[] password) {
        byte[] fingerprint = PasswordHashes.fingerprint(password, user.passwordHash());
        byte[] known = verified.get(user.name());
        if (known != null && MessageDigest.isEqual(known, fingerprint)) {
            return true;
        }
        if (PasswordHashes.verify(password, user.passwordHash())) {
            verified.put(user.name(), fingerprint);
            return true;
        }
        return false;
    }

    private static EngineException denied(ConnectRequest request, String why) {
        LOG.warn(
                "FE2001 authentication failed protocol={} user={} remote={}: {}",
                request.protocol(),
                request.username(),
                request.remoteAddress(),
                why);
        return new EngineException(EngineException.Kind.AUTHENTICATION_FAILED, "authentication failed: " + why);
    }

    static boolean isLoopback(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null && inet.getAddress().isLoopbackAddress();
        }
        // in-VM and embedded-channel connections have no network peer
        return true;
    }

    /** Whether {@code principal} may do {@code permission} on {@code address}. */
    public boolean isAllowed(Principal principal, Permission permission, String address) {
        if (!options.enabled()) {
            return true;
        }
        AuthzKey key = new AuthzKey(principal.roles(), permission, address);
        Boolean cached = decisions.get(key);
        if (cached != null) {
            return cached;
        }
        boolean allowed = decide(principal.roles(), permission, address);
        if (decisions.size() >= MAX_CACHED) {
            decisions.clear();
        }
        decisions.put(key, allowed);
        return allowed;
    }

    /**
     * Checks a permission.
     *
     * @throws EngineException of kind NOT_AUTHORIZED, after a log line
     */
    public void authorize(Principal principal, Permission permission, String address) {
        if (!isAllowed(principal, permission, address)) {
            LOG.warn(
                    "FE2002 not authorized user={} roles={} permission={} address={}",
                    principal.user(),
                    principal.roles(),
                    permission.configName(),
                    address);
            throw new EngineException(
                    EngineException.Kind.NOT_AUTHORIZED,
                    "user " + principal.user() + " may not " + permission.configName() + " on " + address);
        }
    }

    private boolean decide(Set<String> roles, Permission permission, String address) {
        for (Map.Entry<AddressPattern, Map<Permission, Set<String>>> e : permissions) {
            if (e.getKey().matches(address)) {
                Set<String> allowed = e.getValue().getOrDefault(permission, Set.of());
                for (String role : roles) {
                    if (allowed.contains(role)) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    private record AuthzKey(Set<String> roles, Permission permission, String address) {}
}
