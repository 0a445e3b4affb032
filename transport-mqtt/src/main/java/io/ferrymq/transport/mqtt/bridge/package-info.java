/**
 * The broker side of the MQTT transport: the only package that imports the engine API
 * ({@code io.ferrymq.addressing.api}). It implements {@link io.ferrymq.transport.mqtt.Broker} on
 * {@link io.ferrymq.addressing.api.Engine}, converts {@link io.ferrymq.transport.mqtt.PublishData} to and from
 * {@link io.ferrymq.addressing.api.Message} at the edge ({@link io.ferrymq.transport.mqtt.bridge.MessageConverter})
 * and maps engine errors onto {@link io.ferrymq.transport.mqtt.Failure}.
 */
package io.ferrymq.transport.mqtt.bridge;
