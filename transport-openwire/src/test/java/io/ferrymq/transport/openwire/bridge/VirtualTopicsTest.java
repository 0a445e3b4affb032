package io.ferrymq.transport.openwire.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.transport.openwire.OpenWireOptions;
import org.junit.jupiter.api.Test;

class VirtualTopicsTest {

    @Test
    void defaultsFollowActiveMqClassic() {
        VirtualTopics v = new VirtualTopics(OpenWireOptions.DEFAULTS);
        assertThat(v.topicOf("Consumer.A.VirtualTopic.Orders")).isEqualTo("VirtualTopic.Orders");
        assertThat(v.topicOf("Consumer.billing.VirtualTopic.a.b")).isEqualTo("VirtualTopic.a.b");
        assertThat(v.topicOf("Consumer.A.Orders")).isNull();
        assertThat(v.topicOf("Consumer..VirtualTopic.Orders")).isNull();
        assertThat(v.topicOf("Consumer.A.VirtualTopic.")).isNull();
        assertThat(v.topicOf("Orders")).isNull();
    }

    @Test
    void namesAreConfigurable() {
        VirtualTopics v = new VirtualTopics(OpenWireOptions.DEFAULTS.withVirtualTopics("VT.", "Q.*."));
        assertThat(v.topicOf("Q.g1.VT.Orders")).isEqualTo("VT.Orders");
        assertThat(v.topicOf("Consumer.A.VirtualTopic.Orders")).isNull();
        VirtualTopics off = new VirtualTopics(new OpenWireOptions(false, "VirtualTopic.", "Consumer.*."));
        assertThat(off.topicOf("Consumer.A.VirtualTopic.Orders")).isNull();
    }

    @Test
    void aPatternWithoutOneGroupIsRefused() {
        assertThatThrownBy(() -> OpenWireOptions.DEFAULTS.withVirtualTopics("VT.", "Consumer."))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenWireOptions.DEFAULTS.withVirtualTopics("VT.", "C.*.*."))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
