// The service worker: after the first visit, the whole site works offline, and the page
// is cross-origin isolated (so WebAssembly can run threaded) even on hosts that send no
// COOP and COEP headers. The build (web/build.mjs) fills in BUILD and PRECACHE; every file
// but the page itself has a content-hashed name, so a cached copy is never stale.
const BUILD = '__BUILD__';
const PRECACHE = ['__PRECACHE__'];
const CACHE = `fashion-mnist-${BUILD}`;
const SCOPE = new URL('./', self.location).pathname; // the site's folder, e.g. "/"
const PRECACHED = new Set(PRECACHE);
// What makes the page cross-origin isolated, as `python -m web` sends it (web/server.py).
// COEP require-corp rather than credentialless: Safari long knew only require-corp, and
// it allows every file the page loads, all of them its own (same-origin).
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n !== CACHE).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

/** Returns the page's response with the isolation headers (others, e.g. redirects, as they are). */
function isolated(response) {
  if (response.type !== 'basic') return response; // an error or a redirect has no page to isolate
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  const { status, statusText } = response;
  return new Response(response.body, { status, statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The page itself: the network's newest copy when online, the cached one offline.
    event.respondWith(
      fetch(request)
        .catch(() =>
          caches.match('./', { cacheName: CACHE }).then((hit) => hit ?? Response.error()),
        )
        .then(isolated),
    );
    return;
  }
  // The site's own files come from the cache; anything else goes to the network as usual.
  const path = new URL(request.url).pathname.slice(SCOPE.length);
  if (!PRECACHED.has(path)) return;
  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)),
  );
});
