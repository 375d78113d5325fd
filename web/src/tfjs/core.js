// TF.js core without what the page never runs: no gradients, no optimizers. The build
// resolves every `import '@tensorflow/tfjs-core'` (ours and the converter's) to this file.
import '@tensorflow/tfjs-core/dist/base_side_effects';

export * from '@tensorflow/tfjs-core/dist/base';
