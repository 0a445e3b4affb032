package io.ferrymq.transport;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's current {@link SslContext}, rebuilt when its files change: {@link #reloadIfChanged()} compares each
 * file's modification time and size with those the current context was built from, and swaps in a new context when
 * one differs and the files load. New connections then use the new key material; open connections keep the context
 * they were accepted with, so nothing is dropped. A change that does not load (a certificate written before its key,
 * a typo) keeps the current context, is logged (FT3003) and retried at the next check.
 *
 * <p>{@link #current()} is called on event loops, {@link #reloadIfChanged()} on one scheduler thread (it blocks on
 * file I/O). Thread safe.
 */
public final class ReloadingTlsContext {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTlsContext.class);

    private final String listenerName;
    private final TlsOptions options;
    private volatile SslContext current;
    private volatile List<Stamp> stamps;

    /** A file's identity for change detection; a missing file has stamp (-1, -1). */
    private record Stamp(long modified, long size) {}

    /**
     * Loads the context now.
     *
     * @throws TlsConfigurationException naming the file that cannot be used
     */
    public ReloadingTlsContext(String listenerName, TlsOptions options) {
        this.listenerName = Objects.requireNonNull(listenerName, "listenerName");
        this.options = Objects.requireNonNull(options, "options");
        List<Stamp> before = stamps();
        this.current = TlsContextLoader.load(options);
        this.stamps = before;
    }

    /** The context for a new connection. Any thread. */
    public SslContext current() {
        return current;
    }

    /** The options the context is built from. */
    public TlsOptions options() {
        return options;
    }

    /**
     * Rebuilds the context if a file changed since the current one was loaded.
     *
     * @return whether a new context is now in use
     */
    public boolean reloadIfChanged() {
        List<Stamp> now = stamps();
        if (now.equals(stamps)) {
            return false;
        }
        SslContext reloaded;
        try {
            reloaded = TlsContextLoader.load(options);
        } catch (TlsConfigurationException e) {
            LOG.error("FT3003 Listener '{}': changed TLS files not loaded, keeping the current ones: {}",
                    listenerName, e.getMessage());
            return false;
        }
        current = reloaded;
        stamps = now;
        LOG.info("FT1006 Listener '{}': TLS key material reloaded from {}", listenerName, options.files());
        return true;
    }

    private List<Stamp> stamps() {
        List<Stamp> out = new ArrayList<>();
        for (Path file : options.files()) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                out.add(new Stamp(a.lastModifiedTime().toMillis(), a.size()));
            } catch (IOException e) {
                out.add(new Stamp(-1, -1));
            }
        }
        return List.copyOf(out);
    }
}
