// The page's number formatting agrees with Intl's, which it avoids for its start-up cost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grouped } from '../src/format.js';

test('grouped() writes whole numbers as toLocaleString("en") does', () => {
  const numbers = [0, 7, 999, 1000, 104234, 1234567, 60000000, -1234];
  for (let n = 1; n < 1e12; n = n * 7 + 3) numbers.push(n);
  for (const n of numbers) assert.equal(grouped(n), n.toLocaleString('en'), String(n));
});
