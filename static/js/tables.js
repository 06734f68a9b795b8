// A table wider than the screen scrolls inside its frame (.table-wrap). A keyboard
// user can scroll it only if something in it takes the focus: when nothing does, the
// frame itself does (WCAG 2.1.1).
(function () {
  "use strict";
  function mark() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth;
      var focusable = wrap.querySelector("a[href], button, input, select, textarea");
      if (scrolls && !focusable) wrap.setAttribute("tabindex", "0");
      else wrap.removeAttribute("tabindex");
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
