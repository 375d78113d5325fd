// Splits long work into tasks, so that the browser can paint and answer input between
// them: one task that runs long blocks the page (Lighthouse's Total Blocking Time).

/** Resolves in a later task, after any input and painting that wait. */
export function nextTask() {
  if (typeof globalThis.scheduler?.yield === 'function') return globalThis.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
