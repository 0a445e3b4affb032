package io.ferrymq.addressing.address;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * An address or address pattern in the canonical syntax, split into words. Immutable.
 *
 * <p>{@link #SPECIFICITY} orders patterns from the most specific to the least, as address settings and
 * permissions are resolved: an exact name first, then patterns with more literal words, then with {@code *} before
 * {@code #}.
 */
public final class AddressPattern {

    /** The word separator. */
    public static final char DELIMITER = '.';
    /** Matches exactly one word. */
    public static final String ANY_WORD = "*";
    /** Matches any number of words, including none. */
    public static final String ANY_WORDS = "#";
    /** Separates the address from the queue in a fully qualified queue name. */
    public static final String FQQN_SEPARATOR = "::";

    /** Most specific first. */
    public static final Comparator<AddressPattern> SPECIFICITY = Comparator.comparing((AddressPattern p) -> p.isWildcard())
            .thenComparing(Comparator.comparingInt(AddressPattern::literalWords).reversed())
            .thenComparing(Comparator.comparingInt(AddressPattern::multiWordWildcards))
            .thenComparing(Comparator.comparingInt((AddressPattern p) -> p.words.length).reversed())
            .thenComparing(p -> p.text);

    private final String text;
    private final String[] words;
    private final boolean wildcard;

    private AddressPattern(String text) {
        this.text = text;
        this.words = split(text);
        boolean w = false;
        for (String word : words) {
            if (isWildcardWord(word)) {
                w = true;
                break;
            }
        }
        this.wildcard = w;
    }

    public static AddressPattern of(String text) {
        Objects.requireNonNull(text, "address");
        return new AddressPattern(text);
    }

    /** Splits a name into its words. An empty name has one empty word. */
    public static String[] split(String name) {
        int count = 1;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == DELIMITER) {
                count++;
            }
        }
        String[] words = new String[count];
        int start = 0;
        int w = 0;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == DELIMITER) {
                words[w++] = name.substring(start, i);
                start = i + 1;
            }
        }
        words[w] = name.substring(start);
        return words;
    }

    /** Whether the name holds a wildcard word. */
    public static boolean isWildcard(String name) {
        if (name.indexOf('*') < 0 && name.indexOf('#') < 0) {
            return false;
        }
        for (String word : split(name)) {
            if (isWildcardWord(word)) {
                return true;
            }
        }
        return false;
    }

    static boolean isWildcardWord(String word) {
        return ANY_WORD.equals(word) || ANY_WORDS.equals(word);
    }

    /** Whether a first word is a system word that first-position wildcards do not match. */
    static boolean isSystemWord(String word) {
        return !word.isEmpty() && word.charAt(0) == '$';
    }

    public String text() {
        return text;
    }

    public boolean isWildcard() {
        return wildcard;
    }

    int literalWords() {
        int n = 0;
        for (String w : words) {
            if (!isWildcardWord(w)) {
                n++;
            }
        }
        return n;
    }

    int multiWordWildcards() {
        int n = 0;
        for (String w : words) {
            if (ANY_WORDS.equals(w)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether the concrete address matches this pattern (or equals it, for a concrete pattern). Used for address
     * settings and permissions, where {@code #} covers every address, {@code $}-addresses included; subscriptions
     * match through {@link WildcardIndex}, which applies the {@code $} rule.
     */
    public boolean matches(String address) {
        if (!wildcard) {
            return text.equals(address);
        }
        return matches(words, 0, split(address), 0);
    }

    private static boolean matches(String[] pattern, int p, String[] address, int a) {
        while (p < pattern.length) {
            String word = pattern[p];
            if (ANY_WORDS.equals(word)) {
                if (p == pattern.length - 1) {
                    return true;
                }
                for (int skip = a; skip <= address.length; skip++) {
                    if (matches(pattern, p + 1, address, skip)) {
                        return true;
                    }
                }
                return false;
            }
            if (a >= address.length) {
                return false;
            }
            if (!ANY_WORD.equals(word) && !word.equals(address[a])) {
                return false;
            }
            p++;
            a++;
        }
        return a == address.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text + (wildcard ? " " + Arrays.toString(words) : "");
    }
}
