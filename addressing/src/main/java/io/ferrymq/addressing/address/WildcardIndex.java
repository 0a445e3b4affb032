package io.ferrymq.addressing.address;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Values registered under address patterns, found by concrete address. A trie of words: matching an address walks
 * one path per literal word plus the {@code *} and {@code #} branches, so its cost depends on the address's length
 * and the patterns that actually match, not on how many patterns are registered (100k subscriptions stay fast).
 *
 * <p>Thread safety: {@link #add} and {@link #remove} are serialized by a lock; {@link #forEachMatch} runs without
 * locking, concurrently with changes, and sees each node's values as an immutable snapshot.
 *
 * @param <T> the value type; values are compared with {@code equals}
 */
public final class WildcardIndex<T> {

    private static final Object[] NONE = new Object[0];

    private final Node root = new Node();
    private final Object lock = new Object();
    private int size;

    /** Registers {@code value} under {@code pattern}. Adding the same value twice keeps one. */
    public void add(String pattern, T value) {
        synchronized (lock) {
            Node node = root;
            for (String word : AddressPattern.split(pattern)) {
                node = node.child(word, true);
            }
            Object[] values = node.values;
            for (Object v : values) {
                if (v.equals(value)) {
                    return;
                }
            }
            Object[] grown = Arrays.copyOf(values, values.length + 1);
            grown[values.length] = value;
            node.values = grown;
            size++;
        }
    }

    /** Removes {@code value} from {@code pattern}; returns whether it was there. */
    public boolean remove(String pattern, T value) {
        synchronized (lock) {
            String[] words = AddressPattern.split(pattern);
            Node[] path = new Node[words.length + 1];
            path[0] = root;
            for (int i = 0; i < words.length; i++) {
                path[i + 1] = path[i].child(words[i], false);
                if (path[i + 1] == null) {
                    return false;
                }
            }
            Node node = path[words.length];
            Object[] values = node.values;
            int at = -1;
            for (int i = 0; i < values.length; i++) {
                if (values[i].equals(value)) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                return false;
            }
            Object[] shrunk = new Object[values.length - 1];
            System.arraycopy(values, 0, shrunk, 0, at);
            System.arraycopy(values, at + 1, shrunk, at, values.length - at - 1);
            node.values = shrunk.length == 0 ? NONE : shrunk;
            size--;
            for (int i = words.length; i > 0; i--) {
                if (!path[i].isEmpty()) {
                    break;
                }
                path[i - 1].removeChild(words[i - 1]);
            }
            return true;
        }
    }

    /** The number of registered (pattern, value) pairs. */
    public int size() {
        synchronized (lock) {
            return size;
        }
    }

    /**
     * Calls {@code action} once for each value whose pattern matches {@code address}. A value registered under
     * several matching patterns is reported once per pattern.
     */
    @SuppressWarnings("unchecked")
    public void forEachMatch(String address, Consumer<? super T> action) {
        match(root, AddressPattern.split(address), 0, v -> action.accept((T) v));
    }

    /** The values whose pattern matches {@code address}, without duplicates. */
    public List<T> matches(String address) {
        List<T> out = new ArrayList<>();
        forEachMatch(address, v -> {
            if (!out.contains(v)) {
                out.add(v);
            }
        });
        return out;
    }

    private static void match(Node node, String[] words, int i, Consumer<Object> out) {
        boolean systemWord = i == 0 && words.length > 0 && AddressPattern.isSystemWord(words[0]);
        Node multi = node.multi;
        if (multi != null && !systemWord) {
            // '#' consumes words i..k-1 for every k, then the rest of the pattern continues at k
            for (int k = i; k <= words.length; k++) {
                match(multi, words, k, out);
            }
        }
        if (i == words.length) {
            for (Object v : node.values) {
                out.accept(v);
            }
            return;
        }
        Map<String, Node> children = node.children;
        if (children != null) {
            Node literal = children.get(words[i]);
            if (literal != null) {
                match(literal, words, i + 1, out);
            }
        }
        Node single = node.single;
        if (single != null && !systemWord) {
            match(single, words, i + 1, out);
        }
    }

    private static final class Node {
        volatile Map<String, Node> children;
        volatile Node single;
        volatile Node multi;
        volatile Object[] values = NONE;

        Node child(String word, boolean create) {
            if (AddressPattern.ANY_WORD.equals(word)) {
                if (single == null && create) {
                    single = new Node();
                }
                return single;
            }
            if (AddressPattern.ANY_WORDS.equals(word)) {
                if (multi == null && create) {
                    multi = new Node();
                }
                return multi;
            }
            Map<String, Node> map = children;
            if (map == null) {
                if (!create) {
                    return null;
                }
                map = new ConcurrentHashMap<>(4);
                children = map;
            }
            Node n = map.get(word);
            if (n == null && create) {
                n = new Node();
                map.put(word, n);
            }
            return n;
        }

        void removeChild(String word) {
            if (AddressPattern.ANY_WORD.equals(word)) {
                single = null;
            } else if (AddressPattern.ANY_WORDS.equals(word)) {
                multi = null;
            } else if (children != null) {
                children.remove(word);
            }
        }

        boolean isEmpty() {
            Map<String, Node> map = children;
            return values.length == 0 && single == null && multi == null && (map == null || map.isEmpty());
        }
    }
}
