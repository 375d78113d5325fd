// The TensorFlow graph ops the page's TF.js build can run. The build refuses a model
// that uses any other op, naming it, instead of shipping a page that fails to load it.
export const GRAPH_OPS = [
  'Const',
  'Identity',
  'MaxPool',
  'Pack',
  'Placeholder',
  'Reshape',
  'Shape',
  'Softmax',
  'StridedSlice',
  '_FusedConv2D',
  '_FusedMatMul',
];
