// The CPU backend's kernel helpers the WASM backend borrows, each from its own file. The
// build resolves the WASM backend's import of the CPU backend's `dist/shared` (which
// reaches every CPU kernel) to this file, so only these come into the page.
export { concatImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Concat_impl';
export { rangeImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Range_impl';
export { sliceImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Slice';
export { stringNGramsImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/StringNGrams_impl';
export { stringSplitImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/StringSplit_impl';
export { stringToHashBucketFastImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/StringToHashBucketFast_impl';
export { uniqueImpl } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Unique_impl';
