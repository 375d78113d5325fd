// The CPU backend's kernel helpers the WASM backend borrows, each from its own file. The
// build resolves the WASM backend's import of the CPU backend's `dist/shared` (which
// reaches every CPU kernel) to this file, so only these come into the page.
import { unavailable } from './unavailable.js';
export { concatImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Concat_impl';
export { rangeImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Range_impl';
export { sliceImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Slice';

// The string and Unique kernels that borrow these are not registered (see index.js).
const missing = unavailable('String and Unique kernels');
export {
  missing as stringNGramsImpl,
  missing as stringSplitImpl,
  missing as stringToHashBucketFastImpl,
  missing as uniqueImpl,
};
