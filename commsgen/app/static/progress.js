// commsgen app: while "make all documents" runs, show an indeterminate progress bar in the form's
// status region (role=status, so a screen reader announces it). A file served by the app itself:
// the Content-Security-Policy (default-src 'self') allows no inline script. Without JavaScript the
// form works the same, only without the bar.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("make-form");
  var region = document.getElementById("making");
  if (!form || !region) {
    return;
  }
  var button = form.querySelector("button[type=submit]");
  form.addEventListener("submit", function () {
    var label = region.getAttribute("data-label") || "";
    var bar = document.createElement("progress");
    bar.setAttribute("aria-label", label);
    var words = document.createElement("span");
    words.textContent = label;
    region.replaceChildren(bar, words);
    if (button) {
      button.disabled = true;
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {  // back to this page from the cache: ready for another try
      region.replaceChildren();
      if (button) {
        button.disabled = false;
      }
    }
  });
});
