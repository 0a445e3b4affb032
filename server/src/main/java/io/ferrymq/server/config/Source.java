package io.ferrymq.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * Where settings come from: a configuration file (with lines), an environment variable or the command line.
 *
 * @param name how errors name it: the file path, {@code environment FERRY_X} or {@code command line}
 * @param document the parsed file, for line numbers; null when lines mean nothing (env, command line)
 * @param baseDir the directory relative paths such as {@code security.usersFile} resolve against; null to keep them
 *     relative to the working directory
 */
record Source(String name, YamlDocument document, Path baseDir) {

    /** A source without lines or base directory. */
    static Source named(String name) {
        return new Source(name, null, null);
    }

    /** The line of {@code key} in {@code container}, or 0. */
    int lineOf(JsonNode container, String key) {
        return document == null ? 0 : document.lineOf(container, key);
    }

    /** The site of the root of this source. */
    Site root() {
        return new Site(this, "", 0);
    }
}
