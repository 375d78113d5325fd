// Says when the page should not trust a prediction. The model's probabilities are
// calibrated with the temperature the export fitted on validation data
// (export/calibrate.py); below the calibrated confidence the export chose there, the
// page is not sure: torn between two classes when they hold most of the probability,
// otherwise the input looks like none of them.

const TORN = 0.8; // two classes that hold this much calibrated probability: torn between them

/** Returns softmax(log(probs) / temperature): the same ranking, sharper or softer. */
export function calibrated(probs, temperature) {
  const logits = Array.from(probs, (p) => Math.log(Math.max(p, 1e-12)) / temperature);
  const top = Math.max(...logits);
  const scaled = logits.map((z) => Math.exp(z - top));
  const sum = scaled.reduce((a, b) => a + b, 0);
  return scaled.map((v) => v / sum);
}

const TRUSTING = { temperature: 1, minConfidence: 0 }; // a model exported without calibration

/**
 * Judges one prediction with a model's calibration {temperature, minConfidence}:
 * returns {unsure, torn, first, second, confidence}, the two likeliest classes and
 * the calibrated confidence in the first.
 */
export function judge(probs, { temperature, minConfidence } = TRUSTING) {
  const scaled = calibrated(probs, temperature);
  const [first, second] = [...scaled.keys()].sort((a, b) => scaled[b] - scaled[a]);
  const confidence = scaled[first];
  const unsure = confidence < minConfidence;
  return { unsure, torn: unsure && confidence + scaled[second] >= TORN, first, second, confidence };
}

/** Puts a verdict in words when the page is not sure; '' when it is. */
export function doubt(verdict, classNames) {
  if (!verdict.unsure) return '';
  if (verdict.torn) {
    return `Not sure: maybe ${classNames[verdict.first]} or ${classNames[verdict.second]}`;
  }
  return "This doesn't look like clothing";
}
