'use strict';
// mqtt.js over WebSocket against FerryMQ. Environment:
//   MQTT_URL       ws://127.0.0.1:<ws>/mqtt or wss://localhost:<wss>/mqtt
//   MQTT_VERSION   4 (MQTT 3.1.1, default) or 5
//   CA_FILE        PEM of the test CA, trusted for wss:// (rejectUnauthorized stays true)
//   TOPIC_ROOT     first topic level, unique per test
//   SCENARIO       pubsub (default): wildcard subscription, QoS 0 and 1, retained message, a wss refusal
//                  without the CA; to-jms: one QoS 1 publish that the Java test reads as a JMS topic subscriber
const fs = require('fs');
const mqtt = require('mqtt');
const { env, step, check, equal, run, Inbox, within } = require('./support');

const url = env('MQTT_URL');
const version = Number(env('MQTT_VERSION', '4'));
const root = env('TOPIC_ROOT');
const scenario = env('SCENARIO', 'pubsub');
const tls = url.startsWith('wss:');

function options(clientId, trustCa = true) {
  const o = { clientId, protocolVersion: version, clean: true, connectTimeout: 10_000, reconnectPeriod: 0 };
  if (tls) {
    o.rejectUnauthorized = true;
    if (trustCa) {
      o.ca = fs.readFileSync(env('CA_FILE'));
    }
  }
  return o;
}

async function connect(clientId) {
  const client = await within(mqtt.connectAsync(url, options(clientId)), 15_000, `connect ${clientId}`);
  const inbox = new Inbox(clientId);
  client.on('message', (topic, payload, packet) => inbox.push({
    topic,
    payload: payload.toString('utf8'),
    qos: packet.qos,
    retain: packet.retain,
    userProperties: (packet.properties && packet.properties.userProperties) || {},
  }));
  return { client, inbox };
}

async function pubsub() {
  step(`connect subscriber over ${url} (protocol version ${version})`);
  const sub = await connect(`${root}-sub`);
  const suback = await sub.client.subscribeAsync(`${root}/+/reading`, { qos: 1 });
  equal(suback.map((g) => g.qos), [1], 'granted QoS');

  step('connect publisher');
  const pub = await connect(`${root}-pub`);

  step('QoS 0 publish reaches the wildcard subscription');
  await pub.client.publishAsync(`${root}/room1/reading`, '21.5', { qos: 0 });
  let m = await sub.inbox.take('QoS 0 message');
  equal([m.topic, m.payload, m.qos, m.retain], [`${root}/room1/reading`, '21.5', 0, false], 'topic, payload, qos, retain');

  step('QoS 1 publish is acknowledged (PUBACK) and delivered at QoS 1');
  const props = version === 5 ? { properties: { userProperties: { unit: 'celsius' }, contentType: 'text/plain' } } : {};
  await within(pub.client.publishAsync(`${root}/room2/reading`, '22.0', { qos: 1, ...props }), 10_000, 'PUBACK');
  m = await sub.inbox.take('QoS 1 message');
  equal([m.topic, m.payload, m.qos], [`${root}/room2/reading`, '22.0', 1], 'topic, payload, qos');
  if (version === 5) {
    equal(m.userProperties, { unit: 'celsius' }, 'MQTT 5 user properties');
  }

  step('a topic outside the filter is not delivered');
  await pub.client.publishAsync(`${root}/room1/humidity`, '40', { qos: 1 });
  await pub.client.publishAsync(`${root}/a/b/reading`, 'two levels', { qos: 1 });
  await sub.inbox.none('message outside the filter');

  step('a retained message reaches a later subscriber with the retain flag');
  await pub.client.publishAsync(`${root}/status`, 'online', { qos: 1, retain: true });
  const late = await connect(`${root}-late`);
  await late.client.subscribeAsync(`${root}/status`, { qos: 1 });
  m = await late.inbox.take('retained message');
  equal([m.topic, m.payload, m.retain], [`${root}/status`, 'online', true], 'retained topic, payload, retain');

  step('an empty retained publish clears it');
  await pub.client.publishAsync(`${root}/status`, '', { qos: 1, retain: true });
  const later = await connect(`${root}-later`);
  await later.client.subscribeAsync(`${root}/status`, { qos: 1 });
  await later.inbox.none('retained message after clearing', 500);

  if (tls) {
    step('wss without the test CA is refused by the client (the certificate is really checked)');
    let refused;
    try {
      const c = await within(mqtt.connectAsync(url, options(`${root}-untrusted`, false)), 15_000, 'untrusted connect');
      await c.endAsync();
    } catch (e) {
      refused = e;
    }
    check(refused !== undefined, 'connected without trusting the CA');
    console.log(`refused: ${refused.code || refused.message}`);
    check(/self.signed|unable to verify|certificate/i.test(String(refused.code || refused.message)),
      `refused for another reason: ${refused.code || refused.message}`);
  }

  step('disconnect');
  for (const c of [sub, pub, late, later]) {
    await c.client.endAsync();
  }
}

async function toJms() {
  step(`connect over ${url} (protocol version ${version}) and publish QoS 1 for a JMS subscriber`);
  const pub = await connect(`${root}-to-jms`);
  const props = version === 5 ? { properties: { userProperties: { origin: 'mqtt.js' } } } : {};
  await within(pub.client.publishAsync(`${root}/jms/reading`, 'from mqtt.js', { qos: 1, ...props }), 10_000, 'PUBACK');
  await pub.client.endAsync();
}

run(async () => {
  if (scenario === 'pubsub') {
    await pubsub();
  } else if (scenario === 'to-jms') {
    await toJms();
  } else {
    throw new Error(`unknown SCENARIO ${scenario}`);
  }
});
