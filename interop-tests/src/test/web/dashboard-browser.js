'use strict';
// dashboard.html in headless Chromium (Debian's chromium, driven by playwright-core) against FerryMQ over wss://
// and ws://, with mqtt.js over plain TCP MQTT as the sensors and the fan outside the browser. Environment:
//   WSS_URL      wss://localhost:<wss>
//   WS_URL       ws://127.0.0.1:<ws>
//   MQTT_URL     mqtt://127.0.0.1:<mqtt> (the outside: sensors publish, the fan subscribes)
//   CERT_FILE    PEM of the server certificate (first in the file): Chromium trusts its public key only, by
//                --ignore-certificate-errors-spki-list (no blanket --ignore-certificate-errors)
//   TOPIC_ROOT   first topic level, unique per run
//   CHROMIUM     the browser (default /usr/bin/chromium, Debian's)
// The dashboard's STOMP acknowledgement lands on the queue <root>.commands, which the Java test reads with JMS.
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const mqtt = require('mqtt');
const { chromium } = require('playwright-core');
const { env, step, check, equal, run, Inbox, within } = require('./support');

const wss = env('WSS_URL');
const ws = env('WS_URL');
const root = env('TOPIC_ROOT');
const executablePath = env('CHROMIUM', '/usr/bin/chromium');

const FILES = {
  '/': ['dashboard.html', 'text/html'],
  '/blank': [null, 'text/html'],
  '/mqtt.min.js': ['node_modules/mqtt/dist/mqtt.min.js', 'text/javascript'],
  '/stomp.umd.min.js': ['node_modules/@stomp/stompjs/bundles/stomp.umd.min.js', 'text/javascript'],
};

/** base64(SHA-256(SubjectPublicKeyInfo)) of the first certificate in the PEM file, as Chromium's flag wants it. */
function spkiHash(file) {
  const spki = new crypto.X509Certificate(fs.readFileSync(file)).publicKey.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(spki).digest('base64');
}

function serve() {
  const server = http.createServer((req, res) => {
    const file = FILES[new URL(req.url, 'http://x').pathname];
    if (!file) {
      res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[1] });
    res.end(file[0] ? fs.readFileSync(path.resolve(__dirname, file[0])) : '<!DOCTYPE html><title>blank</title>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function launch(extraArgs) {
  check(fs.existsSync(executablePath), `${executablePath} is missing: install Debian's chromium `
    + '(apt-get install chromium) or run .ci/run, or set CHROMIUM / -Dferry.chromium to a Chromium binary');
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: 30_000,
    // Playwright adds --no-sandbox (chromiumSandbox is false) and a fresh --user-data-dir of its own, which
    // --ignore-certificate-errors-spki-list requires
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

async function outside() {
  const client = await within(mqtt.connectAsync(env('MQTT_URL'),
    { clientId: `${root}-outside`, protocolVersion: 5, reconnectPeriod: 0 }), 15_000, 'outside connect');
  const inbox = new Inbox('outside');
  client.on('message', (topic, payload) => inbox.push({ topic, payload: payload.toString() }));
  await client.subscribeAsync([`${root}/commands/#`, `${root}/dashboard/#`], { qos: 1 });
  return { client, inbox };
}

async function dashboard(base, server) {
  step(`launch ${executablePath} trusting the server key only`);
  const browser = await launch([`--ignore-certificate-errors-spki-list=${spkiHash(env('CERT_FILE'))}`]);
  console.log(`browser: Chromium ${browser.version()}`);
  const sensors = await outside();
  try {
    const page = await browser.newPage();
    page.on('console', (m) => console.log(`page console ${m.type()}: ${m.text()}`));
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    const query = new URLSearchParams({ wss, ws, root });
    step('the dashboard connects over wss (MQTT 5 and STOMP) and ws (MQTT 3.1.1)');
    await page.goto(`${base}/?${query}`);
    await page.waitForFunction(() => document.body.dataset.error
        || (document.body.dataset.mqtt === 'subscribed' && document.body.dataset.stomp === 'subscribed'),
      null, { timeout: 20_000 });
    const state = await page.evaluate(() => ({ ...document.body.dataset }));
    check(!state.error, `the page failed: ${state.error}`);
    equal(state.stompProtocol, 'v12.stomp', 'STOMP WebSocket subprotocol in the browser');
    let m = await sensors.inbox.take('presence published by the page over ws://');
    equal([m.topic, m.payload], [`${root}/dashboard/online`, 'yes'], 'presence topic and payload');

    step('readings published over TCP MQTT appear in the DOM');
    await sensors.client.publishAsync(`${root}/room1/temperature`, '21.5', { qos: 1,
      properties: { userProperties: { unit: 'C' } } });
    await sensors.client.publishAsync(`${root}/room2/temperature`, '19.0', { qos: 0 });
    await sensors.client.publishAsync(`${root}/room1/temperature`, '22.0', { qos: 1,
      properties: { userProperties: { unit: 'C' } } });
    await page.waitForFunction(() => {
      const items = [...document.querySelectorAll('#readings li')].map((li) => li.textContent);
      return items.includes('room1: 22.0 C') && items.includes('room2: 19.0');
    }, null, { timeout: 10_000 });
    equal(await page.locator('#readings li').allTextContents(), ['room1: 22.0 C', 'room2: 19.0'], 'readings');

    step('an alert published over TCP MQTT reaches the STOMP subscriber in the browser');
    await sensors.client.publishAsync(`${root}/alerts`, 'room1 too warm', { qos: 1 });
    await page.waitForFunction(() => document.querySelectorAll('#alerts li').length === 1, null, { timeout: 10_000 });
    equal(await page.locator('#alerts li').allTextContents(), ['room1 too warm'], 'alerts');

    step('the Fan on button publishes over MQTT (wss); the fan outside receives it');
    await page.click('#fan-on');
    m = await sensors.inbox.take('fan command');
    equal([m.topic, m.payload], [`${root}/commands/fan`, 'on'], 'command topic and payload');

    step('the Acknowledge button sends over STOMP (wss) to the commands queue');
    await page.click('#ack-alerts');
    await page.waitForFunction(() => document.body.dataset.ack === 'sent' || document.body.dataset.error, null,
      { timeout: 10_000 });
    const after = await page.evaluate(() => ({ ...document.body.dataset }));
    check(!after.error, `the page failed: ${after.error}`);
    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
  } finally {
    await sensors.client.endAsync();
    await browser.close();
  }
}

/** Without the pin the same wss connection fails: the trust comes from the flag, not from lax checking. */
async function unpinned(base) {
  step('without the SPKI pin Chromium refuses the wss certificate');
  const browser = await launch([]);
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/blank`);
    const outcome = await page.evaluate((url) => new Promise((resolve) => {
      const socket = new WebSocket(url, 'mqtt');
      socket.onopen = () => {
        socket.close();
        resolve('open');
      };
      socket.onerror = () => resolve('error');
      setTimeout(() => resolve('timeout'), 10_000);
    }), `${wss}/mqtt`);
    equal(outcome, 'error', 'unpinned wss outcome');
  } finally {
    await browser.close();
  }
}

run(async () => {
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    await dashboard(base, server);
    await unpinned(base);
  } finally {
    server.close();
  }
});
