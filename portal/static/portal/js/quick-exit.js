/*
 * Exit this page: the GOV.UK Design System pattern, one step further.
 * - Every "Exit this page" link hides the page at once, then replaces the current history entry
 *   with our /exit/ URL, which ends the session and redirects to the neutral site. Back does not
 *   bring the page back.
 * - Pressing Shift on its own three times, each within 5 seconds of the last, does the same; any
 *   other key resets the count. Progress is announced to screen readers.
 * Without JavaScript the links still work: /exit/ signs out and redirects.
 */
(function () {
  "use strict";
  var PRESSES_NEEDED = 3;
  var WINDOW_MS = 5000;
  var presses = 0;
  var timer = null;

  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  function exitPath() {
    return document.body.getAttribute("data-exit-path") || "/exit/";
  }

  function announce(text) {
    var status = document.getElementById("exit-this-page-status");
    if (status) { status.textContent = text; }
  }

  function exitNow(event) {
    if (event) { event.preventDefault(); }
    document.body.classList.add("exit-this-page--exiting");
    var main = document.querySelectorAll("body > *:not(.exit-this-page-overlay)");
    for (var i = 0; i < main.length; i++) { main[i].setAttribute("hidden", ""); }
    var overlay = document.querySelector(".exit-this-page-overlay");
    if (overlay) { overlay.removeAttribute("hidden"); }
    document.title = "Loading";
    try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* private mode */ }
    window.location.replace(exitPath());
  }

  function resetCount() {
    presses = 0;
    if (timer) { window.clearTimeout(timer); timer = null; }
  }

  function onKeyDown(event) {
    if (event.key !== "Shift" || event.repeat) {
      if (presses > 0) { resetCount(); announce("Exit this page expired."); }
      return;
    }
    presses += 1;
    if (timer) { window.clearTimeout(timer); }
    if (presses >= PRESSES_NEEDED) {
      resetCount();
      announce("Exiting this page.");
      exitNow();
      return;
    }
    var left = PRESSES_NEEDED - presses;
    announce("Shift, press " + left + " more time" + (left === 1 ? "" : "s") + " to exit.");
    timer = window.setTimeout(function () {
      resetCount();
      announce("Exit this page expired.");
    }, WINDOW_MS);
  }

  function init() {
    var links = document.querySelectorAll(".js-exit-this-page");
    for (var i = 0; i < links.length; i++) { links[i].addEventListener("click", exitNow); }
    document.addEventListener("keydown", onKeyDown, true);
  }

  // Pages restored from the back-forward cache must not reappear as they were left.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.body.classList.contains("exit-this-page--exiting")) {
      window.location.replace(exitPath());
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
