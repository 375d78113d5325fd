// What the stand-ins (no_*.js, cpu_shared.js) put in place of the TF.js parts the page
// leaves out: a function that says, if ever called, which part is missing.

/** Returns a function that throws "<what> is not part of the page's TF.js build". */
export const unavailable = (what) => () => {
  throw new Error(`${what} is not part of the page's TF.js build`);
};
