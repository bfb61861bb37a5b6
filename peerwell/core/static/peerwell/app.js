// Warns before the inactivity log-off and lets the user stay signed in.
// The server enforces the limit; this only gives the warning the user deserves.
(function () {
  "use strict";
  var body = document.body;
  var limit = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var dialog = document.getElementById("idle-warning");
  if (!limit || !dialog) { return; }
  var warnBefore = Math.min(120, Math.floor(limit / 2));
  var warnTimer, endTimer;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(function () {
      if (typeof dialog.showModal === "function" && !dialog.open) { dialog.showModal(); }
      document.getElementById("idle-stay").focus();
    }, (limit - warnBefore) * 1000);
    // Past the limit the server has signed the user out: reload to show the sign-in page.
    endTimer = setTimeout(function () { window.location.reload(); }, (limit + 2) * 1000);
  }

  document.getElementById("idle-stay").addEventListener("click", function () {
    fetch(body.getAttribute("data-keepalive-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (response.ok) { dialog.close(); schedule(); } else { window.location.reload(); }
    });
  });
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
})();
