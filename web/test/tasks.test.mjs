// nextTask, which splits long work so that the browser can paint and answer input between.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { nextTask } from '../src/tasks.js';

afterEach(() => {
  delete globalThis.scheduler;
});

test('resolves in a later task, after a task already waiting', async () => {
  const order = [];
  setTimeout(() => order.push('waiting task'), 0);
  queueMicrotask(() => order.push('microtask'));
  await nextTask();
  order.push('after nextTask');
  assert.deepEqual(order, ['microtask', 'waiting task', 'after nextTask']);
});

test("uses the browser's scheduler.yield where there is one", async () => {
  let calls = 0;
  globalThis.scheduler = { yield: async () => calls++ };
  await nextTask();
  assert.equal(calls, 1);
});
