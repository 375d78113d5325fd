// Keeps the examples a visitor taught across visits, in IndexedDB. What cannot be read
// back (another version's records, damaged data, storage turned off) is skipped with a
// note, never a broken page.
import { validateExample } from './api.js';

const DATABASE = 'fashion-mnist';
const STORE = 'taught'; // one record per example: {pixels: Float32Array, label}

/** Opens the database, creating its store on the first visit. */
function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () =>
      request.result.createObjectStore(STORE, { autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('another tab holds the storage open'));
  });
}

/**
 * Runs fn(store) in one transaction; fn may return a function that reads its requests'
 * results, and the promise resolves with what that returns once the transaction commits.
 */
async function transact(mode, fn) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const read = fn(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(read?.());
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error ?? new Error('the write was aborted'));
    });
  } finally {
    db.close();
  }
}

/** Tells whether a stored record is a usable example of `perImage` pixels and `classes` classes. */
function usable(record, perImage, classes) {
  const { pixels, label } = record ?? {};
  try {
    // As saved: a Float32Array, and an example the contract's teach would take.
    return pixels instanceof Float32Array && !!validateExample(pixels, label, perImage, classes);
  } catch {
    return false;
  }
}

/**
 * Reads the examples kept from earlier visits: {examples: [{key, pixels, label}], note},
 * with a note when some could not be read or storage is not available.
 */
export async function loadTaught(perImage, classes) {
  let keys;
  let records;
  try {
    [keys, records] = await transact('readonly', (store) => {
      const keyRequest = store.getAllKeys();
      const recordRequest = store.getAll();
      return () => [keyRequest.result, recordRequest.result];
    });
  } catch (err) {
    return {
      examples: [],
      note: `Taught examples cannot be kept on this browser (${err.message}).`,
    };
  }
  const examples = [];
  records.forEach((record, i) => {
    if (usable(record, perImage, classes)) examples.push({ key: keys[i], ...record });
  });
  const skipped = records.length - examples.length;
  const note = skipped
    ? `${skipped} stored taught example${skipped > 1 ? 's were' : ' was'} unreadable and ignored.`
    : '';
  return { examples, note };
}

/** Keeps one example; resolves with its key, or null when storage is not available. */
export async function saveTaught(pixels, label) {
  try {
    return await transact('readwrite', (store) => {
      const request = store.add({ pixels, label });
      return () => request.result;
    });
  } catch {
    return null; // it still counts for this visit
  }
}

/** Removes the examples with these keys (null keys were never stored). */
export async function removeTaught(keys) {
  const stored = keys.filter((key) => key !== null);
  if (!stored.length) return;
  await transact('readwrite', (store) => {
    for (const key of stored) store.delete(key);
  }).catch(() => {});
}
