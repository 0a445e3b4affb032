package io.ferrymq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.jms.JMSException;
import javax.jms.MessageListener;
import javax.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * Spring JMS 5.3 (javax.jms) over the ActiveMQ 5.18 client against the server process: the way most Spring
 * applications use ActiveMQ Classic (a {@link CachingConnectionFactory} over an {@link ActiveMQConnectionFactory}).
 */
@Timeout(60)
class SpringJms5IT {

    private static final long TIMEOUT = 5_000;

    @RegisterExtension
    static final FerryServerExtension SERVER = FerryServerExtension.withEnv(Map.of());

    private CachingConnectionFactory connectionFactory;

    private CachingConnectionFactory connectionFactory() {
        ActiveMQConnectionFactory amq = new ActiveMQConnectionFactory(SERVER.server().tcpUrl());
        amq.setTrustedPackages(List.of("java.lang", "java.util"));
        RedeliveryPolicy redelivery = new RedeliveryPolicy();
        redelivery.setInitialRedeliveryDelay(100);
        redelivery.setRedeliveryDelay(100);
        redelivery.setMaximumRedeliveries(3);
        amq.setRedeliveryPolicy(redelivery);
        connectionFactory = new CachingConnectionFactory(amq);
        connectionFactory.setSessionCacheSize(4);
        return connectionFactory;
    }

    @AfterEach
    void closeFactory() {
        if (connectionFactory != null) {
            connectionFactory.destroy();
        }
    }

    @Test
    void jmsTemplateConvertAndSendThenReceiveAndConvert() {
        JmsTemplate template = new JmsTemplate(connectionFactory());
        template.setReceiveTimeout(TIMEOUT);
        template.convertAndSend("spring5.template", "hello");
        template.convertAndSend("spring5.template", Map.of("k", "v", "n", 7));
        template.convertAndSend("spring5.template", new byte[] {1, 2});
        assertThat(template.receiveAndConvert("spring5.template")).isEqualTo("hello");
        assertThat(template.receiveAndConvert("spring5.template")).isEqualTo(Map.of("k", "v", "n", 7));
        assertThat((byte[]) template.receiveAndConvert("spring5.template")).containsExactly(1, 2);
        template.setReceiveTimeout(300);
        assertThat(template.receiveAndConvert("spring5.template")).isNull();
    }

    @Test
    void listenerContainerWithTransactedSessionsGetsEveryMessageAndARolledBackOneAgain() throws Exception {
        CachingConnectionFactory cf = connectionFactory();
        String queue = "spring5.dmlc";
        int count = 100;
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        AtomicBoolean thrown = new AtomicBoolean();
        AtomicBoolean redeliveredFlagSeen = new AtomicBoolean();
        CountDownLatch all = new CountDownLatch(count);
        DefaultMessageListenerContainer container = new DefaultMessageListenerContainer();
        container.setConnectionFactory(cf);
        container.setDestinationName(queue);
        container.setSessionTransacted(true);
        container.setConcurrentConsumers(2);
        container.setReceiveTimeout(200);
        container.setMessageListener((MessageListener) m -> {
            deliveries.incrementAndGet();
            try {
                String text = ((TextMessage) m).getText();
                if (text.equals("m42") && thrown.compareAndSet(false, true)) {
                    throw new IllegalStateException("listener fails once on " + text);
                }
                if (text.equals("m42")) {
                    redeliveredFlagSeen.set(m.getJMSRedelivered());
                }
                if (received.add(text)) {
                    all.countDown();
                }
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        container.afterPropertiesSet();
        container.start();
        try {
            JmsTemplate template = new JmsTemplate(cf);
            for (int i = 0; i < count; i++) {
                template.convertAndSend(queue, "m" + i);
            }
            assertThat(all.await(30, TimeUnit.SECONDS)).as("received %s", received.size()).isTrue();
            assertThat(thrown).isTrue();
            assertThat(redeliveredFlagSeen).as("JMSRedelivered on the second delivery of m42").isTrue();
            // a duplicate would show up now
            org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(300))
                    .atMost(java.time.Duration.ofSeconds(10)).until(() -> deliveries.get() == count + 1);
            assertThat(deliveries).as("each message once, m42 twice").hasValue(count + 1);
        } finally {
            container.shutdown();
        }
        JmsTemplate template = new JmsTemplate(cf);
        template.setReceiveTimeout(300);
        assertThat(template.receive(queue)).as("nothing left on the queue").isNull();
    }
}
