package io.ferrymq.transport;

import java.nio.file.Path;

/**
 * TLS key material or trust material cannot be used: the message names the file and what is wrong with it, for
 * the operator at start (and in the log when a reload fails).
 */
public final class TlsConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    TlsConfigurationException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file at fault, or null when the problem is not one file's. */
    public Path file() {
        return file;
    }
}
