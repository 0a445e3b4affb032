package io.ferrymq.transport.stomp.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.transport.stomp.StompOptions;
import io.ferrymq.transport.stomp.StompProtocolException;
import org.junit.jupiter.api.Test;

/** Every row of the destination table in docs/stomp.md. */
class DestinationsTest {

    private final Destinations destinations = new Destinations(StompOptions.DEFAULTS, "c7");

    private void parsesTo(String name, String address, Destination.Kind kind) {
        Destinations.Target t = destinations.parse(name);
        assertThat(t.address()).as(name).isEqualTo(address);
        assertThat(t.kind()).as(name).isEqualTo(kind);
    }

    @Test
    void activeMqAndRabbitMqNames() {
        parsesTo("/queue/orders", "orders", Destination.Kind.QUEUE);
        parsesTo("/topic/prices.>", "prices.#", Destination.Kind.TOPIC);
        parsesTo("/topic/prices.*.eur", "prices.*.eur", Destination.Kind.TOPIC);
        parsesTo("/amq/queue/orders", "orders", Destination.Kind.QUEUE);
        parsesTo("/exchange/amq.topic/stock.nyse", "stock.nyse", Destination.Kind.TOPIC);
        parsesTo("/exchange/prices/gold.eur", "prices.gold.eur", Destination.Kind.TOPIC);
        parsesTo("/exchange/prices", "prices", Destination.Kind.TOPIC);
        parsesTo("plain.name", "plain.name", Destination.Kind.QUEUE);
        parsesTo("/remote-temp-queue/ID:x:1", "ID:x:1", Destination.Kind.TEMPORARY_QUEUE);
        parsesTo("/reply-queue/amq.gen-1", "amq.gen-1", Destination.Kind.TEMPORARY_QUEUE);
        parsesTo("/remote-temp-topic/t1", "t1", Destination.Kind.TEMPORARY_TOPIC);
        assertThat(destinations.parse("/queue/orders").routingType()).isEqualTo(RoutingType.ANYCAST);
        assertThat(destinations.parse("/topic/orders").routingType()).isEqualTo(RoutingType.MULTICAST);
    }

    @Test
    void temporaryDestinationsAreOwnedAndRenderedPerConnection() {
        Destinations.Target q = destinations.parse("/temp-queue/replies");
        assertThat(q.ownTemporary()).isTrue();
        assertThat(q.address()).isEqualTo("stomp-temp.c7.q.replies");
        assertThat(destinations.render(q.destination())).isEqualTo("/temp-queue/replies");
        assertThat(destinations.parse("/remote-temp-queue/stomp-temp.c7.q.replies").ownTemporary()).isTrue();
        Destinations.Target t = destinations.parse("/temp-topic/events");
        assertThat(destinations.render(t.destination())).isEqualTo("/temp-topic/events");

        Destinations other = new Destinations(StompOptions.DEFAULTS, "c8");
        assertThat(other.render(q.destination())).isEqualTo("/remote-temp-queue/stomp-temp.c7.q.replies");
        assertThat(other.render(Destination.topic("a.b"))).isEqualTo("/topic/a.b");
        assertThat(other.render("q1::sub", Destination.Kind.QUEUE)).isEqualTo("/queue/q1");
    }

    @Test
    void prefixesAreConfigurableAndEmptyNamesRefused() {
        StompOptions custom = new StompOptions("/q/", "/t/", "/tq/", "/tt/", "/aq/", "/ex/", 10, 100, 1.5, 10, 100);
        Destinations d = new Destinations(custom, "c1");
        assertThat(d.parse("/q/a").kind()).isEqualTo(Destination.Kind.QUEUE);
        assertThat(d.parse("/t/a").kind()).isEqualTo(Destination.Kind.TOPIC);
        assertThat(d.render(Destination.queue("a"))).isEqualTo("/q/a");
        assertThatThrownBy(() -> destinations.parse("/queue/")).isInstanceOf(StompProtocolException.class);
        assertThatThrownBy(() -> destinations.parse("")).isInstanceOf(StompProtocolException.class);
    }
}
