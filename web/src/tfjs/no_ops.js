// Stands in for the converter's op lists of the categories the page's models never use
// (see OP_CATEGORIES in graph_ops.js): their ops are then unknown, and a model that uses
// one is refused by the build, naming the op.
export const json = [];
