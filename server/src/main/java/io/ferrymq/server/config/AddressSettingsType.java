package io.ferrymq.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferrymq.server.config.AddressSettingsConfig.AddressFullPolicy;
import io.ferrymq.server.config.AddressSettingsConfig.Builder;
import io.ferrymq.server.config.AddressSettingsConfig.RoutingType;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The {@code addressSettings} map: address pattern -> {@link AddressSettingsConfig}. As text (an environment
 * variable or override) it takes a YAML flow mapping such as {@code {"#": {maxDeliveryAttempts: 3}}}.
 */
final class AddressSettingsType extends ValueType<Map<String, AddressSettingsConfig>> {

    /** One field of an entry: its name, type and builder setter. */
    private record Field<T>(String name, ValueType<T> type, BiConsumer<Builder, T> setter) {
        void read(JsonNode node, Site site, Builder builder) {
            setter.accept(builder, type.read(node, site));
        }
    }

    private static final List<Field<?>> FIELDS = List.of(
            new Field<>("autoCreateAddresses", ValueTypes.BOOLEAN, Builder::autoCreateAddresses),
            new Field<>("autoCreateQueues", ValueTypes.BOOLEAN, Builder::autoCreateQueues),
            new Field<>("autoDeleteAddresses", ValueTypes.BOOLEAN, Builder::autoDeleteAddresses),
            new Field<>("autoDeleteQueues", ValueTypes.BOOLEAN, Builder::autoDeleteQueues),
            new Field<>("autoDeleteDelay", ValueTypes.DURATION, Builder::autoDeleteDelay),
            new Field<>("defaultRoutingType", ValueTypes.enumType(RoutingType.class, Map.of()),
                    Builder::defaultRoutingType),
            new Field<>("deadLetterAddress", ValueTypes.STRING, Builder::deadLetterAddress),
            new Field<>("expiryAddress", ValueTypes.STRING, Builder::expiryAddress),
            new Field<>("maxDeliveryAttempts", ValueTypes.UNLIMITED_OR_POSITIVE_INT, Builder::maxDeliveryAttempts),
            new Field<>("redeliveryDelay", ValueTypes.DURATION, Builder::redeliveryDelay),
            new Field<>("redeliveryMultiplier", ValueTypes.MULTIPLIER, Builder::redeliveryMultiplier),
            new Field<>("maxRedeliveryDelay", ValueTypes.DURATION, Builder::maxRedeliveryDelay),
            new Field<>("maxSizeBytes", ValueTypes.UNLIMITED_OR_POSITIVE_SIZE, Builder::maxSizeBytes),
            new Field<>("addressFullPolicy", ValueTypes.enumType(AddressFullPolicy.class,
                    Map.of("PAGE", "PAGE is not supported: paging is not implemented")), Builder::addressFullPolicy),
            new Field<>("lastValueKey", ValueTypes.STRING, Builder::lastValueKey),
            new Field<>("deadLetterAddressPrefix", ValueTypes.STRING, Builder::deadLetterAddressPrefix));

    private static final Map<String, Field<?>> BY_NAME =
            FIELDS.stream().collect(Collectors.toMap(Field::name, f -> f, (a, b) -> a, LinkedHashMap::new));

    AddressSettingsType() {
        super("a mapping of address pattern -> settings, such as {\"#\": {maxDeliveryAttempts: 3}}");
    }

    /** The field names of an entry, in declaration order. */
    static List<String> fieldNames() {
        return List.copyOf(BY_NAME.keySet());
    }

    @Override
    Map<String, AddressSettingsConfig> parse(String text) {
        throw new UnsupportedOperationException("read through readText");
    }

    @Override
    String format(Map<String, AddressSettingsConfig> value) {
        return value.isEmpty() ? "{}" : value.toString();
    }

    @Override
    Map<String, AddressSettingsConfig> readText(String text, Site site) {
        return read(YamlDocument.parse(text, site.source().name()).root(), site);
    }

    @Override
    Map<String, AddressSettingsConfig> read(JsonNode node, Site site) {
        JsonNode map = site.mapping(node, expected());
        Map<String, AddressSettingsConfig> result = new LinkedHashMap<>();
        for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
            String pattern = it.next();
            Site entrySite = site.entry(map, pattern);
            ValueTypes.requirePattern(pattern, entrySite);
            JsonNode entry = entrySite.mapping(map.get(pattern), "a mapping of settings");
            Builder builder = AddressSettingsConfig.builder();
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                Site fieldSite = entrySite.field(entry, name);
                Field<?> field = BY_NAME.get(name);
                if (field == null) {
                    throw fieldSite.unknownKey(BY_NAME.keySet());
                }
                field.read(entry.get(name), fieldSite, builder);
            }
            result.put(pattern, builder.build());
        }
        return Collections.unmodifiableMap(result);
    }
}
