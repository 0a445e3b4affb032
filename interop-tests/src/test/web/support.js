'use strict';
// Shared by the scripts that the Java ITs run: the environment they are given, one printed line per step, a hard
// deadline, and an inbox that waits for the next message with a timeout. A script ends with "all steps passed" and
// exit code 0, or prints the failing step and exits 1.

const DEFAULT_TIMEOUT = 10_000;

function env(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    if (fallback === undefined) {
      throw new Error(`environment variable ${name} is not set`);
    }
    return fallback;
  }
  return value;
}

let current = '(start)';

function step(name) {
  current = name;
  console.log(`step: ${name}`);
}

function check(condition, message) {
  if (!condition) {
    throw new Error(`${current}: ${message}`);
  }
}

function equal(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e} but was ${a}`);
}

/** Runs main() under a deadline (SCRIPT_TIMEOUT_MS, 60 s) and exits with its outcome. */
function run(main) {
  const limit = Number(env('SCRIPT_TIMEOUT_MS', '60000'));
  const timer = setTimeout(() => {
    console.log(`FAILED at ${current}: not done after ${limit} ms`);
    process.exit(2);
  }, limit);
  main().then(() => {
    clearTimeout(timer);
    console.log('all steps passed');
    process.exit(0);
  }, (e) => {
    console.log(`FAILED at ${current}: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  });
}

/** Messages as they arrive; take() waits for the next one. */
class Inbox {
  constructor(name) {
    this.name = name;
    this.items = [];
    this.waiters = [];
  }

  push(item) {
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter(item);
    } else {
      this.items.push(item);
    }
  }

  take(what, timeout = DEFAULT_TIMEOUT) {
    if (this.items.length > 0) {
      return Promise.resolve(this.items.shift());
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${current}: no ${what} on ${this.name} within ${timeout} ms`));
      }, timeout);
      const waiter = (item) => {
        clearTimeout(timer);
        resolve(item);
      };
      this.waiters.push(waiter);
    });
  }

  /** Fails if anything arrives within `ms`. */
  async none(what, ms = 300) {
    await new Promise((r) => setTimeout(r, ms));
    check(this.items.length === 0, `unexpected ${what} on ${this.name}: ${JSON.stringify(this.items[0])}`);
  }
}

/** Rejects after `ms` unless the promise settles first. */
function within(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${current}: ${what} not done within ${ms} ms`)), ms);
    }),
  ]);
}

module.exports = { env, step, check, equal, run, Inbox, within };
