// On "Log a contact": an attempt (no answer, a voicemail) gives no support and takes no
// minutes, so those questions step aside while an attempt is chosen. Without scripts
// they stay, and the server leaves them out of an attempt.
(function () {
  "use strict";
  var outcome = document.getElementById("id_outcome");
  if (!outcome) { return; }
  var support = document.getElementById("id_support_0");
  var minutes = document.getElementById("id_duration_minutes");
  var parts = [
    support && support.closest("fieldset"),
    minutes && minutes.closest(".usa-form-group")
  ].filter(Boolean);

  function update() {
    var attempt = outcome.value !== "reached";
    parts.forEach(function (part) { part.hidden = attempt; });
  }
  outcome.addEventListener("change", update);
  update();
})();
