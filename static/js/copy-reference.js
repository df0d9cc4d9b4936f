// The admin of article pictures: a copy button beside the reference to paste into an article
// (its words come translated in data-* attributes). Without JavaScript the button stays hidden
// and the read-only field can be selected and copied.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        button.textContent = button.dataset.copied;
      } catch {
        field.select();
        button.textContent = button.dataset.selected;
      }
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
});
