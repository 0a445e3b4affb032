package io.ferrymq.addressing.security;

import java.util.Locale;

/**
 * What a role may do on the addresses matching a permission entry (Artemis's security-settings permission types).
 */
public enum Permission {
    SEND,
    CONSUME,
    BROWSE,
    CREATE_ADDRESS,
    DELETE_ADDRESS,
    CREATE_DURABLE_QUEUE,
    DELETE_DURABLE_QUEUE,
    CREATE_NON_DURABLE_QUEUE,
    DELETE_NON_DURABLE_QUEUE,
    MANAGE;

    /** The camelCase name used in configuration files ({@code createDurableQueue}). */
    public String configName() {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : name().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    /** The permission with that configuration name, or null. */
    public static Permission fromConfigName(String name) {
        for (Permission p : values()) {
            if (p.configName().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
