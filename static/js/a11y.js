/* Focus and announcements, the same on every page (docs/accessibility.md).
 *
 * After content arrives (an htmx swap, or a page load), focus goes to:
 *   1. the error summary, if the content has one ([data-focus] on .error-summary);
 *   2. else an element the content marks with data-focus;
 *   3. else where the element that started the swap said, with
 *      data-focus-after="#selector, #fallback" (the first that exists): a row
 *      it added, copied or removed, the results it paged to. A container is
 *      focused through its first input, select or textarea, or itself.
 * The page does not move: the scroll position from before the swap is kept,
 * and only a focus target wholly outside the window is scrolled to.
 * Messages for screen readers arrive in the one role=status region of the page
 * (#status-region, base.html) through hx-swap-oob; the region itself stays.
 * The links of an error summary focus their field and show its label.
 */
(function () {
  "use strict";

  var FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";
  var actor = null; // data-focus-after of the element that started the coming swap
  var scroll = null; // where the page was just before the swap
  var settling = false;

  function first(selectors) {
    var list = (selectors || "").split(",");
    for (var i = 0; i < list.length; i++) {
      var found = list[i].trim() && document.querySelector(list[i].trim());
      if (found) return found;
    }
    return null;
  }

  function focusTarget(element) {
    if (element.matches(FOCUSABLE)) return element;
    var field = element.querySelector(FIELDS);
    if (field) return field;
    element.setAttribute("tabindex", "-1");
    return element;
  }

  // Only a target wholly out of the window moves the page, and only as far as needed.
  function reveal(element) {
    var box = element.getBoundingClientRect();
    if (box.bottom <= 0 || box.top >= window.innerHeight) {
      element.scrollIntoView({ block: "nearest" });
    }
  }

  function focusInto(element) {
    var target = focusTarget(element);
    target.focus({ preventScroll: true });
    reveal(target);
  }

  function marked() {
    var all = document.querySelectorAll("[data-focus]");
    var chosen = document.querySelector(".error-summary[data-focus]") || all[0] || null;
    Array.prototype.forEach.call(all, function (element) {
      element.removeAttribute("data-focus");
    });
    return chosen;
  }

  function arrived() {
    settling = false;
    if (scroll) window.scrollTo(scroll.x, scroll.y);
    scroll = null;
    var target = marked() || first(actor);
    actor = null;
    if (target) focusInto(target);
  }

  // The element that starts a swap may say where focus goes after it.
  document.addEventListener("click", function (event) {
    var source = event.target.closest && event.target.closest("[data-focus-after]");
    actor = source ? source.getAttribute("data-focus-after") : null;
  }, true);

  document.addEventListener("htmx:beforeSwap", function () {
    scroll = { x: window.scrollX, y: window.scrollY };
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (scroll) window.scrollTo(scroll.x, scroll.y);
  });
  // One request settles each swapped element (oob ones too): act once, after all.
  document.addEventListener("htmx:afterSettle", function () {
    if (settling) return;
    settling = true;
    window.setTimeout(arrived, 0);
  });
  // A status message from the previous request is not repeated by the next one.
  document.addEventListener("htmx:beforeRequest", function () {
    var region = document.getElementById("status-region");
    if (region) region.textContent = "";
  });

  // Error summary links: focus the field and show its label or legend.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) return;
    event.preventDefault();
    var field = focusTarget(target);
    var label = (field.id && document.querySelector("label[for='" + CSS.escape(field.id) + "']")) ||
      (target.closest("fieldset") && target.closest("fieldset").querySelector("legend")) || target;
    label.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });

  function loaded() {
    var target = marked();
    if (!target) return;
    focusInto(target);
    // Going to the address's #fragment moves focus to the page when the page has
    // loaded (HTML's "scroll to the fragment"): take it back to the message.
    if (window.location.hash) {
      window.addEventListener("load", function () {
        window.setTimeout(function () {
          if (document.activeElement === document.body) focusInto(target);
        }, 0);
      });
    }
  }
  // After logging in again, carried input goes on to where it was going (core/sessions.py).
  function carryOn() {
    var form = document.querySelector("form[data-autosubmit]");
    if (form) form.submit();
  }
  document.addEventListener("DOMContentLoaded", carryOn);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", loaded);
  } else {
    loaded();
  }
})();
