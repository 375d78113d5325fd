// Stands in for TF.js core's 64-bit string hashing (hash_util and the `long` library it
// needs), which only string ops use; the page's models have none.
import { unavailable } from './unavailable.js';
const missing = unavailable('String hashing');
export const hexToLong = missing;
export const fingerPrint64 = missing;
