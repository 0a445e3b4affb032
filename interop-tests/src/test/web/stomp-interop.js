'use strict';
// @stomp/stompjs over WebSocket (subprotocol v12.stomp, offered by stompjs) against FerryMQ. Node.js 20 has no
// global WebSocket: the ws package makes the socket. Environment:
//   STOMP_URL    ws://127.0.0.1:<ws>/stomp or wss://localhost:<wss>/stomp
//   CA_FILE      PEM of the test CA, trusted for wss:// (rejectUnauthorized stays true)
//   DEST_ROOT    first destination word, unique per test
//   SCENARIO     pubsub (default): queue with client-individual ack and nack, topic with a wildcard, a binary
//                body; to-jms: a text and a bytes message for a JMS consumer; from-jms: what a JMS producer sent
const fs = require('fs');
const WebSocket = require('ws');
const { Client } = require('@stomp/stompjs');
const { env, step, check, equal, run, Inbox, within } = require('./support');

const url = env('STOMP_URL');
const root = env('DEST_ROOT');
const scenario = env('SCENARIO', 'pubsub');
const tls = url.startsWith('wss:');
const wsOptions = tls ? { ca: fs.readFileSync(env('CA_FILE')), rejectUnauthorized: true } : {};
let receipts = 0;

function connect(name) {
  return within(new Promise((resolve, reject) => {
    const client = new Client({
      webSocketFactory: () => new WebSocket(url, client.stompVersions.protocolVersions(), wsOptions),
      connectHeaders: { host: '/', 'client-id': name },
      reconnectDelay: 0,
      heartbeatIncoming: 4000,
      heartbeatOutgoing: 4000,
      onConnect: (frame) => resolve({ client, frame }),
      onStompError: (frame) => reject(new Error(`ERROR frame: ${frame.headers.message} ${frame.body}`)),
      onWebSocketError: (e) => reject(new Error(`WebSocket error: ${e.message || e}`)),
      onWebSocketClose: (e) => reject(new Error(`WebSocket closed before CONNECTED: ${e.code} ${e.reason}`)),
    });
    client.activate();
  }), 15_000, `connect ${name}`);
}

/** Sends a frame with a receipt header and waits for the RECEIPT. */
function withReceipt(client, send) {
  const id = `r-${++receipts}`;
  const done = new Promise((resolve) => client.watchForReceipt(id, resolve));
  send({ receipt: id });
  return within(done, 10_000, `RECEIPT ${id}`);
}

async function subscribe(client, destination, headers = {}) {
  const inbox = new Inbox(destination);
  let subscription;
  await withReceipt(client, (receipt) => {
    subscription = client.subscribe(destination, (m) => inbox.push(m), { ...headers, ...receipt });
  });
  return { inbox, subscription };
}

async function pubsub() {
  step(`connect over ${url}`);
  const { client, frame } = await connect(`${root}-a`);
  equal(frame.headers.version, '1.2', 'CONNECTED version');
  equal(client.webSocket.protocol, 'v12.stomp', 'WebSocket subprotocol the server chose');
  check(frame.headers['heart-beat'] !== undefined, 'CONNECTED has a heart-beat header');

  step('queue: send with headers, receive body and headers (client-individual ack)');
  const orders = `/queue/${root}.orders`;
  const q = await subscribe(client, orders, { ack: 'client-individual' });
  client.publish({ destination: orders, body: 'order-1', headers: { 'x-reading': '7', persistent: 'true' } });
  let m = await q.inbox.take('queue message');
  equal([m.body, m.headers['x-reading'], m.headers.destination], ['order-1', '7', orders], 'body, x-reading, destination');
  check(m.headers.ack !== undefined, 'a client-individual MESSAGE has an ack header');

  step('nack hands the message back; it comes again and is acked');
  m.nack();
  m = await q.inbox.take('redelivered message');
  equal(m.body, 'order-1', 'redelivered body');
  m.ack();
  await q.inbox.none('message after ack', 500);
  q.subscription.unsubscribe();

  step('topic: an exact and a wildcard subscriber on another connection each get one copy');
  const other = await connect(`${root}-b`);
  const alerts = `/topic/${root}.alerts`;
  const exact = await subscribe(other.client, alerts);
  const wildcard = await subscribe(other.client, `/topic/${root}.*`);
  await withReceipt(client, (receipt) => client.publish({
    destination: alerts, body: 'too hot', headers: { 'content-type': 'text/plain', severity: 'high', ...receipt },
  }));
  for (const s of [exact, wildcard]) {
    m = await s.inbox.take('topic message');
    equal([m.body, m.headers.severity, m.headers.destination], ['too hot', 'high', alerts], 'body, severity, destination');
  }
  await exact.inbox.none('second copy');
  await wildcard.inbox.none('second copy', 0);

  step('binary body (content-length, NUL bytes) arrives byte for byte');
  const blobs = `/queue/${root}.blobs`;
  const b = await subscribe(other.client, blobs);
  client.publish({ destination: blobs, binaryBody: new Uint8Array([0, 1, 2, 0, 255]),
    headers: { 'content-type': 'application/octet-stream' } });
  m = await b.inbox.take('binary message');
  equal(Array.from(m.binaryBody), [0, 1, 2, 0, 255], 'binary body');

  step('disconnect');
  await client.deactivate();
  await other.client.deactivate();
}

async function toJms() {
  step(`connect over ${url} and send a text and a bytes message for a JMS consumer`);
  const { client } = await connect(`${root}-to-jms`);
  const destination = `/queue/${root}.to-jms`;
  // stompjs always sends content-length: amq-msg-type text makes the first a JMS TextMessage
  await withReceipt(client, (receipt) => client.publish({ destination, body: 'text from stompjs',
    headers: { 'amq-msg-type': 'text', kind: 'text', 'x-origin': 'stompjs', ...receipt } }));
  await withReceipt(client, (receipt) => client.publish({ destination, binaryBody: new Uint8Array([1, 2, 3, 0]),
    headers: { kind: 'bytes', ...receipt } }));
  await client.deactivate();
}

async function fromJms() {
  step(`connect over ${url} and receive what a JMS producer sent`);
  const { client } = await connect(`${root}-from-jms`);
  const q = await subscribe(client, `/queue/${root}.from-jms`, { ack: 'client-individual' });
  let m = await q.inbox.take('JMS TextMessage');
  equal([m.body, m.headers.kind, m.headers.n], ['text from jms', 'text', '42'], 'text body and properties');
  m.ack();
  m = await q.inbox.take('JMS BytesMessage');
  equal([Array.from(m.binaryBody), m.headers.kind], [[1, 2, 3, 0], 'bytes'], 'bytes body and property');
  check(m.headers['content-length'] === '4', `content-length of the bytes: ${m.headers['content-length']}`);
  m.ack();
  await client.deactivate();
}

run(async () => {
  const scenarios = { pubsub, 'to-jms': toJms, 'from-jms': fromJms };
  check(scenarios[scenario] !== undefined, `unknown SCENARIO ${scenario}`);
  await scenarios[scenario]();
});
