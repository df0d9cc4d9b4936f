/* The hearing wizard's small helpers (no inline script: strict CSP).
 *
 * 1. A device's kind or a domain's hosting firm refreshes only its own part of
 *    the step: at once after a mouse or touch choice, but after arrow keys
 *    only when the director leaves the list or presses Enter, so the keyboard
 *    can walk through the choices without a request at each step.
 * 2. Leaving a step with unsaved input asks first.
 * 3. A refused or failed request (400, 403, 413, 429, 5xx, no connection)
 *    shows a Japanese message, focused and announced; htmx does not swap, so
 *    nothing typed is lost.
 * 4. A hosting firm's contract server name fills the hosts made from it as it
 *    is typed (the server fills them the same way when the step is sent:
 *    wizard/steps/server_domain.py).
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // A list, or a group of radios (the hosting firm): arrow keys walk through
  // the choices of either without a request at each step.
  var WATCHED = "select[data-kind], select[data-preset], [data-preset] input[type=radio]";
  var ARROWS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];

  // What holds the choice: the list itself, or the radios' group.
  function chooser(field) {
    return field.tagName === "SELECT" ? field : field.closest("[data-preset]");
  }

  function chosen(box) {
    delete box.dataset.pending;
    delete box.dataset.keyed;
    htmx.trigger(box, box.hasAttribute("data-kind") ? "kind-chosen" : "preset-chosen");
  }

  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches(WATCHED)) return;
    var box = chooser(field);
    if (ARROWS.indexOf(event.key) >= 0) box.dataset.keyed = "1";
    if (event.key === "Enter" && box.dataset.pending) {
      event.preventDefault();
      chosen(box);
    }
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches(WATCHED)) return;
    var box = chooser(field);
    if (box.dataset.keyed) {
      delete box.dataset.keyed;
      box.dataset.pending = "1";
      return;
    }
    chosen(box);
  });
  // Leaving the list, or the group of radios (an arrow key moves within it), applies a keyed choice.
  document.addEventListener("focusout", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches(WATCHED)) return;
    var box = chooser(field);
    if (!box.dataset.pending || (event.relatedTarget && box.contains(event.relatedTarget))) return;
    var x = window.scrollX;
    var y = window.scrollY;
    chosen(box);
    // A firm's block is about to be replaced, the field Tab reached with it, and the
    // response says where focus goes: the page stays where the director was.
    if (box.hasAttribute("data-preset")) {
      window.requestAnimationFrame(function () {
        window.scrollTo(x, y);
      });
    }
  });

  // A client chosen while its list was being refreshed stays chosen if it still fits.
  var keep = {};
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var select = target && target.id && target.querySelector("select");
    if (select) keep[target.id] = select.value;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var old = event.detail.target;
    if (!old || !old.id || !(old.id in keep)) return;
    var target = document.getElementById(old.id);
    var value = target && keep[target.id];
    var select = target && target.querySelector("select");
    if (select && value && select.querySelector('option[value="' + CSS.escape(value) + '"]')) select.value = value;
    delete keep[old.id];
  });

  // 2. Unsaved input.
  var dirty = false;
  var sent = false; // a save is on its way: what the form shows is being saved
  function guarded(node) {
    return node && node.closest && node.closest("form[data-guard]");
  }
  document.addEventListener("input", function (event) {
    if (guarded(event.target)) dirty = true;
  });
  document.addEventListener("submit", function () {
    dirty = false;
    sent = true;
  });
  // After a swap, the step says itself whether what it shows is saved: a step
  // re-shown from the director's input (an added row, an error) is not.
  document.addEventListener("htmx:afterSettle", function () {
    dirty = !!document.querySelector("#wizard-step[data-unsaved]");
    sent = false;
  });
  // What the form shows against what the page was delivered with: this also
  // catches input typed before this script ran (a fast typist on a slow line).
  function edited() {
    var form = document.querySelector("form[data-guard]");
    if (!form) return false;
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") return false;
      if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
      if (field.options) {
        // A single list with no option marked selected was delivered showing its first one.
        var marked = Array.prototype.some.call(field.options, function (option) {
          return option.defaultSelected;
        });
        return Array.prototype.some.call(field.options, function (option, index) {
          var delivered = option.defaultSelected || (!marked && !field.multiple && index === 0);
          return option.selected !== delivered;
        });
      }
      return "defaultValue" in field && field.value !== field.defaultValue;
    });
  }
  function unsaved() {
    return dirty || (!sent && edited());
  }
  // static/js/session.js keeps the login alive while a step has unsaved input.
  window.mailnaviUnsaved = unsaved;
  window.addEventListener("beforeunload", function (event) {
    if (!unsaved()) return;
    event.preventDefault();
    event.returnValue = "";
  });
  // Only a request that replaces the whole step leaves it (the step links,
  // 「修正する」); a lookup filling in part of it does not.
  function leaves(elt) {
    var target = elt && elt.getAttribute && elt.getAttribute("hx-target");
    return target === "#wizard-step";
  }
  document.addEventListener("htmx:confirm", function (event) {
    var alert = document.getElementById("wizard-alert");
    if (!alert || event.detail.verb !== "get" || !leaves(event.detail.elt) || !unsaved()) return;
    event.preventDefault();
    if (window.confirm(alert.dataset.leave)) {
      dirty = false;
      sent = true; // the director chose to drop the input
      event.detail.issueRequest(true);
    }
  });

  // 3. Refused or failed requests.
  // Focused (the director reads it first) and said in the page's status region.
  function show(message) {
    var alert = document.getElementById("wizard-alert");
    if (!alert) return;
    alert.textContent = message;
    alert.hidden = false;
    alert.scrollIntoView({ block: "nearest" });
    alert.focus({ preventScroll: true });
    var region = document.getElementById("status-region");
    if (region) region.textContent = message;
  }
  // A refused or failed save saved nothing: the input is unsaved again.
  function failed() {
    sent = false;
    dirty = dirty || edited();
  }
  document.addEventListener("htmx:responseError", function (event) {
    failed();
    var alert = document.getElementById("wizard-alert");
    if (!alert) return;
    var status = event.detail.xhr.status;
    var key = status >= 500 ? "server" : ({ 400: "refused", 403: "forbidden", 413: "large", 429: "busy" })[status] || "refused";
    show(alert.dataset[key].replace("%s", String(status)));
  });
  document.addEventListener("htmx:sendError", function () {
    failed();
    var alert = document.getElementById("wizard-alert");
    if (alert) show(alert.dataset.offline);
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var alert = document.getElementById("wizard-alert");
    if (alert) alert.hidden = true;
  });

  // 4. The contract's server name fills the read-only hosts of its domain block.
  document.addEventListener("input", function (event) {
    var name = event.target;
    if (!name.matches || !name.matches("input[data-server-name]")) return;
    var block = name.closest(".domain-block");
    var typed = name.value.normalize("NFKC").trim().toLowerCase();
    Array.prototype.forEach.call(block.querySelectorAll("input[data-from-server]"), function (host) {
      host.value = typed ? host.dataset.fromServer.split("{server}").join(typed) : "";
    });
  });
})();
