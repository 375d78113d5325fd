// The CPU backend's kernel helpers the WASM backend borrows, each from its own file. The
// build resolves the WASM backend's import of the CPU backend's `dist/shared` (which
// reaches every CPU kernel) to this file, so only these come into the page.
export { concatImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Concat_impl';
export { rangeImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Range_impl';
export { sliceImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Slice';

// The string and Unique kernels that borrow these are not registered (see index.js).
const missing = () => {
  throw new Error("String and Unique kernels are not part of the page's TF.js build");
};
export {
  missing as stringNGramsImpl,
  missing as stringSplitImpl,
  missing as stringToHashBucketFastImpl,
  missing as uniqueImpl,
};
