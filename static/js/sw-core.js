// The phone's service worker (registered by static/js/outbox.js; /sw.js hands it
// GZZ_CONFIG: the hashed static names and the pages to keep).
// - Pages a cadre opens (start page, visit and reception forms, household searches)
//   come from the network when there is one, and from the copy kept on the phone when
//   not, so the visit form opens without signal.
// - Static files with a hashed name never change: kept, and served from the phone.
// - Everything kept is dropped at log-out and whenever the login page shows (a session
//   that ended): the next person on the phone sees nothing of the last one's pages.
// - Background Sync sends the outbox (static/js/outbox.js) when the connection is back.
(function () {
  "use strict";
  var C = self.GZZ_CONFIG;
  var PAGES = "gzz-pages-" + C.version;
  var STATIC = "gzz-static-" + C.version;
  var HASHED = /\.[0-9a-f]{12}\.\w+$/;

  function keepPage(cache, url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      // Not signed in (the login page came back), or an error: nothing to keep.
      if (response.ok && !response.redirected) return cache.put(url, response);
    }).catch(function () { /* no signal while installing: kept when opened */ });
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(Promise.all([
      caches.open(STATIC).then(function (cache) { return cache.addAll(C.assets); }),
      caches.open(PAGES).then(function (cache) {
        return Promise.all(C.pages.map(function (url) { return keepPage(cache, url); }));
      }),
    ]).then(function () { return self.skipWaiting(); }));
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("gzz-") === 0 && name !== PAGES && name !== STATIC;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); }));
  });

  function forget() {
    return Promise.all([caches.delete(PAGES), self.Outbox.setUser(null)]);
  }

  function kept(url) {
    return C.kept.indexOf(url.pathname) !== -1;
  }

  function keptCopy(request, url) {
    return caches.open(PAGES).then(function (cache) {
      // A form opened with a query (?household=…) falls back to the plain form.
      return cache.match(request).then(function (hit) {
        return hit || (request.mode === "navigate" ? cache.match(url.pathname) : undefined);
      });
    });
  }

  // The network's page, kept for later; the kept copy when there is no network, or
  // when a weak signal has not answered within WAIT (settings.PHONE_PAGE_WAIT_SECONDS;
  // the network's answer, when it comes, is still kept for the next time).
  var WAIT = C.wait;
  function networkFirst(request, url) {
    var network = fetch(request).then(function (response) {
      if (response.ok && response.type === "basic" && !response.redirected && kept(url)) {
        var copy = response.clone();
        caches.open(PAGES).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
    return new Promise(function (done) {
      var timer = setTimeout(function () {
        keptCopy(request, url).then(function (hit) { if (hit) done(hit); });
      }, WAIT);
      network.then(function (response) {
        clearTimeout(timer);
        done(response);
      }, function () {
        clearTimeout(timer);
        keptCopy(request, url).then(function (hit) { done(hit || Response.error()); });
      });
    });
  }

  function staticFile(request, url) {
    if (!HASHED.test(url.pathname)) {
      // Unhashed names (development, tests) may change: the network first.
      return fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(STATIC).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(request).then(function (hit) { return hit || Response.error(); });
      });
    }
    return caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(STATIC).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) return;
    if (request.method !== "GET") {
      // Posts go to the network untouched; a log-out also empties the phone's copies.
      if (url.pathname === C.logout) event.waitUntil(forget());
      return;
    }
    if (url.pathname === C.login) {
      event.waitUntil(forget());
      return;
    }
    if (url.pathname.indexOf(C.static) === 0) {
      event.respondWith(staticFile(request, url));
    } else if (kept(url)) {
      event.respondWith(networkFirst(request, url));
    }
  });

  self.addEventListener("sync", function (event) {
    if (event.tag !== self.Outbox.SYNC_TAG) return;
    event.waitUntil(self.Outbox.flush({ force: true }).then(function (summary) {
      // Rejecting asks the browser to fire the sync again later, with its own backoff.
      if (summary.waiting) throw new Error("outbox still waiting");
    }));
  });
})();
