/*
 * One history entry per visit, for visitors who are not signed in.
 *
 * Every same-site link and GET form replaces the current history entry instead of adding one, so
 * the whole visit occupies the single entry the visitor arrived on. "Exit this page" then replaces
 * that entry too, and Back goes to whatever was open before the portal (or nowhere). The site's
 * own back links and breadcrumbs carry navigation instead of the browser's Back button.
 *
 * A POST form (report a problem, have your say, join, sign in) would add an entry however it is
 * sent, so it is sent with fetch instead: the answer (after any redirect) is written into this
 * document, and its address replaces this entry's. If fetch itself fails, the form is sent the
 * ordinary way, so nothing the visitor wrote is lost.
 *
 * Signed-in people keep normal history: the server marks their pages with data-keep-history on
 * <body> (it is never part of a page the anonymous page cache stores).
 * Without JavaScript, links behave normally; "Cover your tracks" says what Back will then show.
 */
(function () {
  "use strict";

  if (!window.URL || !document.body || document.body.hasAttribute("data-keep-history")) { return; }

  function isSameDocument(url) {
    return url.origin === window.location.origin && url.pathname === window.location.pathname &&
      url.search === window.location.search;
  }

  function focusFragment(hash) {
    var id = decodeURIComponent(hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  function go(url) {
    if (isSameDocument(url) && url.hash) {
      // A fragment link on this page (skip link, error summary): move there without a new entry.
      window.location.replace(url.href);
      focusFragment(url.hash);
      return;
    }
    window.location.replace(url.href);
  }

  function followable(url) {
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === window.location.origin;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) { return; }
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.hasAttribute("download") || link.classList.contains("js-exit-this-page")) { return; }
    if (link.target && link.target !== "_self") { return; }
    var url = new URL(link.href, window.location.href);
    if (!followable(url)) { return; }
    event.preventDefault();
    go(url);
  });

  function formData(form, submitter) {
    try { return new FormData(form, submitter); } catch (e) { return new FormData(form); }
  }

  function show(response) {
    return response.text().then(function (html) {
      if ((response.headers.get("Content-Type") || "").indexOf("text/html") !== 0) {
        window.location.replace(response.url);
        return;
      }
      window.history.replaceState(null, "", response.url);
      // Writing a new document into this one keeps the same history entry; its scripts run again
      // and the old document's listeners are gone.
      document.open();
      document.write(html);
      document.close();
    });
  }

  function post(form, submitter, url) {
    var body = formData(form, submitter);
    form.setAttribute("aria-busy", "true");
    if (submitter) { submitter.disabled = true; }
    // Only a request that never got an answer is sent again the ordinary way (nothing is lost);
    // once the server has answered, the form was received and is never sent twice.
    window.fetch(url.href, {method: "POST", body: body, credentials: "same-origin", redirect: "follow"})
      .then(show, function () {
        if (submitter) { submitter.disabled = false; }
        form.removeAttribute("aria-busy");
        HTMLFormElement.prototype.submit.call(form);
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented) { return; }
    if (form.target && form.target !== "_self") { return; }
    var submitter = event.submitter || null;
    var action = (submitter && submitter.hasAttribute("formaction")) ? submitter.formAction : form.action;
    var url = new URL(action, window.location.href);
    if (!followable(url)) { return; }
    if (form.method === "post") {
      if (!window.fetch) { return; }
      event.preventDefault();
      post(form, submitter, url);
      return;
    }
    if (form.method !== "get") { return; }
    var data = formData(form, submitter);
    var params = new URLSearchParams();
    data.forEach(function (value, name) {
      if (typeof value === "string") { params.append(name, value); }
    });
    url.search = params.toString();
    url.hash = "";
    event.preventDefault();
    go(url);
  });
})();
