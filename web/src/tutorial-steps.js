// The tutorial's steps in Keras beside the same steps in TensorFlow.js, as the train
// panel shows them. DOM out; no state.
import { el } from './ui.js';

// The tutorial's steps in Keras, and the same steps as the training worker runs them.
const KERAS_STEPS = `model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation='relu'),
    tf.keras.layers.Dense(10)
])
model.compile(optimizer='adam',
    loss=tf.keras.losses.SparseCategoricalCrossentropy(
        from_logits=True),
    metrics=['accuracy'])
model.fit(train_images, train_labels, epochs=10)
test_loss, test_acc = model.evaluate(
    test_images, test_labels)
probability_model = tf.keras.Sequential(
    [model, tf.keras.layers.Softmax()])
predictions = probability_model.predict(test_images)`;
const TFJS_STEPS = `const model = tf.sequential({layers: [
  tf.layers.flatten({inputShape: [28, 28]}),
  tf.layers.dense({units: 128, activation: 'relu'}),
  tf.layers.dense({units: 10, activation: 'softmax'}),
]});
model.compile({optimizer: tf.train.adam(learningRate),
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy']});
await model.fit(trainImages, trainLabels, {epochs,
  batchSize, validationData: [valImages, valLabels]});
// evaluate: the page counts right answers per class
const predictions = model.predict(testImages);`;

/** Fills the panel's <details> with the tutorial's steps: Keras beside TF.js. */
export function showSteps(details) {
  const column = (caption, code) =>
    el('figure', {}, el('figcaption', {}, caption), el('pre', {}, el('code', {}, code)));
  details.replaceChildren(
    el('summary', {}, "The tutorial's steps in Keras, and the same steps in TensorFlow.js"),
    el(
      'div',
      { className: 'code-pair' },
      column('Keras (Python), from the tutorial', KERAS_STEPS),
      column('TensorFlow.js, as this page runs it', TFJS_STEPS),
    ),
    el(
      'p',
      { className: 'muted' },
      "TF.js's loss takes probabilities, so the softmax is the last layer's activation " +
        'instead of a separate probability model; the predictions are the same.',
    ),
  );
}
