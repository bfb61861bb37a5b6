// "Select all" on the caseload move form: a checkbox that ticks or clears every
// participant, and shows "mixed" when only some are ticked. Without scripts the page
// offers a link that does the same.
(function () {
  "use strict";
  var group = document.querySelector("[data-select-all]");
  if (!group) { return; }
  var all = group.querySelector("[data-select-all-box] input");
  var boxes = Array.prototype.slice.call(group.querySelectorAll("input[name=participants]"));
  if (!all || !boxes.length) { return; }

  function reflect() {
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    all.checked = ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }

  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
  boxes.forEach(function (box) { box.addEventListener("change", reflect); });
  group.querySelector("[data-select-all-link]").hidden = true;
  group.querySelector("[data-select-all-box]").hidden = false;
  reflect();
})();
