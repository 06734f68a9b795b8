// Visit and reception forms on a weak connection. Everything here is optional:
// without JavaScript the forms post normally. With it, the phone
// - keeps what was typed until the server has it, and offers it again on the next visit;
// - resends by itself when the connection comes back (while the page is open);
// - shrinks photos before upload; finds households as the cadre types;
// - adds a location only when the cadre taps for it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft]");
  if (!form || !window.fetch || !window.FormData) return;
  var key = "draft:" + form.dataset.draft + ":" + location.pathname;
  var status = form.querySelector("[data-send-status]");
  var button = form.querySelector("button[type=submit]:not([formmethod])");
  var texts = JSON.parse(document.getElementById("log-form-texts").textContent);
  var pending = null;

  function say(text) { if (status) status.textContent = text; }

  function fields() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken" || el.name === "q") return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      (out[el.name] = out[el.name] || []).push(el.value);
    });
    return out;
  }

  function save() {
    try { localStorage.setItem(key, JSON.stringify(fields())); } catch (e) { /* storage full or off */ }
  }

  function restore(saved) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken") return;
      var values = saved[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.name === "household" && values.length && !form.querySelector("input[name=household][value='" + values[0] + "']")) {
          var label = document.createElement("label");
          label.className = "choice";
          label.innerHTML = '<input type="radio" name="household">';
          label.firstChild.value = values[0];
          label.appendChild(document.createTextNode(" " + texts.restoredHousehold));
          form.querySelector(".results").appendChild(label);
          el = label.firstChild;
        }
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.name in saved) {
        el.value = values[0];
      }
    });
  }

  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
  var offer = form.querySelector("[data-draft-offer]");
  if (saved && offer && !form.querySelector(".error")) {
    offer.hidden = false;
    offer.querySelector("[data-draft-restore]").addEventListener("click", function () {
      restore(saved); offer.hidden = true; say(texts.restored);
    });
    offer.querySelector("[data-draft-discard]").addEventListener("click", function () {
      localStorage.removeItem(key); offer.hidden = true;
    });
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);

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

  function body() {
    var data = new FormData(form);
    data.delete("q");
    var input = form.querySelector("input[type=file]");
    if (!input || !input.files.length) return Promise.resolve(data);
    data.delete(input.name);
    return Promise.all(Array.prototype.map.call(input.files, shrink)).then(function (files) {
      files.forEach(function (f, i) { data.append(input.name, f, input.files[i].name.replace(/\.\w+$/, "") + ".jpg"); });
      return data;
    });
  }

  function send() {
    if (!pending) return;
    button.disabled = true;
    say(texts.sending);
    fetch(form.action || location.href, { method: "POST", body: pending, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (html) {
          if (response.ok && response.redirected) {
            // Sent to the login page, the session had ended and nothing was saved:
            // the draft stays, to be offered again once the cadre has logged in.
            if (new URL(response.url).pathname !== texts.loginUrl) localStorage.removeItem(key);
            pending = null;
            location.href = response.url;
          } else {
            // Errors to fix (or a refusal): show the server's page, the draft stays.
            pending = null;
            document.open(); document.write(html); document.close();
          }
        });
      })
      .catch(function () {
        button.disabled = false;
        say(texts.offline);
      });
  }

  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.hasAttribute("formmethod")) return; // "find" without JS
    event.preventDefault();
    save();
    body().then(function (data) { pending = data; send(); });
  });
  window.addEventListener("online", send);

  // Household search as the cadre types.
  var picker = form.querySelector(".picker");
  if (picker) {
    var box = picker.querySelector("input[type=search]");
    var results = picker.querySelector(".results");
    var timer = null;
    var find = function () {
      fetch(picker.dataset.searchUrl + "?q=" + encodeURIComponent(box.value), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { results.innerHTML = html; })
        .catch(function () { /* offline: the paired households are still there */ });
    };
    box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(find, 300); });
    box.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); find(); } });
  }

  // Location: off unless the cadre taps for it.
  var locate = form.querySelector("[data-locate]");
  if (locate && navigator.geolocation) {
    locate.parentNode.hidden = false;
    var where = form.querySelector("[data-location-status]");
    locate.addEventListener("click", function () {
      where.textContent = texts.locating;
      navigator.geolocation.getCurrentPosition(function (p) {
        form.elements.latitude.value = p.coords.latitude.toFixed(6);
        form.elements.longitude.value = p.coords.longitude.toFixed(6);
        where.textContent = texts.located;
        save();
      }, function () { where.textContent = texts.noLocation; }, { timeout: 15000 });
    });
  }
})();
