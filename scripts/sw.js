// Burnrate's service worker: keeps the app working offline after one visit.
// scripts/postbuild.mjs writes it to dist/sw.js with VERSION (a hash of every file of the
// build) and FILES (every file of the build, relative to the site's root) filled in.
//
// - install: every file of this build is stored in the cache `burnrate-<VERSION>`;
// - activate: caches of other builds are deleted;
// - fetch: requests to the site's own files go to the network first, so that a new
//   deploy is used on the next load; when the network fails (offline), the stored copy
//   answers. Page navigations fall back to the stored index.html. The open tokenizers'
//   tables under tokenizers/, which are not in FILES (they download when a family is first
//   chosen), are stored when first fetched. Nothing else is stored: the app sends no data
//   anywhere, so only these static files are ever cached.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `burnrate-${VERSION}`;
const scope = self.registration.scope;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((file) => new URL(file, scope).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('burnrate-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  event.respondWith(
    fetch(request).then(async (response) => {
      const file = request.url.slice(scope.length).split(/[?#]/)[0];
      if (response.ok && file.startsWith('tokenizers/') && !FILES.includes(file)) {
        // A full quota must not fail the download itself.
        await caches.open(CACHE).then((cache) => cache.put(request, response.clone())).catch(() => {});
      }
      return response;
    }).catch(async () => {
      const cache = await caches.open(CACHE);
      const stored = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
      if (stored) return stored;
      if (request.mode === 'navigate') {
        const index = await cache.match(new URL('index.html', scope).href);
        if (index) return index;
      }
      return Response.error();
    }),
  );
});
