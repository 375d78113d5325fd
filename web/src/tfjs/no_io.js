// Stands in for TF.js core's model storage and fetching (HTTP, IndexedDB, localStorage,
// file downloads and uploads, model management): the page fetches and verifies its model
// files itself and hands them to TF.js from memory, so these are never called.
import { unavailable } from './unavailable.js';
const missing = unavailable('TF.js model storage');
class Missing {
  constructor() {
    missing();
  }
}
export {
  missing as browserDownloads,
  missing as browserFiles,
  missing as browserHTTPRequest,
  missing as browserIndexedDB,
  missing as browserLocalStorage,
  missing as copyModel,
  missing as deleteDatabase,
  missing as http,
  missing as isHTTPScheme,
  missing as listModels,
  missing as moveModel,
  missing as removeModel,
  Missing as BrowserIndexedDB,
  Missing as BrowserIndexedDBManager,
  Missing as BrowserLocalStorage,
  Missing as BrowserLocalStorageManager,
  Missing as ModelStoreManagerRegistry,
};
