// The TensorFlow graph ops the page's TF.js build can run. The build refuses a model
// that uses any other op, naming it, instead of shipping a page that fails to load it.
export const GRAPH_OPS = [
  'Const',
  'Identity',
  'MaxPool',
  'Placeholder',
  'Reshape',
  'Softmax',
  '_FusedConv2D',
  '_FusedMatMul',
];

// The converter's categories of those ops (its op_list/<category>.js): the build leaves
// the op lists and executors of every other category out (web/esbuild.mjs).
export const OP_CATEGORIES = [
  'convolution', // MaxPool, _FusedConv2D
  'graph', // Const, Identity, Placeholder
  'matrices', // _FusedMatMul
  'normalization', // Softmax
  'transformation', // Reshape
];

// The functions of TF.js's WASM binary that the kernels registered in index.js call (each
// through cwrap; Identity and Reshape run in JavaScript). The build strips every
// other kernel out of the page's binaries (web/strip_wasm.mjs); the training worker, which
// runs all of TF.js, gets the binaries whole.
export const WASM_KERNELS = ['FusedConv2D', 'MaxPool', 'Softmax', '_FusedMatMul'];
