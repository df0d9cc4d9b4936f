/* Copy buttons of a new customer link (the link, the ready-to-send message).
 *
 * A button names what it copies (data-copy: the id of a field or element) and
 * where to say it worked (data-status: the id of a status line). Without
 * JavaScript the buttons are hidden (.js-only) and one click on the text
 * selects all of it (CSS user-select: all), ready for Ctrl+C.
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function say(button, key) {
    var status = document.getElementById(button.getAttribute("data-status"));
    if (status) status.textContent = button.getAttribute(key) || "";
  }

  function selectAll(source) {
    if (typeof source.select === "function") {
      source.focus();
      source.select();
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function byCommand(button, source) {
    selectAll(source);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    say(button, copied ? "data-copied" : "data-select");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var text = "value" in source ? source.value : source.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () {
          say(button, "data-copied");
        },
        function () {
          byCommand(button, source);
        }
      );
    } else {
      byCommand(button, source);
    }
  });
})();
