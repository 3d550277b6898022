// Shared intake desks: blank the screen the moment Lock is pressed, and lock after a few idle minutes.
(function () {
  "use strict";
  var form = document.getElementById("lock-form");
  if (!form) { return; }
  var minutes = parseInt(document.body.getAttribute("data-lock-minutes"), 10) || 5;
  var timer = null;

  function lockNow() {
    document.documentElement.classList.add("locking");
    form.submit();
  }
  form.addEventListener("submit", function () {
    document.documentElement.classList.add("locking");
  });
  function restart() {
    clearTimeout(timer);
    timer = setTimeout(lockNow, minutes * 60 * 1000);
  }
  ["keydown", "pointerdown", "pointermove", "wheel", "touchstart", "input"].forEach(function (type) {
    document.addEventListener(type, restart, { passive: true });
  });
  restart();
})();
