// The outbox: visits and receptions saved on the phone until the server has them.
// Loaded on every cadre page and imported by the service worker (sw-core.js).
// - An entry is a whole form as it was sent: its fields, its photos (as files) and its
//   one-time token. The server saves a token once, so sending an entry twice (a retry
//   whose first answer was lost, two tabs, the worker and a page at once) saves one visit.
// - A send that gets no answer (no signal, a cut connection, a timeout) or a 5xx is
//   tried again by itself: after about 5 s, 15 s, 60 s, then every few minutes while a
//   page is open, whenever a page of the app opens, when the browser says it is online,
//   and through Background Sync where the browser has it.
// - Entries belong to the cadre who wrote them: nothing is sent under another login.
// - [data-outbox-state] elements say what waits and why, in the texts they carry.
(function (self) {
  "use strict";
  var NAME = "gzz-outbox";
  var TIMEOUT = 90000; // a photo upload on a slow line takes a while; a dead one never ends
  var page = typeof document !== "undefined";
  var script = page ? document.currentScript : null;
  var config = page ? script.dataset : self.GZZ_CONFIG;
  var delays = (page ? config.retry.split(" ") : config.retry).map(Number);
  var channel = self.BroadcastChannel ? new BroadcastChannel(NAME) : null;
  var listeners = [];
  var db = null;

  function open() {
    if (db) return db;
    db = new Promise(function (done, fail) {
      var request = indexedDB.open(NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("entries", { keyPath: "token" });
        request.result.createObjectStore("meta");
      };
      request.onsuccess = function () { done(request.result); };
      request.onerror = function () { fail(request.error); };
    });
    return db;
  }

  function run(store, mode, work) {
    return open().then(function (base) {
      return new Promise(function (done, fail) {
        var tx = base.transaction(store, mode);
        var result = work(tx.objectStore(store));
        tx.oncomplete = function () { done(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { fail(tx.error); };
      });
    });
  }

  function changed(token, outcome, url) {
    if (channel) channel.postMessage({ token: token, outcome: outcome, url: url });
    notify({ token: token, outcome: outcome, url: url });
  }

  function notify(message) {
    listeners.forEach(function (fn) { fn(message); });
  }

  function getUser() {
    if (page) return Promise.resolve(config.user || null);
    return run("meta", "readonly", function (s) { return s.get("user"); });
  }

  function setUser(user) {
    return run("meta", "readwrite", function (s) {
      return user ? s.put(user, "user") : s.delete("user");
    });
  }

  function entries() {
    return Promise.all([run("entries", "readonly", function (s) { return s.getAll(); }), getUser()])
      .then(function (both) {
        return both[0].filter(function (e) { return both[1] && e.user === both[1]; })
          .sort(function (a, b) { return a.queued - b.queued; });
      });
  }

  function put(entry) {
    entry.user = config.user;
    entry.queued = entry.queued || Date.now();
    entry.attempts = 0;
    entry.nextAt = 0;
    entry.state = "waiting";
    return run("entries", "readwrite", function (s) { return s.put(entry); })
      .then(function () { changed(entry.token, "queued"); });
  }

  function remove(token) {
    return run("entries", "readwrite", function (s) { return s.delete(token); });
  }

  function update(entry) {
    return run("entries", "readwrite", function (s) { return s.put(entry); });
  }

  // One sender at a time across the tabs and the worker, where the browser can say so.
  function locked(work) {
    var locks = self.navigator && self.navigator.locks;
    return locks ? locks.request(NAME, work) : work();
  }

  function currentCsrf() {
    var input = page && document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : null;
  }

  function body(entry) {
    var data = new FormData();
    var csrf = currentCsrf(); // a page's own token is fresh; the worker has the stored one
    entry.fields.forEach(function (pair) {
      data.append(pair[0], pair[0] === "csrfmiddlewaretoken" && csrf ? csrf : pair[1]);
    });
    entry.files.forEach(function (f) { data.append(f.field, f.blob, f.name); });
    return data;
  }

  // What the answer means: saved, offline or cut (no answer), busy (5xx), login (the session
  // ended: sent again once the cadre is back), refused (the server will not take it).
  function judge(response) {
    var path = new URL(response.url).pathname;
    if (response.redirected && path === config.login) return "login";
    if (response.status >= 500) return "busy";
    if (response.ok && response.redirected) return "saved";
    if (response.status === 403 && !page) return "login"; // a stale form token: a page resends it
    return "refused";
  }

  function send(entry) {
    var abort = self.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (abort) abort.abort(); }, TIMEOUT);
    return fetch(entry.action, {
      method: "POST", body: body(entry), credentials: "same-origin",
      signal: abort ? abort.signal : undefined,
    }).then(function (response) {
      clearTimeout(timer);
      var outcome = judge(response);
      var read = outcome === "refused" ? response.text() : Promise.resolve("");
      return read.then(function (html) {
        return { outcome: outcome, url: response.url, status: response.status, html: html };
      });
    }, function () {
      clearTimeout(timer);
      // No answer: the phone knows when it has no network; otherwise the line broke
      // off (a reset, a timeout) somewhere on the way.
      return { outcome: self.navigator.onLine === false ? "offline" : "cut" };
    }).then(function (result) {
      return settle(entry, result).then(function () { return result; });
    });
  }

  function settle(entry, result) {
    var done;
    if (result.outcome === "saved") {
      done = remove(entry.token);
    } else {
      entry.problem = result.outcome;
      if (result.outcome === "refused") {
        entry.state = "refused";
      } else if (result.outcome === "login") {
        // Sent again when a page opens (the cadre logged in again), or after a while.
        entry.nextAt = Date.now() + delays[delays.length - 1] * 1000;
      } else {
        entry.attempts += 1;
        var wait = delays[Math.min(entry.attempts - 1, delays.length - 1)];
        entry.nextAt = Date.now() + wait * 1000;
      }
      done = update(entry);
    }
    return done.then(function () { changed(entry.token, result.outcome, result.url); });
  }

  // Send one entry now (the form's save), whatever its turn.
  function sendNow(token) {
    return locked(function () {
      return run("entries", "readonly", function (s) { return s.get(token); }).then(function (entry) {
        return entry ? send(entry) : { outcome: "gone" };
      });
    });
  }

  // Send what waits, oldest first; `force` ignores the backoff (a page opened, back online).
  // Stops at the first send without an answer: the others would get none either.
  function flush(options) {
    var force = options && options.force;
    return locked(function () {
      return entries().then(function (list) {
        var due = list.filter(function (e) {
          return e.state === "waiting" && (force || e.nextAt <= Date.now());
        });
        var chain = Promise.resolve(true);
        due.forEach(function (entry) {
          chain = chain.then(function (going) {
            if (!going) return false;
            return send(entry).then(function (r) { return r.outcome !== "offline" && r.outcome !== "cut"; });
          });
        });
        return chain;
      });
    }).then(summary);
  }

  function summary() {
    return entries().then(function (list) {
      var waiting = list.filter(function (e) { return e.state === "waiting"; });
      var last = waiting[waiting.length - 1];
      return {
        waiting: waiting.length,
        refused: list.length - waiting.length,
        problem: last ? last.problem : null,
        nextAt: waiting.reduce(function (t, e) { return Math.min(t, e.nextAt); }, Infinity),
        list: list,
      };
    });
  }

  function registerSync() {
    if (!page || !navigator.serviceWorker) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(self.Outbox.SYNC_TAG);
    }).catch(function () { /* no Background Sync: the pages resend */ });
  }

  self.Outbox = {
    SYNC_TAG: NAME,
    available: !!self.indexedDB,
    put: put, remove: remove, sendNow: sendNow, flush: flush, summary: summary,
    setUser: setUser, registerSync: registerSync,
    onchange: function (fn) { listeners.push(fn); },
  };

  if (!page || !self.indexedDB || !config.user) return;

  // A page of the app: show the state, resend on open, on `online` and after each delay.
  var timer = null;
  var sent = 0; // entries this page saw reach the server (sent from here or elsewhere)
  self.Outbox.onchange(function (m) { if (m.outcome === "saved") sent += 1; });

  function describe(el, s) {
    var d = el.dataset;
    var parts = [];
    if (s.waiting) {
      parts.push(d[s.problem] || "");
      parts.push((s.waiting === 1 ? d.one : d.many).replace("{n}", s.waiting));
    }
    if (s.refused) parts.push(d.refused.replace("{n}", s.refused));
    if (!parts.length && sent) parts.push(d.sent.replace("{n}", sent));
    return parts.filter(Boolean).join(" ");
  }

  function show(s) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-outbox-state]"), function (el) {
      var text = describe(el, s);
      el.textContent = text;
      el.hidden = !text;
    });
    clearTimeout(timer);
    if (s.waiting && s.nextAt !== Infinity) {
      timer = setTimeout(tick, Math.max(1000, s.nextAt - Date.now()));
    }
    return s;
  }

  function tick(force) {
    return flush({ force: force }).then(show).then(function (s) {
      // Background Sync fires as soon as the phone is online again: for a lost network,
      // not for a busy server (the waits above spare it).
      if (s.problem === "offline") registerSync();
      return s;
    });
  }

  self.Outbox.refresh = function () { return summary().then(show); };
  self.Outbox.tick = tick;
  if (channel) channel.onmessage = function (event) { notify(event.data); self.Outbox.refresh(); };

  setUser(config.user).catch(function () {});
  if (navigator.serviceWorker && config.sw) {
    navigator.serviceWorker.register(config.sw, { scope: "/" }).catch(function () {});
  }
  window.addEventListener("online", function () { tick(true); });
  tick(true).catch(function () { /* storage refused: the forms post as plain forms */ });
})(self);
