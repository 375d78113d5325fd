// The page's side of its service worker (sw.js): registering it, and the one reload after
// which the worker can make the page cross-origin isolated on hosts that send no COOP and
// COEP headers themselves (WebAssembly threads need isolation; see model.js).
import { usefulThreads } from './model.js';

const RELOADED_KEY = 'fashion-mnist-isolation-reload'; // sessionStorage: the reload is spent

// Whether the visitor has done anything yet; a reload would lose what they did, so after
// their first touch the page stays as it is and is isolated from the next visit on.
let touched = false;
for (const type of ['pointerdown', 'keydown', 'drop', 'paste']) {
  addEventListener(type, () => (touched = true), { capture: true, once: true });
}

/**
 * Tells whether this page may reload itself to become isolated: it is not isolated yet,
 * threads would help on this device, and it has not reloaded for it in this tab before
 * (if it still is not isolated after that reload, the browser will not isolate it, and
 * it carries on single-threaded).
 */
function mayReload() {
  if (globalThis.crossOriginIsolated || usefulThreads() < 2) return false;
  try {
    return sessionStorage.getItem(RELOADED_KEY) === null;
  } catch {
    return false; // without storage, nothing would stop a reload loop
  }
}

/** Reloads the page, once per tab: the worker that now controls it serves it isolated. */
function reloadIsolated() {
  if (touched) return false; // the visitor has begun (a drawing, an upload): keep their work
  try {
    sessionStorage.setItem(RELOADED_KEY, '1');
  } catch {
    return false;
  }
  location.reload();
  return true;
}

/**
 * Registers the service worker, which keeps the site working offline; failure is harmless.
 * On a first visit to a host without isolation headers, reloads the page once the new
 * worker controls it: the returned promise settles only when no reload is coming.
 */
export async function registerServiceWorker() {
  const container = navigator.serviceWorker;
  if (!container) return; // no service workers here (some private windows): single-threaded
  let reloading = false;
  const onControl = () => {
    reloading = reloadIsolated();
  };
  const reload = mayReload();
  if (reload) container.addEventListener('controllerchange', onControl, { once: true });
  try {
    const registration = await container.register('sw.js');
    const incoming = registration.installing ?? registration.waiting;
    // The worker claims the page while it activates, before it reports 'activated'; one
    // that fails to install reports 'redundant'. Either way the page carries on as it is,
    // unless it is reloading.
    if (reload && incoming) {
      await new Promise((resolve) => {
        incoming.addEventListener('statechange', () => {
          if (['activated', 'redundant'].includes(incoming.state) && !reloading) resolve();
        });
      });
    }
  } catch (err) {
    console.warn(`The site will not work offline: ${err.message}`);
  } finally {
    container.removeEventListener('controllerchange', onControl);
  }
}
