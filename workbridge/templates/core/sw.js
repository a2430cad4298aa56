// WorkBridge service worker (served from /sw.js by workbridge/core/pwa.py; scope "/").
const VERSION = "{{ version }}";
const PRECACHE = {{ precache|safe }};
const PAGES = {{ pages|safe }};
const STATIC_PREFIX = {{ static_prefix|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

// The page asks for a clean slate on log-out: nothing one person saw stays for the next on a shared phone.
self.addEventListener("message", (event) => {
  if (event.data === "logout") event.waitUntil(caches.delete(VERSION));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;  // writes go to the network; the page queues them when offline
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok) caches.open(VERSION).then((cache) => cache.put(request, response.clone()));
      return response;
    })));
    return;
  }
  if (request.mode === "navigate") {
    const keep = PAGES.includes(url.pathname);
    event.respondWith(fetch(request).then((response) => {
      if (keep && response.ok && !response.redirected) {
        const copy = response.clone();
        caches.open(VERSION).then((cache) => cache.put(url.pathname, copy));
      }
      return response;
    }).catch(() => caches.match(url.pathname).then((hit) => hit || caches.match("/offline/"))));
  }
});
