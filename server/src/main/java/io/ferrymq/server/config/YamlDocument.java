package io.ferrymq.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One YAML document read into a Jackson tree, remembering the line of every key and list element so that errors
 * can point at it. Every scalar is kept as its text ({@code TextNode}) and converted later by the key's type, so a
 * value reads the same from the file, an environment variable or the command line. Duplicate keys are rejected.
 * Immutable once read; not shared between threads.
 */
final class YamlDocument {

    /** An empty value ({@code key:}) reads as null, like {@code ~}; the builder does not enable it by default. */
    private static final YAMLFactory YAML =
            YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final Map<JsonNode, Map<String, Integer>> lines = new IdentityHashMap<>();

    private YamlDocument(JsonParser parser, String sourceName) throws IOException {
        JsonToken first = parser.nextToken();
        this.root = first == null ? NullNode.getInstance() : value(parser, sourceName);
        if (parser.nextToken() != null) {
            throw new ConfigException(sourceName, line(parser.currentTokenLocation()), null,
                    "more than one YAML document; a configuration holds exactly one");
        }
    }

    /** Reads a file; a missing or unreadable file or a syntax error is a {@link ConfigException} naming it. */
    static YamlDocument read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, null, "file not found", e);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, null, "cannot read the file: " + e, e);
        }
        return parse(text, file.toString());
    }

    /** Parses YAML text (a whole file or a flow value such as {@code {"#": {maxDeliveryAttempts: 3}}}). */
    static YamlDocument parse(String text, String sourceName) {
        try (JsonParser parser = YAML.createParser(text)) {
            return new YamlDocument(parser, sourceName);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName, line(e.getLocation()), null,
                    "invalid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(sourceName, 0, null, "invalid YAML: " + e, e);
        }
    }

    /** The document's root: an {@code ObjectNode}, an {@code ArrayNode}, a {@code TextNode} or {@code NullNode}. */
    JsonNode root() {
        return root;
    }

    /** The 1-based line of {@code key} (a field name or list index) in {@code container}, or 0 if unknown. */
    int lineOf(JsonNode container, String key) {
        Map<String, Integer> m = lines.get(container);
        Integer line = m == null ? null : m.get(key);
        return line == null ? 0 : line;
    }

    private JsonNode value(JsonParser p, String sourceName) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT: {
                ObjectNode node = NODES.objectNode();
                Map<String, Integer> keyLines = new HashMap<>();
                lines.put(node, keyLines);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int line = line(p.currentTokenLocation());
                    if (node.has(name)) {
                        throw new ConfigException(sourceName, line, null, "duplicate key '" + name + "'");
                    }
                    keyLines.put(name, line);
                    p.nextToken();
                    node.set(name, value(p, sourceName));
                }
                return node;
            }
            case START_ARRAY: {
                ArrayNode node = NODES.arrayNode();
                Map<String, Integer> elementLines = new HashMap<>();
                lines.put(node, elementLines);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    elementLines.put(Integer.toString(node.size()), line(p.currentTokenLocation()));
                    node.add(value(p, sourceName));
                }
                return node;
            }
            case VALUE_NULL:
                return NullNode.getInstance();
            default:
                return NODES.textNode(p.getText());
        }
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(0, location.getLineNr());
    }
}
