// Visit and reception forms on a weak connection. Everything here is optional:
// without JavaScript the forms post normally. With it, the phone
// - keeps what is being typed until it is saved, and offers it again on the next visit;
// - puts a saved visit, photos and all, in the outbox (static/js/outbox.js), which sends
//   it now or, without signal or with a busy server, by itself later;
// - shows the server's remarks on the form itself when it refuses what was sent;
// - shrinks photos before upload; finds households as the cadre types;
// - adds a location only when the cadre taps for it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft]");
  if (!form || !window.fetch || !window.FormData) return;
  var key = "draft:" + form.dataset.draft + ":" + location.pathname;
  var texts = JSON.parse(document.getElementById("log-form-texts").textContent);
  var outbox = window.Outbox && window.Outbox.available && form.elements.token &&
    form.elements.token.value !== "" ? window.Outbox : null;
  var queued = null; // the token of the last visit this page left in the outbox
  var sending = null; // the token of the visit being sent from this page now
  var SKIP = { csrfmiddlewaretoken: 1, q: 1, find: 1, token: 1 };

  function el(selector) { return form.querySelector(selector); }
  function say(text) { var s = el("[data-send-status]"); if (s) s.textContent = text; }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // A new form gets its own token and the time now, even when it is a copy the phone
  // kept from days ago: two visits typed without signal are two visits.
  function freshen() {
    form.elements.token.value = uuid();
    var when = form.elements.occurred_at, d = new Date();
    if (when) {
      when.value = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
        "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
    }
  }

  function fields(all) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || input.type === "file" || (!all && SKIP[input.name])) return;
      if ((input.type === "checkbox" || input.type === "radio") && !input.checked) return;
      (out[input.name] = out[input.name] || []).push(input.value);
    });
    return out;
  }

  // The draft: kept only when something was typed or chosen, so that a search (or an
  // untouched form) never leaves a false "unsent visit" behind.
  var blank = "";
  function save(event) {
    if (event && event.target && SKIP[event.target.name]) return;
    var now = JSON.stringify(fields());
    try {
      if (now === blank) localStorage.removeItem(key); else localStorage.setItem(key, now);
    } catch (e) { /* storage full or off */ }
  }
  function dirty() { return JSON.stringify(fields()) !== blank; }
  function forget() { try { localStorage.removeItem(key); } catch (e) { /* off */ } }

  function restore(saved, files) {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || input.type === "file" || input.name === "csrfmiddlewaretoken") return;
      var values = saved[input.name] || [];
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.name === "household" && values.length && !form.querySelector("input[name=household][value='" + values[0] + "']")) {
          var label = document.createElement("label");
          label.className = "choice";
          label.innerHTML = '<input type="radio" name="household">';
          label.firstChild.value = values[0];
          label.appendChild(document.createTextNode(" " + texts.restoredHousehold));
          el(".results").appendChild(label);
          input = label.firstChild;
        }
        input.checked = values.indexOf(input.value) !== -1;
      } else if (input.name in saved) {
        input.value = values[0];
      }
    });
    var picker = el("input[type=file]");
    if (files && files.length && picker && window.DataTransfer) {
      var list = new DataTransfer();
      files.forEach(function (f) { list.items.add(new File([f.blob], f.name, { type: f.blob.type })); });
      picker.files = list.files;
      el("details.more").open = true;
    }
  }

  function offer(text, onRestore, onDiscard) {
    var box = el("[data-draft-offer]");
    if (!box) return;
    if (text) box.firstChild.textContent = text + " ";
    box.hidden = false;
    box.querySelector("[data-draft-restore]").onclick = function () {
      onRestore(); box.hidden = true; say(texts.restored);
    };
    box.querySelector("[data-draft-discard]").onclick = function () { onDiscard(); box.hidden = true; };
  }

  function shrink(file) {
    if (!/^image\//.test(file.type) || file.size < 300000 || !window.createImageBitmap) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (done) {
        canvas.toBlob(function (blob) { done(blob || file); }, "image/jpeg", 0.8);
      });
    }).catch(function () { return file; });
  }

  // The whole visit as the outbox keeps it: fields, photos as files, the token.
  function entry() {
    var pairs = [];
    var all = fields(true);
    Object.keys(all).forEach(function (name) {
      if (name === "q" || name === "find") return;
      all[name].forEach(function (v) { pairs.push([name, v]); });
    });
    var input = el("input[type=file]");
    var chosen = input ? Array.prototype.slice.call(input.files) : [];
    return Promise.all(chosen.map(shrink)).then(function (blobs) {
      return {
        token: form.elements.token.value,
        kind: form.dataset.draft,
        action: form.getAttribute("action") || location.pathname + location.search,
        fields: pairs,
        files: blobs.map(function (blob, i) {
          var name = blob === chosen[i] ? chosen[i].name : chosen[i].name.replace(/\.\w+$/, "") + ".jpg";
          return { field: input.name, blob: blob, name: name };
        }),
      };
    });
  }

  // The server refused what was sent: its form, with the remarks, replaces ours
  // (the chosen photos stay chosen). Never an error page over the form.
  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("form[data-draft]");
    if (!fresh) return false;
    var photos = el("input[type=file]");
    form.replaceChildren.apply(form, Array.prototype.slice.call(fresh.childNodes));
    var slot = el("input[type=file]");
    if (photos && slot) slot.parentNode.replaceChild(photos, slot);
    bind();
    var alert = el("[role=alert]");
    if (alert) alert.scrollIntoView();
    return true;
  }

  function outcome(result) {
    var button = el("button[type=submit]:not([name=find])");
    sending = null;
    button.disabled = false;
    say("");
    if (result.outcome === "saved") {
      forget();
      location.href = result.url;
    } else if (result.outcome === "login") {
      // The session ended: log in again; the first page after it sends the visit.
      forget();
      location.href = result.url;
    } else if (result.outcome === "refused") {
      outbox.remove(form.elements.token.value).then(outbox.refresh);
      if (!swap(result.html)) say(texts.refused.replace("{status}", result.status));
    } else if (result.outcome !== "gone") {
      // Kept in the outbox, which says why and sends it by itself: the form is free
      // for the next visit.
      forget();
      queued = form.elements.token.value;
      form.reset();
      freshen();
      blank = JSON.stringify(fields());
      outbox.refresh();
      if (result.outcome === "offline") outbox.registerSync();
    }
  }

  form.addEventListener("submit", function (event) {
    var by = event.submitter;
    if (by && by.name === "find" && picker()) { event.preventDefault(); picker().find(); return; }
    if (!outbox) { forget(); return; } // a correction, or no storage: a plain post
    save();
    event.preventDefault();
    sending = form.elements.token.value;
    el("button[type=submit]:not([name=find])").disabled = true;
    say(texts.sending);
    entry().then(outbox.put).then(function () {
      return outbox.sendNow(form.elements.token.value);
    }).then(outcome).catch(function () {
      // The phone would not store it: post the form as it is.
      form.submit();
    });
  });
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  // Household search as the cadre types.
  function picker() {
    var box = el(".picker");
    if (!box) return null;
    var query = box.querySelector("input[type=search]");
    var results = box.querySelector(".results");
    return {
      box: box, query: query,
      find: function () {
        fetch(box.dataset.searchUrl + "?q=" + encodeURIComponent(query.value), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (html) { results.innerHTML = html; })
          .catch(function () { /* offline: the paired households are still there */ });
      },
    };
  }

  function bind() {
    var p = picker();
    if (p) {
      var timer = null;
      p.query.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(p.find, 300); });
      p.query.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); p.find(); } });
    }
    // Location: off unless the cadre taps for it.
    var locate = el("[data-locate]");
    if (locate && navigator.geolocation) {
      locate.parentNode.hidden = false;
      var where = el("[data-location-status]");
      locate.addEventListener("click", function () {
        where.textContent = texts.locating;
        navigator.geolocation.getCurrentPosition(function (at) {
          form.elements.latitude.value = at.coords.latitude.toFixed(6);
          form.elements.longitude.value = at.coords.longitude.toFixed(6);
          where.textContent = texts.located;
          save();
        }, function () { where.textContent = texts.noLocation; }, { timeout: 15000 });
      });
    }
  }

  bind();
  if (outbox && form.hasAttribute("data-fresh")) freshen();
  blank = JSON.stringify(fields());
  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
  if (saved && JSON.stringify(saved) !== blank && !el(".error")) {
    offer(null, function () { restore(saved); }, forget);
  } else if (outbox) {
    // A visit the server refused while this page was closed comes back here to be fixed.
    outbox.summary().then(function (s) {
      var refused = s.list.filter(function (e) {
        return e.state === "refused" && e.kind === form.dataset.draft;
      })[0];
      if (!refused) return;
      offer(texts.refusedOffer, function () {
        var values = {};
        refused.fields.forEach(function (p) { (values[p[0]] = values[p[0]] || []).push(p[1]); });
        restore(values, refused.files);
        form.elements.token.value = refused.token;
        outbox.remove(refused.token).then(outbox.refresh);
      }, function () { outbox.remove(refused.token).then(outbox.refresh); });
    });
  }
  if (outbox) {
    outbox.onchange(function (m) {
      // The visit left in the outbox got through while the cadre still looks at its
      // message: show it saved. (Not while another visit is being typed.)
      if (m.outcome !== "saved" || !m.url) return;
      if (m.token === sending || (m.token === queued && !dirty())) { forget(); location.href = m.url; }
    });
  }
})();
