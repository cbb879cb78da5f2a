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
