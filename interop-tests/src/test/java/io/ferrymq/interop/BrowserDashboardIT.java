package io.ferrymq.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.jms.Connection;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.Session;
import javax.jms.TextMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A browser dashboard against the server process: {@code src/test/web/dashboard-browser.js} serves
 * {@code dashboard.html} (the browser bundles of mqtt.js and @stomp/stompjs) to headless Chromium, driven by
 * playwright-core. The page connects over {@code wss://} with MQTT 5 and STOMP 1.2 and over {@code ws://} with MQTT
 * 3.1.1; readings and an alert published over plain TCP MQTT must show in its DOM, its buttons publish a command
 * over MQTT (received outside the browser) and send an acknowledgement over STOMP to a queue that this test reads
 * with JMS.
 *
 * <p>Chromium trusts the run-time certificate by its public key only ({@code --ignore-certificate-errors-spki-list}
 * with Playwright's fresh profile); the script also checks that without the pin the wss connection fails.
 *
 * <p>Needs Debian's {@code chromium} at {@code /usr/bin/chromium} (or another Chromium named by
 * {@code -Dferry.chromium=...}); without it the test fails, it is not skipped. {@code .ci/run} installs it.
 */
@Timeout(180)
class BrowserDashboardIT {

    private static final WebSocketFixture WEB = WebSocketFixture.create("dashboard");

    @RegisterExtension
    static final FerryServerExtension SERVER = WEB.server();

    private static Path chromium;

    @BeforeAll
    static void install() throws Exception {
        chromium = Path.of(System.getProperty("ferry.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            fail("%s is missing: BrowserDashboardIT needs Debian's chromium (apt-get install chromium, as .ci/run "
                    + "does when it is missing), or -Dferry.chromium=<path> to another Chromium", chromium);
        }
        WEB.install();
    }

    @Test
    void dashboardOverWssShowsReadingsAndSendsCommands() throws Exception {
        String root = "dashboard";
        WEB.runScript("dashboard-browser.js", Map.of("WSS_URL", WEB.url("wss", ""), "WS_URL", WEB.url("ws", ""),
                "MQTT_URL", WEB.mqttUrl(), "TOPIC_ROOT", root, "CHROMIUM", chromium.toString()));

        try (Connection c = WEB.jms()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(root + ".commands"));
            Message ack = consumer.receive(5_000);
            assertThat(ack).as("the dashboard's STOMP acknowledgement").isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) ack).getText()).isEqualTo("{\"ack\":1}");
            assertThat(consumer.receive(200)).isNull();
        }
    }
}
