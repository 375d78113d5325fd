// Stands in for TF.js core's 64-bit string hashing (hash_util and the `long` library it
// needs), which only string ops use; the page's models have none.
const missing = () => {
  throw new Error("String hashing is not part of the page's TF.js build");
};
export const hexToLong = missing;
export const fingerPrint64 = missing;
