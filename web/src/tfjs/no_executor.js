// Stands in for the converter's executors of the categories the page's models never use
// (see OP_CATEGORIES in graph_ops.js); no op of theirs can reach it.
export function executeOp(node) {
  throw new Error(`${node.op} is not in the page's TF.js build`);
}
