package io.ferrymq.addressing.settings;

import io.ferrymq.addressing.address.AddressPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves an address to its settings: every configured pattern that matches, merged from the most specific to the
 * least (see {@link AddressPattern#SPECIFICITY}), over {@link AddressSettings#DEFAULTS}. Results are cached per
 * address. Thread safe and immutable once built.
 */
public final class AddressSettingsRepository {

    private static final int MAX_CACHED = 10_000;

    private final List<Map.Entry<AddressPattern, AddressSettings>> entries;
    private final Map<String, AddressSettings> cache = new ConcurrentHashMap<>();

    /** @param configured pattern -> settings, in any order */
    public AddressSettingsRepository(Map<String, AddressSettings> configured) {
        List<Map.Entry<AddressPattern, AddressSettings>> list = new ArrayList<>();
        configured.forEach((k, v) -> list.add(Map.entry(AddressPattern.of(k), v)));
        list.sort(Map.Entry.comparingByKey(AddressPattern.SPECIFICITY));
        this.entries = List.copyOf(list);
    }

    /** Built-in defaults only. */
    public static AddressSettingsRepository defaults() {
        return new AddressSettingsRepository(Map.of());
    }

    /** The complete settings of {@code address}. */
    public AddressSettings resolve(String address) {
        AddressSettings cached = cache.get(address);
        if (cached != null) {
            return cached;
        }
        AddressSettings result = AddressSettings.EMPTY;
        for (Map.Entry<AddressPattern, AddressSettings> e : entries) {
            if (e.getKey().matches(address)) {
                result = result.mergeWith(e.getValue());
            }
        }
        result = result.mergeWith(AddressSettings.DEFAULTS);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(address, result);
        return result;
    }
}
