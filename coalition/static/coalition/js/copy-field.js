/*
 * "Copy" buttons for read-only fields: <button data-copy-target="ID" hidden> next to the field and
 * an element with data-copy-status for the announcement. Without JavaScript the button stays
 * hidden and the address can still be selected and copied by hand.
 */
(function () {
  "use strict";

  function announce(status, text) {
    if (status) { status.textContent = text; }
  }

  function fallbackCopy(field) {
    field.focus();
    field.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) { return; }
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { announce(status, "Copied. Paste it into your calendar."); };
      var failed = function () {
        field.focus();
        field.select();
        announce(status, "Could not copy automatically: the address is selected, press Ctrl+C (or Cmd+C) to copy it.");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          if (fallbackCopy(field)) { done(); } else { failed(); }
        });
      } else if (fallbackCopy(field)) {
        done();
      } else {
        failed();
      }
    });
  });
})();
