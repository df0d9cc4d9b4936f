/* Live search that waits for the input method (メール設定ナビ, kb search page).
 *
 * - No request while an input method is composing (よ, よう, ようr…): the words
 *   are not typed yet. A search starts on compositionend and after a pause in
 *   typing, never more than one for the same words.
 * - History: the first search of a new query pushes one entry; while the query
 *   is being typed, each further result replaces that entry. A search is
 *   finished by Enter, by leaving the field, or by a longer pause; the next
 *   typing then starts a new entry. Back walks finished searches, not keystrokes.
 * - Without this file (or without JavaScript) the form is a plain GET form.
 *
 * Delegated listeners on the document, so the page keeps working after htmx
 * restores it from history.
 */
(function () {
  "use strict";

  var PAUSE_MS = 350; // quiet typing before a search is sent
  var FINISHED_MS = 2500; // no typing for this long: the search counts as finished

  var composing = false;
  var pauseTimer = null;
  var finishTimer = null;
  var shown = null; // the words whose results the page shows
  var entryOpen = false; // a search is being typed: its history entry is replaced

  function words(value) {
    return value.trim().replace(/\s+/g, " ");
  }

  function formOf(target) {
    return target && target.closest ? target.closest("form[data-live-search]") : null;
  }

  function finish() {
    clearTimeout(finishTimer);
    entryOpen = false;
  }

  function search(form, finished) {
    clearTimeout(pauseTimer);
    var input = form.elements.q;
    var query = words(input.value);
    if (shown === null) {
      shown = words(input.defaultValue);
    }
    if (query !== shown) {
      shown = query;
      var history = entryOpen ? { replace: "true" } : { push: "true" };
      entryOpen = true;
      window.htmx.ajax("GET", form.action, Object.assign({
        source: form,
        target: form.getAttribute("data-live-search"),
        swap: "outerHTML",
      }, history));
    }
    if (finished) {
      finish();
    }
  }

  function typed(form) {
    clearTimeout(pauseTimer);
    clearTimeout(finishTimer);
    if (composing) {
      return;
    }
    pauseTimer = setTimeout(function () { search(form, false); }, PAUSE_MS);
    finishTimer = setTimeout(finish, FINISHED_MS);
  }

  document.addEventListener("compositionstart", function (event) {
    if (formOf(event.target)) {
      composing = true;
      clearTimeout(pauseTimer);
      clearTimeout(finishTimer);
    }
  });

  document.addEventListener("compositionend", function (event) {
    var form = formOf(event.target);
    if (form) {
      composing = false;
      typed(form);
    }
  });

  document.addEventListener("input", function (event) {
    var form = formOf(event.target);
    if (form && !event.isComposing && !composing) {
      typed(form);
    }
  });

  document.addEventListener("change", function (event) {
    var form = formOf(event.target);
    if (form && !composing) {
      search(form, true); // leaving the field finishes the search
    }
  });

  document.addEventListener("submit", function (event) {
    var form = formOf(event.target);
    if (form && window.htmx) {
      event.preventDefault();
      search(form, true);
    }
  });

  // Back or Forward restored a page: it shows the words in its address.
  document.addEventListener("htmx:historyRestore", function () {
    var form = document.querySelector("form[data-live-search]");
    if (form) {
      form.elements.q.value = new URLSearchParams(window.location.search).get("q") || "";
      shown = words(form.elements.q.value);
      finish();
    }
  });
})();
