// On a phone the queue opens on its cards, not on a screen of filters: the panels marked
// data-fold-on-phone (the filters, the bulk actions) fold away there unless a filter is set.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.matchMedia("(max-width: 600px)").matches) {
    return;
  }
  document.querySelectorAll("details[data-fold-on-phone]").forEach(function (panel) {
    if (panel.dataset.active !== "1") {
      panel.open = false;
    }
  });
});
