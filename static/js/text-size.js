// Large text (大字) on the phone pages, for older eyes. Loaded in <head> without
// `defer`, so the class is on <html> before the page is first drawn and a page
// never flashes small first; the phone remembers the choice (localStorage), so no
// server is asked. The switch itself (in the header, hidden without JavaScript) is
// wired once the page is read.
(function () {
  "use strict";
  var root = document.documentElement;
  try {
    if (localStorage.getItem("text-size") === "large") root.classList.add("large-text");
  } catch (e) { /* storage off: normal text */ }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-text-size]");
    if (!button) return;
    function show() {
      button.setAttribute("aria-pressed", root.classList.contains("large-text") ? "true" : "false");
    }
    button.addEventListener("click", function () {
      var large = root.classList.toggle("large-text");
      try { localStorage.setItem("text-size", large ? "large" : "normal"); } catch (e) { /* storage off */ }
      show();
      window.dispatchEvent(new Event("resize")); // the layout changed: tables.js looks again
    });
    show();
    button.hidden = false;
  });
})();
