/*
 * Error summary (the GOV.UK Design System behaviour): when a page shows one, it takes focus as the
 * page loads, so screen-reader and keyboard users start from the list of problems. Each link
 * moves focus to its field and scrolls the field's label or legend into view with it.
 */
(function () {
  "use strict";

  function labelFor(input) {
    var legend = input.closest("fieldset") && input.closest("fieldset").querySelector("legend");
    if (legend && (input.type === "radio" || input.type === "checkbox")) { return legend; }
    return document.querySelector("label[for='" + input.id + "']") || legend || input;
  }

  function init() {
    var summary = document.querySelector(".error-summary");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (!target) { return; }
      event.preventDefault();
      var focusable = target.matches("input, select, textarea, button, a[href], [tabindex]") ? target
        : target.querySelector("input, select, textarea");
      if (focusable) {
        labelFor(focusable).scrollIntoView();
        focusable.focus({ preventScroll: true });
      } else {
        target.setAttribute("tabindex", "-1");
        target.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
