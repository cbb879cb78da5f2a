// Small progressive enhancements; the pages work without JavaScript.
(function () {
  "use strict";
  // Confirm destructive or irreversible actions: <button data-confirm="¿Seguro?">.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = (button && button.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // The navigation behind the "Menú" button on a narrow screen (the CSS hides the button from 768 px).
  var toggle = document.querySelector(".nav-toggle");
  var nav = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && nav) {
    var setOpen = function (open) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); };
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true" && toggle.offsetParent !== null) {
        setOpen(false);
        toggle.focus();
      }
    });
  }
  // Poll a progress element: <div data-progress-url="..."> receives JSON {progress, state, done_url}.
  document.querySelectorAll("[data-progress-url]").forEach(function (box) {
    var url = box.dataset.progressUrl;
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-progress-label]");
    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (bar) { bar.value = data.progress || 0; }
          if (label) { label.textContent = data.label || ""; }
          if (data.done_url) { window.location.assign(data.done_url); return; }
          if (data.state !== "failed") { window.setTimeout(tick, 1000); }
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    tick();
  });
})();
