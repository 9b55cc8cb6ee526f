/* Background jobs: poll each running job's state, draw its progress, cancel, then move on.
   Markup: templates/macros/jobs.html. No libraries: intranets have no internet. */
(function () {
  "use strict";

  var MIN_DELAY = 1000, MAX_DELAY = 3000, ERROR_DELAY = 5000;

  function finish(box, state) {
    var done = box.getAttribute("data-done-url");
    if (state.status === "done" && done) {
      window.location.assign(done);
    } else {
      window.location.reload();
    }
  }

  function draw(box, state) {
    var bar = box.querySelector("progress");
    var text = box.querySelector(".job-text");
    var label = box.querySelector(".job-status-label");
    var button = box.querySelector(".job-cancel button");
    if (bar) {
      bar.value = state.progress;
      bar.textContent = Math.round(state.progress * 100) + "%";
    }
    if (text) { text.textContent = state.text === state.status_label ? "" : state.text; }
    if (label) { label.textContent = state.status_label; }
    if (button && state.cancel_requested) { button.disabled = true; }
  }

  function watch(box) {
    var url = box.getAttribute("data-poll");
    var delay = MIN_DELAY;

    function poll() {
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin",
                  cache: "no-store"})
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (state) {
          draw(box, state);
          if (state.finished) { finish(box, state); return; }
          delay = Math.min(delay * 1.25, MAX_DELAY);
          window.setTimeout(poll, delay);
        })
        .catch(function () { window.setTimeout(poll, ERROR_DELAY); });
    }

    var form = box.querySelector(".job-cancel");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button");
        if (button) { button.disabled = true; }
        fetch(form.action, {method: "POST", credentials: "same-origin",
                            headers: {"Accept": "application/json",
                                      "X-CSRFToken": box.getAttribute("data-csrf")}})
          .then(function (response) { return response.json(); })
          .then(function (state) { draw(box, state); })
          .catch(function () { if (button) { button.disabled = false; } });
      });
    }
    window.setTimeout(poll, MIN_DELAY);
  }

  var boxes = document.querySelectorAll(".job-progress[data-poll]");
  for (var i = 0; i < boxes.length; i += 1) { watch(boxes[i]); }
}());
