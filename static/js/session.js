/* The staff session's end, said before it happens (WCAG 2.2.1; docs/accessibility.md).
 *
 * The server ends a staff session after data-idle-seconds without a request,
 * renewing it at most once a minute (core/security.py). Two minutes before the
 * earliest possible end, a dialog offers 「ログインを続ける」 (a link that renews
 * the session; here it renews without leaving the page). While a step of the
 * wizard has unsaved input, the session is renewed without asking. If the
 * session ends anyway, nothing typed is lost: the next save shows the login
 * page, which carries the input on (core/sessions.py).
 */
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") return;

  var SECOND = 1000;
  var idle = Number(dialog.dataset.idleSeconds) * SECOND;
  var renewEvery = Number(dialog.dataset.renewEvery) * SECOND; // the server may have renewed this much earlier
  var warnBefore = Number(dialog.dataset.warnSeconds) * SECOND;
  var text = document.getElementById("session-timeout-text");
  var link = document.getElementById("session-timeout-renew");
  var close = document.getElementById("session-timeout-close");
  var ask = text.textContent;
  var last = Date.now(); // the last request the server saw from this page
  var finalAt = null; // the 8-hour limit, once the server has told it
  var warnTimer = null;
  var endTimer = null;

  function say(message) {
    text.textContent = message;
    var region = document.getElementById("status-region");
    if (region) region.textContent = message;
  }

  function open(message, canRenew) {
    link.hidden = !canRenew;
    close.hidden = canRenew;
    say(message);
    if (!dialog.open) dialog.showModal();
    (canRenew ? link : close).focus();
  }

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    var end = last + idle - renewEvery;
    if (finalAt !== null && finalAt < end) {
      warnTimer = window.setTimeout(function () {
        open(dialog.dataset.final, false);
      }, Math.max(0, finalAt - warnBefore - Date.now()));
      return;
    }
    warnTimer = window.setTimeout(warn, Math.max(0, end - warnBefore - Date.now()));
    endTimer = window.setTimeout(function () {
      open(dialog.dataset.expired, false);
    }, Math.max(0, end - Date.now()));
  }

  function warn() {
    if (window.mailnaviUnsaved && window.mailnaviUnsaved()) {
      renew(); // unsaved input: keep the session without interrupting
      return;
    }
    open(ask, true);
  }

  function renew() {
    window.fetch(dialog.dataset.renew, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        last = Date.now();
        finalAt = last + data.absolute_left * SECOND;
        if (dialog.open) dialog.close();
        schedule();
      })
      .catch(function () {
        open(dialog.dataset.expired, false);
      });
  }

  link.addEventListener("click", function (event) {
    event.preventDefault();
    renew();
  });
  close.addEventListener("click", function () {
    dialog.close();
  });
  // Every request of the page renews the session on the server too.
  document.addEventListener("htmx:afterRequest", function () {
    last = Date.now();
    schedule();
  });
  schedule();
})();
