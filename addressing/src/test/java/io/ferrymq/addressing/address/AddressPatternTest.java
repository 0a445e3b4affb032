package io.ferrymq.addressing.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPatternTest {

    @Test
    void wordsAndWildcards() {
        assertThat(AddressPattern.of("a.*.c").matches("a.b.c")).isTrue();
        assertThat(AddressPattern.of("a.*.c").matches("a.b.b.c")).isFalse();
        assertThat(AddressPattern.of("a.#").matches("a")).isTrue();
        assertThat(AddressPattern.of("a.#").matches("a.b.c")).isTrue();
        assertThat(AddressPattern.of("a.#.z").matches("a.z")).isTrue();
        assertThat(AddressPattern.of("a.#.z").matches("a.b.c.z")).isTrue();
        assertThat(AddressPattern.of("a.#.z").matches("a.b.c")).isFalse();
        assertThat(AddressPattern.of("#").matches("$SYS.x")).as("settings and permissions cover $ addresses").isTrue();
        assertThat(AddressPattern.of("orders").matches("orders")).isTrue();
        assertThat(AddressPattern.of("orders").matches("orders.eu")).isFalse();
    }

    @Test
    void mostSpecificFirst() {
        List<AddressPattern> patterns = new ArrayList<>(List.of(
                AddressPattern.of("#"), AddressPattern.of("a.#"), AddressPattern.of("a.b"), AddressPattern.of("a.*")));
        patterns.sort(AddressPattern.SPECIFICITY);
        assertThat(patterns).extracting(AddressPattern::text).containsExactly("a.b", "a.*", "a.#", "#");
    }

    @Test
    void fullyQualifiedQueueName() {
        QueueName q = QueueName.parse("orders::audit");
        assertThat(q.address()).isEqualTo("orders");
        assertThat(q.queue()).isEqualTo("audit");
        assertThat(QueueName.parse("orders")).isNull();
    }

    @Test
    void indexAppliesTheDollarRuleAndFindsEveryMatch() {
        WildcardIndex<String> index = new WildcardIndex<>();
        index.add("#", "all");
        index.add("+x", "literal");
        index.add("$SYS.#", "sys");
        index.add("a.*", "a-one");
        index.add("a.#", "a-any");
        index.add("*.b", "any-b");
        assertThat(index.matches("a.b")).containsExactlyInAnyOrder("all", "a-one", "a-any", "any-b");
        assertThat(index.matches("$SYS.load")).containsExactly("sys");
        assertThat(index.matches("a")).containsExactlyInAnyOrder("all", "a-any");
        assertThat(index.remove("a.#", "a-any")).isTrue();
        assertThat(index.matches("a")).containsExactly("all");
    }

    @Test
    void indexWithHundredThousandPatterns() {
        WildcardIndex<Integer> index = new WildcardIndex<>();
        for (int i = 0; i < 100_000; i++) {
            index.add("tenant" + i + ".*.status", i);
        }
        assertThat(index.size()).isEqualTo(100_000);
        assertThat(index.matches("tenant77777.dev.status")).containsExactly(77777);
        assertThat(index.matches("tenant77777.dev.other")).isEmpty();
    }
}
