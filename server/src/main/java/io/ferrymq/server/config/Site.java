package io.ferrymq.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collection;

/**
 * The place a value is read from: its source, its full key path ({@code listeners.mqtt.port},
 * {@code addressSettings["orders.#"].maxDeliveryAttempts}) and its line. Builds the errors that name all three.
 */
record Site(Source source, String path, int line) {

    /** The site of field {@code name} of the mapping {@code container}. */
    Site field(JsonNode container, String name) {
        return new Site(source, path.isEmpty() ? name : path + "." + name, source.lineOf(container, name));
    }

    /** The site of entry {@code key} of a map-valued setting (an address pattern, a user name). */
    Site entry(JsonNode container, String key) {
        return new Site(source, path + "[\"" + key + "\"]", source.lineOf(container, key));
    }

    /** The site of element {@code index} of the list {@code container}. */
    Site element(JsonNode container, int index) {
        int l = source.lineOf(container, Integer.toString(index));
        return new Site(source, path + "[" + index + "]", l > 0 ? l : line);
    }

    /** The text of a scalar node; a missing value, a mapping or a list is an error. */
    String scalar(JsonNode node, String expected) {
        if (node == null || node.isNull()) {
            throw error("no value for '" + path + "' (expected " + expected + ")");
        }
        if (node.isContainerNode()) {
            throw error("expected " + expected + " for '" + path + "', got a " + (node.isObject() ? "mapping" : "list"));
        }
        return node.asText();
    }

    /** Checks that {@code node} is a mapping; null counts as an empty mapping. */
    JsonNode mapping(JsonNode node, String expected) {
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw error("expected " + expected + " for '" + path + "', got " + describe(node));
        }
        return node;
    }

    /** An error about this site. */
    ConfigException error(String detail) {
        return new ConfigException(source.name(), line, path.isEmpty() ? null : path, detail);
    }

    /** {@code bad value 'x' for 'path' (reason)}. */
    ConfigException badValue(String value, String reason) {
        return error("bad value '" + value + "' for '" + path + "' (" + reason + ")");
    }

    /** {@code unknown key 'path' (known: a, b)}. */
    ConfigException unknownKey(Collection<String> known) {
        return error("unknown key '" + path + "' (known: " + String.join(", ", known) + ")");
    }

    static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "'" + node.asText() + "'";
    }
}
