package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicNamesTest {

    @Test
    void levelsBecomeWordsAndWildcardsMap() {
        assertThat(TopicNames.toAddress("a/b/c")).isEqualTo("a.b.c");
        assertThat(TopicNames.toAddress("a/+/c/#")).isEqualTo("a.*.c.#");
        assertThat(TopicNames.toAddress("$SYS/x")).isEqualTo("$SYS.x");
        assertThat(TopicNames.toTopic("a.b.c")).isEqualTo("a/b/c");
    }

    @Test
    void dotsInsideALevelDoNotCollideWithLevels() {
        assertThat(TopicNames.toAddress("a.b/c")).isEqualTo("a%2Eb.c");
        assertThat(TopicNames.toAddress("a/b/c")).isNotEqualTo(TopicNames.toAddress("a.b/c"));
        assertThat(TopicNames.toAddress("a/*")).isEqualTo("a.%2A");
        assertThat(TopicNames.toAddress("x::y")).isEqualTo("x%3A%3Ay");
        assertThat(TopicNames.toAddress("urn:dev")).isEqualTo("urn:dev");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b/c", "%2E", "100%/x", "a//b", "/lead", "trail/", "*/#x", "x::y/z:", "%25.%"})
    void everyTopicRoundTrips(String topic) {
        assertThat(TopicNames.toTopic(TopicNames.toAddress(topic))).isEqualTo(topic);
    }

    @Test
    void foreignPercentIsKept() {
        assertThat(TopicNames.toTopic("50%off.now")).isEqualTo("50%off/now");
    }

    @Test
    void validation() {
        assertThat(TopicNames.isValidTopicName("a/+", 100, 10)).isFalse();
        assertThat(TopicNames.isValidTopicName("a/b", 100, 10)).isTrue();
        assertThat(TopicNames.isValidTopicName("a/b/c", 100, 2)).isFalse();
        assertThat(TopicNames.isValidTopicFilter("a/#/b", 100, 10)).isFalse();
        assertThat(TopicNames.isValidTopicFilter("a/b+", 100, 10)).isFalse();
        assertThat(TopicNames.isValidTopicFilter("+/b/#", 100, 10)).isTrue();
    }
}
