// Stands in for the helpers of op families the page's models never run: einsum, gather
// and scatter by index, ragged and sparse tensors and segment reductions (which TF.js
// core gathers into its backend_util namespace), and non-max suppression (kernel_impls).
// Backends reach them only through those ops.
import { unavailable } from './unavailable.js';
const missing = unavailable('This op');
export {
  missing as nonMaxSuppressionV3Impl,
  missing as nonMaxSuppressionV4Impl,
  missing as nonMaxSuppressionV5Impl,
};
