/* The review form: running total, autosave, and a copy of what was typed in this browser.
 *
 * The copy (localStorage, one key per assignment) is written on every change and offered
 * back when the form loads with different values, e.g. after a session ended and the
 * expert logged in again. Autosave marks its requests as background saves, so an idle
 * page does not keep the session alive. */
(function () {
  "use strict";

  var PREFIX = "reviewapp:review:";
  var AUTOSAVE_MS = 20000;

  function storageKey(id) { return PREFIX + id; }

  function readCopy(id) {
    try { return JSON.parse(window.localStorage.getItem(storageKey(id)) || "null"); }
    catch (e) { return null; }
  }

  function writeCopy(id, copy) {
    try { window.localStorage.setItem(storageKey(id), JSON.stringify(copy)); } catch (e) { /* full */ }
  }

  function dropCopy(id) {
    try { window.localStorage.removeItem(storageKey(id)); } catch (e) { /* ignore */ }
  }

  // The confirmation page: the review is stored, the browser copy is no longer needed.
  var done = document.querySelector("[data-clear-assignment]");
  if (done) { dropCopy(done.getAttribute("data-clear-assignment")); }

  var form = document.getElementById("review-form");
  if (!form) { return; }
  var id = form.getAttribute("data-assignment");
  var locked = form.getAttribute("data-locked") === "1";
  var status = document.getElementById("save-status");
  var totalOut = document.getElementById("running-total");
  var dirty = false;
  var saving = false;
  var stopped = false;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.name !== "version" &&
        el.name !== "action" && el.name !== "confirm" && el.type !== "submit";
    });
  }

  function values() {
    var out = {};
    fields().forEach(function (el) { out[el.name] = el.value; });
    return out;
  }

  function same(a, b) {
    return Object.keys(a).every(function (k) { return (a[k] || "") === (b[k] || ""); }) &&
      Object.keys(b).every(function (k) { return (a[k] || "") === (b[k] || ""); });
  }

  function updateTotal() {
    var sum = 0, points = 0, all = true;
    form.querySelectorAll("input.score").forEach(function (el) {
      var p = parseFloat(el.getAttribute("data-points"));
      points += p;
      var v = parseFloat(el.value);
      if (el.value === "" || isNaN(v)) { all = false; } else { sum += Math.min(Math.max(v, 0), p); }
    });
    var total = points ? 100 * sum / points : 0;
    totalOut.textContent = total.toFixed(1) + (all ? "" : " *");
    return total;
  }

  function updateCount() {
    var comment = form.querySelector("textarea[name=comment]");
    var count = document.getElementById("comment-count");
    if (!comment || !count) { return; }
    var n = comment.value.trim().length, min = parseInt(comment.getAttribute("data-min") || "0", 10);
    count.textContent = "（" + n + (min ? " / " + min : "") + "）";
    count.className = n >= min ? "count-ok" : "count-short";
  }

  function say(text) { if (status) { status.textContent = text; } }

  function remember() {
    dirty = true;
    writeCopy(id, {fields: values(), at: new Date().toISOString(),
                   version: form.elements.version.value});
  }

  function hhmm(date) {
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }

  // Offer back what this browser kept when the form shows something else.
  var copy = readCopy(id);
  if (copy && copy.fields && !locked) {
    if (same(copy.fields, values())) {
      dropCopy(id);
    } else {
      var banner = document.getElementById("restore");
      document.getElementById("restore-time").textContent = hhmm(new Date(copy.at));
      banner.hidden = false;
      document.getElementById("restore-yes").addEventListener("click", function () {
        fields().forEach(function (el) {
          if (Object.prototype.hasOwnProperty.call(copy.fields, el.name)) { el.value = copy.fields[el.name]; }
        });
        banner.hidden = true;
        updateTotal();
        updateCount();
        remember();
      });
      document.getElementById("restore-no").addEventListener("click", function () {
        dropCopy(id);
        banner.hidden = true;
      });
    }
  } else if (copy && locked) {
    dropCopy(id);
  }

  updateTotal();
  updateCount();
  if (locked) { return; }

  form.addEventListener("input", function (event) {
    if (event.target.classList.contains("score")) { updateTotal(); }
    if (event.target.name === "comment") { updateCount(); }
    remember();
  });
  form.addEventListener("change", remember);

  function autosave() {
    if (!dirty || saving || stopped) { return; }
    saving = true;
    dirty = false;
    say(form.getAttribute("data-msg-saving"));
    var body = new FormData(form);
    body.set("action", "save");
    body.delete("confirm");
    fetch(window.location.pathname, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: {"Accept": "application/json", "X-Background-Save": "1"}
    }).then(function (response) {
      return response.json().then(function (data) { return [response.status, data]; },
                                  function () { return [response.status, {}]; });
    }).then(function (result) {
      var code = result[0], data = result[1];
      saving = false;
      if (code === 200 && data.ok) {
        form.elements.version.value = data.version;
        if (!dirty) { dropCopy(id); } else { remember(); }
        say(form.getAttribute("data-msg-saved") + " " + data.saved_at);
      } else if (code === 401) {
        stopped = true;
        dirty = true;
        document.getElementById("relogin").hidden = false;
        say("");
      } else if (code === 409) {
        stopped = true;
        say(form.getAttribute("data-msg-stale"));
      } else {
        dirty = true;
        say(form.getAttribute("data-msg-" + (code === 422 ? "invalid" : "failed")));
      }
    }).catch(function () {
      saving = false;
      dirty = true;
      say(form.getAttribute("data-msg-failed"));
    });
  }
  window.setInterval(autosave, AUTOSAVE_MS);

  // Submitting asks once more, showing the total and the recommendation.
  var dialog = document.getElementById("confirm-dialog");
  var submit = document.getElementById("submit-button");
  if (dialog && submit && typeof dialog.showModal === "function") {
    submit.addEventListener("click", function (event) {
      event.preventDefault();
      document.getElementById("confirm-total").textContent = updateTotal().toFixed(1);
      var rec = form.elements.recommendation;
      document.getElementById("confirm-recommendation").textContent = rec.value || "—";
      dialog.showModal();
    });
    document.getElementById("confirm-no").addEventListener("click", function () { dialog.close(); });
    document.getElementById("confirm-yes").addEventListener("click", function () {
      var action = document.createElement("input");
      action.type = "hidden";
      action.name = "action";
      action.value = "submit";
      form.appendChild(action);
      stopped = true;
      dialog.close();
      form.submit();
    });
  }
  form.addEventListener("submit", function () { stopped = true; });
}());
