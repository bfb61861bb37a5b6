// The signature pad: strokes drawn with a finger, stylus or mouse become SVG path data
// ("M x y" starts a stroke, "L x y" continues it) on the canvas's own 600 x 200 grid,
// in the hidden input the form posts. The server accepts only that grammar.
(function () {
  "use strict";

  function setUp(group) {
    var canvas = group.querySelector("canvas");
    var input = group.querySelector("input[type=hidden]");
    var clear = group.querySelector(".pw-signature__clear");
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var last = null;

    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#1b1b1b";

    function point(event) {
      var box = canvas.getBoundingClientRect();
      var x = Math.round((event.clientX - box.left) * canvas.width / box.width);
      var y = Math.round((event.clientY - box.top) * canvas.height / box.height);
      return [Math.max(0, Math.min(canvas.width, x)), Math.max(0, Math.min(canvas.height, y))];
    }

    // The whole path: after a refused form brings it back, and after "Clear".
    function redraw() {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      var re = /([ML])(\d+) (\d+)/g;
      var m;
      ctx.beginPath();
      while ((m = re.exec(input.value)) !== null) {
        if (m[1] === "M") { ctx.moveTo(+m[2], +m[3]); } else { ctx.lineTo(+m[2], +m[3]); }
      }
      ctx.stroke();
    }

    function segment(from, to) {
      ctx.beginPath();
      ctx.moveTo(from[0], from[1]);
      ctx.lineTo(to[0], to[1]);
      ctx.stroke();
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      // A dot is a stroke of one step, so a tap still leaves a mark.
      var below = last[1] < canvas.height ? last[1] + 1 : last[1] - 1;
      input.value += "M" + last[0] + " " + last[1] + "L" + last[0] + " " + below;
      segment(last, [last[0], below]);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var p = point(event);
      if (Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) < 2) { return; }
      input.value += "L" + p[0] + " " + p[1];
      // Only the new piece is drawn: redrawing the whole path on every move would slow
      // a long signature down on a phone.
      segment(last, p);
      last = p;
    });
    function stop() { drawing = false; }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    clear.addEventListener("click", function () {
      input.value = "";
      redraw();
    });

    group.hidden = false;
    // After a refused form the posted signature comes back: draw it again.
    redraw();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-signature]"), setUp);
})();
