// When the page says it is not sure (web/src/uncertainty.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrated, doubt, judge } from '../src/uncertainty.js';

const NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat'];

test('calibrated keeps the ranking and sharpens or softens with the temperature', () => {
  const probs = [0.6, 0.3, 0.1];
  assert.deepEqual(
    calibrated(probs, 1).map((p) => p.toFixed(6)),
    ['0.600000', '0.300000', '0.100000'],
  );
  const soft = calibrated(probs, 2);
  const sharp = calibrated(probs, 0.5);
  assert.ok(soft[0] < 0.6 && sharp[0] > 0.6);
  assert.ok(Math.abs(soft.reduce((a, b) => a + b) - 1) < 1e-9);
  assert.ok(Math.abs(sharp[0] - 0.36 / 0.46) < 1e-9); // p² renormalised
});

test('a confident prediction is sure', () => {
  const verdict = judge([0.02, 0.9, 0.03, 0.03, 0.02], { temperature: 1, minConfidence: 0.5 });
  const { confidence, ...rest } = verdict;
  assert.deepEqual(rest, { unsure: false, torn: false, first: 1, second: 2 });
  assert.ok(Math.abs(confidence - 0.9) < 1e-9);
  assert.equal(doubt(verdict, NAMES), '');
});

test('two likely classes make it torn between them', () => {
  const verdict = judge([0.05, 0.02, 0.45, 0.03, 0.45], { temperature: 1, minConfidence: 0.5 });
  assert.ok(verdict.unsure && verdict.torn);
  assert.match(doubt(verdict, NAMES), /^Not sure: maybe (Pullover or Coat|Coat or Pullover)$/);
});

test('probability spread over many classes looks like no clothing', () => {
  const verdict = judge([0.2, 0.2, 0.2, 0.2, 0.2], { temperature: 1, minConfidence: 0.5 });
  assert.ok(verdict.unsure && !verdict.torn);
  assert.equal(doubt(verdict, NAMES), "This doesn't look like clothing");
});

test('the temperature decides near the threshold', () => {
  const probs = [0.55, 0.35, 0.1];
  assert.equal(judge(probs, { temperature: 1, minConfidence: 0.5 }).unsure, false);
  assert.equal(judge(probs, { temperature: 3, minConfidence: 0.5 }).unsure, true);
});

test('a model exported without calibration is trusted as it is', () => {
  const verdict = judge([0.2, 0.2, 0.2, 0.2, 0.2]);
  assert.equal(verdict.unsure, false);
  assert.equal(doubt(verdict, NAMES), '');
});
