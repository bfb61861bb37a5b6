// Warns before the inactivity log-off and lets the user stay signed in. The server keeps
// the idle clock and says how many seconds are left on every page, htmx answer and
// keep-alive; this counts down from that. Typing in a form counts as activity.
(function () {
  "use strict";
  var body = document.body;
  var limit = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var dialog = document.getElementById("idle-warning");
  if (!limit || !dialog) { return; }
  var lang = document.documentElement.lang || "en";
  var text = document.getElementById("idle-warning-text");
  var news = document.getElementById("idle-warning-news");
  var warnBefore = Math.min(120, Math.floor(limit / 2));
  // Typing sends at most one keep-alive a minute (less on very short limits).
  var keepaliveEvery = Math.max(5, Math.min(60, Math.floor(limit / 4))) * 1000;
  var deadline, lastSent = Date.now(), announced = null;

  function setSecondsLeft(value) {
    var seconds = parseInt(value, 10);
    if (!isNaN(seconds)) { deadline = Date.now() + seconds * 1000; }
  }
  setSecondsLeft(body.getAttribute("data-idle-left") || String(limit));

  function unit(count, name) {
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "long" }).format(count);
    } catch (e) { return count + " " + name + (count === 1 ? "" : "s"); }
  }

  // "1 minute and 45 seconds", "1 minuto y 45 segundos".
  function inWords(seconds) {
    var minutes = Math.floor(seconds / 60), rest = seconds % 60, parts = [];
    if (minutes) { parts.push(unit(minutes, "minute")); }
    if (rest || !minutes) { parts.push(unit(rest, "second")); }
    try { return new Intl.ListFormat(lang, { style: "long", type: "conjunction" }).format(parts); }
    catch (e) { return parts.join(" "); }
  }

  function sentence(seconds) {
    return text.getAttribute("data-template").replace("%(time)s", inWords(seconds));
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Reload once: a second reload, sent while the first is under way, would reach the
  // server already signed out and lose the sign-in page's "timed out" notice.
  var leaving = false;
  function leave() {
    if (!leaving) { leaving = true; window.location.reload(); }
  }

  function tick() {
    if (leaving) { return; }
    var left = Math.ceil((deadline - Date.now()) / 1000);
    // Past the limit the server has signed the user out: reload to show the sign-in page.
    if (left <= -2) { leave(); return; }
    if (left > warnBefore) {
      if (dialog.open) { dialog.close(); }
      return;
    }
    left = Math.max(0, left);
    text.textContent = sentence(left);
    if (!dialog.open) {
      if (typeof dialog.showModal === "function") { dialog.showModal(); }
      document.getElementById("idle-stay").focus();
    }
    // A screen reader hears the time left when the warning opens, then each half minute,
    // not every second.
    var step = Math.ceil(left / 30);
    if (step !== announced) { announced = step; news.textContent = sentence(left); }
  }

  function keepalive(onDone) {
    lastSent = Date.now();
    fetch(body.getAttribute("data-keepalive-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { leave(); return null; }
      return response.json();
    }).then(function (answer) {
      if (!answer) { return; }
      setSecondsLeft(answer.seconds_left);
      announced = null;
      tick();
      if (onDone) { onDone(); }
    });
  }

  document.getElementById("idle-stay").addEventListener("click", function () { keepalive(); });
  function typed(event) {
    var form = event.target.closest && event.target.closest("form");
    if (form && !dialog.contains(form) && Date.now() - lastSent >= keepaliveEvery) { keepalive(); }
  }
  document.addEventListener("input", typed, true);
  document.addEventListener("keydown", typed, true);
  body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var left = xhr && xhr.getResponseHeader("X-Idle-Seconds-Left");
    if (left !== null && left !== undefined) { setSecondsLeft(left); tick(); }
  });
  setInterval(tick, 1000);
  tick();
})();
