'use strict';
/*
 * rhea (AMQP 1.0 for Node.js) against a running FerryMQ broker. Run by RheaIT:
 *
 *   AMQP_PORT=5672 [AMQP_HOST=127.0.0.1] [AMQP_USER=alice AMQP_PASSWORD=secret] [QUEUE=rhea.q] \
 *   [SCENARIO=queue|pipelined|to-jms|from-jms] node rhea-interop.js
 *
 * SCENARIO queue (the default) waits for the broker's open, then walks through SASL, queue send/receive with
 * application properties, pre-settled sends, released/modified/rejected dispositions and the anonymous relay.
 * SCENARIO pipelined opens its links at once, so rhea sends open, begin and attach before the broker's open arrives
 * (AMQP 1.0 §2.4.1 pipelined open), as applications that attach right after connect() do.
 * SCENARIO to-jms sends plain AMQP messages (no JMS annotations) of every body kind for a Qpid JMS consumer that
 * RheaIT attached first; SCENARIO from-jms receives what a Qpid JMS producer sent and checks each body section,
 * content type and x-opt-jms-msg-type (the AMQP JMS Mapping).
 *
 * Each step prints "ok <step>"; the first failure prints "FAIL <step>: <reason>" and exits with 1 (2 for a usage
 * error). A step that waits longer than STEP_TIMEOUT_MS fails with what it was waiting for.
 */
const rhea = require('rhea');

const STEP_TIMEOUT_MS = 10000;
const QUIET_MS = 500;

const host = process.env.AMQP_HOST || '127.0.0.1';
const port = Number(process.env.AMQP_PORT);
const user = process.env.AMQP_USER;
const password = process.env.AMQP_PASSWORD;
const queue = process.env.QUEUE || 'rhea.interop';
const scenario = process.env.SCENARIO || 'queue';

const SCENARIOS = ['queue', 'pipelined', 'to-jms', 'from-jms'];
if (!SCENARIOS.includes(scenario)) {
    console.error('FAIL usage: SCENARIO is one of ' + SCENARIOS.join(', ') + ' (got "' + scenario + '")');
    process.exit(2);
}
if (!Number.isInteger(port) || port <= 0) {
    console.error('FAIL usage: set AMQP_PORT to the broker\'s AMQP port (got "' + process.env.AMQP_PORT + '")');
    process.exit(2);
}

let currentStep = 'connect';
let connectionFailure = null;
const failureListeners = [];

function fail(reason) {
    console.error('FAIL ' + currentStep + ': ' + reason);
    process.exit(1);
}

function describe(error) {
    if (!error) {
        return 'no error condition';
    }
    if (error.condition || error.description || error.message) {
        return [error.condition, error.description || error.message].filter((x) => x).join(' ');
    }
    return String(error);
}

/** Resolves with the promise's value, or rejects after STEP_TIMEOUT_MS (or when the connection fails). */
function within(what, promise, ms = STEP_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
        if (connectionFailure) {
            reject(new Error(connectionFailure));
            return;
        }
        const timer = setTimeout(() => reject(new Error('timed out after ' + ms + ' ms waiting for ' + what)), ms);
        const onFailure = (reason) => {
            clearTimeout(timer);
            reject(new Error(reason + ' (while waiting for ' + what + ')'));
        };
        failureListeners.push(onFailure);
        promise.then((v) => {
            clearTimeout(timer);
            failureListeners.splice(failureListeners.indexOf(onFailure), 1);
            resolve(v);
        }, (e) => {
            clearTimeout(timer);
            failureListeners.splice(failureListeners.indexOf(onFailure), 1);
            reject(e);
        });
    });
}

function once(emitter, event) {
    return new Promise((resolve, reject) => {
        emitter.once(event, resolve);
        if (event.endsWith('_open')) {
            const errorEvent = event.replace('_open', '_error');
            emitter.once(errorEvent, (context) => {
                const endpoint = context.sender || context.receiver || context.connection;
                reject(new Error(errorEvent + ': ' + describe(endpoint && endpoint.error)));
            });
        }
    });
}

/** The messages a receiver got, in order, taken one at a time. */
class Inbox {
    constructor(receiver) {
        this.contexts = [];
        this.waiters = [];
        receiver.on('message', (context) => {
            const waiter = this.waiters.shift();
            if (waiter) {
                waiter(context);
            } else {
                this.contexts.push(context);
            }
        });
    }

    next(what) {
        const ready = this.contexts.shift();
        if (ready) {
            return Promise.resolve(ready);
        }
        return within(what, new Promise((resolve) => this.waiters.push(resolve)));
    }

    /** Fails if a message arrives within QUIET_MS. */
    async none(why) {
        await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
        if (this.contexts.length > 0) {
            const m = this.contexts[0].message;
            throw new Error('unexpected message ' + JSON.stringify(m.body) + ': ' + why);
        }
    }
}

/** Sends once the sender has credit; resolves with the outcome's event name and the delivery. */
async function send(sender, message) {
    if (!sender.sendable()) {
        await within('credit for ' + sender.name, once(sender, 'sendable'));
    }
    const delivery = sender.send(message);
    if (delivery.settled) {
        return {outcome: 'presettled', delivery};
    }
    return within('the disposition of ' + JSON.stringify(message.body), new Promise((resolve) => {
        const outcomes = ['accepted', 'rejected', 'released', 'modified'];
        const handlers = {};
        for (const outcome of outcomes) {
            handlers[outcome] = (context) => {
                if (context.delivery !== delivery) {
                    return;
                }
                for (const o of outcomes) {
                    sender.removeListener(o, handlers[o]);
                }
                resolve({outcome, delivery: context.delivery});
            };
            sender.on(outcome, handlers[outcome]);
        }
    }));
}

/** JSON with object keys sorted: AMQP maps carry no order a broker must keep. */
function canonical(value) {
    return JSON.stringify(value, (key, v) => (v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v)
        && v.type !== 'Buffer' ? Object.keys(v).sort().reduce((o, k) => {
            o[k] = v[k];
            return o;
        }, {}) : v));
}

function expectEqual(actual, expected, what) {
    const a = canonical(actual);
    const e = canonical(expected);
    if (a !== e) {
        throw new Error(what + ': expected ' + e + ' but got ' + a);
    }
}

function step(name) {
    currentStep = name;
}

function ok() {
    console.log('ok ' + currentStep);
}

/** Opens and closes a connection of its own; resolves with 'open', or with the error that ended it. */
function probe(container, options) {
    return new Promise((resolve) => {
        const c = container.connect(Object.assign({host, port, reconnect: false}, options));
        let done = false;
        const finish = (result) => {
            if (!done) {
                done = true;
                resolve(result);
            }
        };
        c.on('connection_open', () => {
            c.close();
            finish('open');
        });
        c.on('connection_error', (context) => finish('error ' + describe(context.error || context.connection.error)));
        c.on('disconnected', (context) => finish('disconnected ' + describe(context.error
            || context.connection.error)));
        c.on('error', (context) => finish('error ' + describe(context.error)));
    });
}

/** Fails the current step when the connection fails (error, close with an error, or a lost socket). */
function watch(connection) {
    const onConnectionFailure = (reason) => {
        connectionFailure = reason;
        for (const listener of failureListeners.splice(0)) {
            listener(reason);
        }
    };
    connection.on('connection_error', (context) => onConnectionFailure('connection error: '
        + describe(context.error || context.connection.error)));
    connection.on('disconnected', (context) => onConnectionFailure('disconnected: '
        + describe(context.error || context.connection.error)));
    connection.on('error', (context) => onConnectionFailure('error: ' + describe(context.error)));
}

async function pipelined() {
    const container = rhea.create_container({id: 'ferry-rhea-pipelined'});
    step('open, begin and attach pipelined before the broker\'s open (AMQP 1.0 §2.4.1)');
    const connection = container.connect({host, port, reconnect: false});
    watch(connection);
    const receiver = connection.open_receiver({source: {address: queue}, autoaccept: false, credit_window: 10});
    const sender = connection.open_sender({target: {address: queue}});
    const inbox = new Inbox(receiver);
    // listen for all three at once: the answers may come in one read, before a later listener would exist
    const opened = once(connection, 'connection_open');
    const receiverOpened = once(receiver, 'receiver_open');
    const senderOpened = once(sender, 'sender_open');
    await within('the broker\'s open', opened);
    await within('the receiver\'s attach', receiverOpened);
    await within('the sender\'s attach', senderOpened);
    ok();

    step('a message over the pipelined links');
    const {outcome} = await send(sender, {body: 'pipelined', application_properties: {pipelined: true}});
    expectEqual(outcome, 'accepted', 'outcome');
    const context = await inbox.next('the message');
    expectEqual(context.message.body, 'pipelined', 'body');
    expectEqual(context.message.application_properties, {pipelined: true}, 'application properties');
    context.delivery.accept();
    ok();

    step('close');
    connection.close();
    await within('the broker\'s close', once(connection, 'connection_close'));
    ok();
}

/** Connects (SASL as configured) and waits for the broker's open. */
async function open(id) {
    const options = {host, port, reconnect: false};
    if (user) {
        options.username = user;
        options.password = password;
    }
    const connection = rhea.create_container({id}).connect(options);
    watch(connection);
    await within('the broker\'s open', once(connection, 'connection_open'));
    return connection;
}

async function close(connection) {
    connection.close();
    await within('the broker\'s close', once(connection, 'connection_close'));
}

/** Plain AMQP messages, one per body kind, with what a JMS consumer must see listed in RheaIT. */
async function toJms() {
    step('connect');
    const connection = await open('ferry-rhea-to-jms');
    const sender = connection.open_sender({target: {address: queue}});
    await within('the sender\'s attach', once(sender, 'sender_open'));
    ok();
    const messages = [
        {body: 'amqp-value string', subject: 'a-subject', correlation_id: 'corr-rhea', message_id: 'rhea-id-1',
            application_properties: {kind: 'string', n: 7, ratio: 0.25, flag: true}},
        {body: {a: 1, b: 'two', c: true}, application_properties: {kind: 'map'}},
        {body: [1, 'two', false], application_properties: {kind: 'list'}},
        {body: rhea.message.data_section(Buffer.from([1, 2, 3])), application_properties: {kind: 'data'}},
        {body: rhea.message.sequence_section([3, 'four']), application_properties: {kind: 'sequence'}},
        {body: Buffer.from([9, 8]), application_properties: {kind: 'binary'}},
        {body: rhea.message.data_section(Buffer.from('caf\u00e9', 'utf8')), content_type: 'text/plain; charset=utf-8',
            application_properties: {kind: 'text-data'}},
    ];
    for (const message of messages) {
        step('send ' + message.application_properties.kind);
        expectEqual((await send(sender, message)).outcome, 'accepted', 'outcome');
        ok();
    }
    step('close');
    await close(connection);
    ok();
}

function section(message) {
    const body = message.body;
    if (body && (body.typecode === 0x75 || body.typecode === 0x76)) {
        return {kind: body.typecode === 0x75 ? 'data' : 'sequence', content: body.content};
    }
    return {kind: 'value', content: body};
}

/** What Qpid JMS sent in RheaIT#qpidJmsToRhea, in that order. */
async function fromJms() {
    step('connect');
    const connection = await open('ferry-rhea-from-jms');
    const receiver = connection.open_receiver({source: {address: queue}, credit_window: 10});
    const inbox = new Inbox(receiver);
    await within('the receiver\'s attach', once(receiver, 'receiver_open'));
    ok();
    const jmsType = (m) => (m.message_annotations || {})['x-opt-jms-msg-type'];
    const expectations = [
        ['TextMessage: amqp-value string, x-opt-jms-msg-type 5', (m) => {
            expectEqual(section(m), {kind: 'value', content: 'text from jms'}, 'body');
            expectEqual(jmsType(m), 5, 'x-opt-jms-msg-type');
            expectEqual(m.application_properties, {kind: 'text', n: 42, flag: true}, 'application properties');
            expectEqual(m.subject, 'jms-type', 'subject (JMSType)');
            expectEqual(m.correlation_id, 'corr-jms', 'correlation-id');
            expectEqual(Boolean(m.durable), true, 'durable');
            expectEqual(m.priority, 6, 'priority');
            if (typeof m.message_id !== 'string' || !m.message_id.startsWith('ID:')) {
                throw new Error('message-id: expected the JMSMessageID "ID:...", got ' + JSON.stringify(m.message_id));
            }
        }],
        ['BytesMessage: data section, application/octet-stream, x-opt-jms-msg-type 3', (m) => {
            const s = section(m);
            expectEqual(s.kind, 'data', 'body section');
            expectEqual([...s.content], [1, 2, 3, 0, 0, 0, 42], 'bytes');
            expectEqual(m.content_type, 'application/octet-stream', 'content-type');
            expectEqual(jmsType(m), 3, 'x-opt-jms-msg-type');
        }],
        ['MapMessage: amqp-value map, x-opt-jms-msg-type 2', (m) => {
            expectEqual(section(m), {kind: 'value', content: {k: 'v', i: 42}}, 'body');
            expectEqual(jmsType(m), 2, 'x-opt-jms-msg-type');
        }],
        ['StreamMessage: a list, x-opt-jms-msg-type 4', (m) => {
            const s = section(m);
            if (s.kind === 'data') {
                throw new Error('body: expected amqp-value list or amqp-sequence, got a data section');
            }
            expectEqual(s.content, ['first', 5, true], 'list');
            expectEqual(jmsType(m), 4, 'x-opt-jms-msg-type');
        }],
        ['ObjectMessage: data section, application/x-java-serialized-object, x-opt-jms-msg-type 1', (m) => {
            const s = section(m);
            expectEqual(s.kind, 'data', 'body section');
            // java.io.ObjectOutputStream's stream magic
            expectEqual([...s.content.subarray(0, 2)], [0xac, 0xed], 'serialized Java object header');
            expectEqual(m.content_type, 'application/x-java-serialized-object', 'content-type');
            expectEqual(jmsType(m), 1, 'x-opt-jms-msg-type');
        }],
        ['Message: no body, x-opt-jms-msg-type 0', (m) => {
            expectEqual(jmsType(m), 0, 'x-opt-jms-msg-type');
            expectEqual(m.application_properties, {kind: 'plain'}, 'application properties');
        }],
    ];
    for (const [what, check] of expectations) {
        step(what);
        const context = await inbox.next(what);
        check(context.message);
        context.delivery.accept();
        ok();
    }
    step('close');
    await inbox.none('nothing more');
    await close(connection);
    ok();
}

async function main() {
    const container = rhea.create_container({id: 'ferry-rhea-interop'});

    step('SASL ANONYMOUS');
    expectEqual(await within('an anonymous SASL connection', probe(container, {username: 'anonymous'})), 'open',
        'SASL ANONYMOUS');
    ok();
    if (user) {
        step('SASL PLAIN with a wrong password is refused');
        const refused = await within('the refusal', probe(container, {username: user, password: password + '-wrong'}));
        // AMQP 1.0 §5.3.3.6: sasl-outcome code 1 (auth); rhea reports it as "Failed to authenticate: 1"
        if (!refused.includes('Failed to authenticate: 1')) {
            throw new Error('expected the SASL outcome auth (code 1), got: ' + refused);
        }
        console.log('  (' + refused.trim() + ')');
        ok();
    }

    const options = {host, port, reconnect: false, idle_time_out: 30000};
    if (user) {
        options.username = user;
        options.password = password;
    }
    const connection = container.connect(options);
    watch(connection);

    step('connect (' + (user ? 'SASL PLAIN as ' + user : 'no SASL layer: anonymous') + ')');
    const opened = await within('the broker\'s open', once(connection, 'connection_open'));
    const remote = opened.connection.remote.open;
    if (!remote || !remote.container_id) {
        throw new Error('the broker\'s open has no container id');
    }
    ok();

    step('attach a receiver, then a sender, on queue ' + queue);
    const receiver = connection.open_receiver({source: {address: queue}, autoaccept: false, credit_window: 20});
    const inbox = new Inbox(receiver);
    await within('the receiver\'s attach', once(receiver, 'receiver_open'));
    if (!receiver.remote.attach.source || receiver.remote.attach.source.address !== queue) {
        throw new Error('the attach answer names source ' + JSON.stringify(receiver.remote.attach.source));
    }
    const sender = connection.open_sender({target: {address: queue}});
    await within('the sender\'s attach', once(sender, 'sender_open'));
    ok();

    step('unsettled sends with application properties are accepted and received intact');
    const sent = [];
    for (let i = 0; i < 3; i++) {
        const message = {
            message_id: 'rhea-' + i,
            correlation_id: 'corr-' + i,
            subject: 'subject-' + i,
            durable: true,
            application_properties: {seq: i, kind: 'rhea', flag: i % 2 === 0, ratio: 1.5, big: 1099511627776},
            body: 'hello ' + i,
        };
        const {outcome} = await send(sender, message);
        expectEqual(outcome, 'accepted', 'outcome of send ' + i);
        sent.push(message);
    }
    for (const expected of sent) {
        const context = await inbox.next(expected.body);
        const m = context.message;
        expectEqual(m.body, expected.body, 'body');
        expectEqual(m.application_properties, expected.application_properties, 'application properties of '
            + expected.body);
        expectEqual(m.message_id, expected.message_id, 'message-id');
        expectEqual(m.correlation_id, expected.correlation_id, 'correlation-id');
        expectEqual(m.subject, expected.subject, 'subject');
        expectEqual(Boolean(m.durable), true, 'header durable');
        expectEqual(m.delivery_count || 0, 0, 'header delivery-count of a first delivery');
        context.delivery.accept();
    }
    await inbox.none('every message was accepted');
    ok();

    step('a map body (amqp-value) and a binary body (data section)');
    await send(sender, {body: {a: 1, b: 'two', c: true}});
    await send(sender, {body: rhea.message.data_section(Buffer.from([0, 1, 2, 255]))});
    const mapContext = await inbox.next('the map body');
    expectEqual(mapContext.message.body, {a: 1, b: 'two', c: true}, 'map body');
    mapContext.delivery.accept();
    const dataContext = await inbox.next('the data body');
    const data = dataContext.message.body;
    const bytes = data && data.typecode === 0x75 ? data.content : data;
    if (!Buffer.isBuffer(bytes) || !bytes.equals(Buffer.from([0, 1, 2, 255]))) {
        throw new Error('data body: expected <00 01 02 ff> but got ' + JSON.stringify(data));
    }
    dataContext.delivery.accept();
    ok();

    step('a pre-settled send (sender settle mode settled) arrives');
    const presettled = connection.open_sender({target: {address: queue}, snd_settle_mode: 1});
    await within('the pre-settled sender\'s attach', once(presettled, 'sender_open'));
    const {outcome: presettledOutcome} = await send(presettled, {body: 'pre-settled',
        application_properties: {mode: 'at-most-once'}});
    expectEqual(presettledOutcome, 'presettled', 'a delivery the sender settled itself');
    const presettledContext = await inbox.next('the pre-settled message');
    expectEqual(presettledContext.message.body, 'pre-settled', 'body');
    expectEqual(presettledContext.message.application_properties, {mode: 'at-most-once'}, 'application properties');
    presettledContext.delivery.accept();
    presettled.close();
    ok();

    step('released: the message comes back, delivery-count unchanged (AMQP 1.0 §3.4.4)');
    await send(sender, {body: 'release me'});
    const first = await inbox.next('the message to release');
    expectEqual(first.message.body, 'release me', 'body');
    first.delivery.release();
    const again = await inbox.next('the released message again');
    expectEqual(again.message.body, 'release me', 'body of the redelivery');
    expectEqual(again.message.delivery_count || 0, 0, 'delivery-count after released');
    again.delivery.accept();
    ok();

    step('modified delivery-failed: the message comes back with delivery-count 1 (AMQP 1.0 §3.4.5)');
    await send(sender, {body: 'fail me'});
    const failed = await inbox.next('the message to modify');
    failed.delivery.release({delivery_failed: true});
    const retried = await inbox.next('the modified message again');
    expectEqual(retried.message.body, 'fail me', 'body of the redelivery');
    expectEqual(retried.message.delivery_count || 0, 1, 'delivery-count after modified(delivery-failed)');
    retried.delivery.accept();
    ok();

    step('rejected: the message is not redelivered');
    await send(sender, {body: 'reject me'});
    const rejected = await inbox.next('the message to reject');
    expectEqual(rejected.message.body, 'reject me', 'body');
    rejected.delivery.reject({condition: 'rhea:test', description: 'rejected on purpose'});
    await inbox.none('a rejected message is dead-lettered, not redelivered');
    ok();

    step('drain on a second session: what is there, then a flow with zero credit (AMQP 1.0 §2.6.7)');
    const session2 = connection.create_session();
    session2.begin();
    const drainQueue = queue + '.drain';
    const drainer = session2.open_receiver({source: {address: drainQueue}, credit_window: 0});
    const drained = new Inbox(drainer);
    await within('the draining receiver\'s attach', once(drainer, 'receiver_open'));
    const drainSender = session2.open_sender({target: {address: drainQueue}});
    await within('the second session\'s sender attach', once(drainSender, 'sender_open'));
    for (const body of ['d1', 'd2']) {
        expectEqual((await send(drainSender, {body})).outcome, 'accepted', 'outcome of ' + body);
    }
    const drainedEvent = once(drainer, 'receiver_drained');
    drainer.drain = true;
    drainer.add_credit(5);
    expectEqual((await drained.next('d1')).message.body, 'd1', 'first drained body');
    expectEqual((await drained.next('d2')).message.body, 'd2', 'second drained body');
    await within('the flow that ends the drain', drainedEvent);
    expectEqual(drainer.credit, 0, 'link credit after the drain');
    drainer.drain = false;
    await drained.none('the drain used up the credit');
    drainSender.close();
    drainer.close();
    session2.close();
    ok();

    step('anonymous relay: per-message "to" is routed, a message without "to" is rejected');
    const relay = connection.open_sender({target: {}});
    await within('the relay sender\'s attach', once(relay, 'sender_open'));
    const {outcome: relayed} = await send(relay, {to: queue, body: 'relayed'});
    expectEqual(relayed, 'accepted', 'outcome of a send with "to"');
    const relayedContext = await inbox.next('the relayed message');
    expectEqual(relayedContext.message.body, 'relayed', 'body');
    relayedContext.delivery.accept();
    const {outcome: nowhere, delivery: nowhereDelivery} = await send(relay, {body: 'no address'});
    const state = nowhereDelivery.remote_state;
    expectEqual(nowhere, 'rejected', 'outcome of a send without "to" (error '
        + describe(state && state.error) + ')');
    relay.close();
    ok();

    step('close');
    receiver.close();
    sender.close();
    connection.close();
    await within('the broker\'s close', once(connection, 'connection_close'));
    ok();
}

const run = {'queue': main, 'pipelined': pipelined, 'to-jms': toJms, 'from-jms': fromJms}[scenario];
run().then(() => {
    console.log('all steps passed');
    process.exit(0);
}, (e) => fail(e && e.message ? e.message : String(e)));
