// Reader controls: text size and high contrast, remembered between pages;
// and the home page's signs as boxes to tick that answer. Loaded in <head>
// so a stored choice applies before the page is drawn; without JavaScript
// the controls and the boxes stay hidden and the page reads normally.
(function () {
  "use strict";
  var KEY = "planwright-reader";
  var SCALES = [0.875, 1, 1.125, 1.25, 1.5, 1.75];
  var root = document.documentElement;

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return { scale: SCALES.indexOf(saved.scale) >= 0 ? saved.scale : 1, contrast: saved.contrast === true };
    } catch (e) {
      return { scale: 1, contrast: false };
    }
  }

  function save(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (e) {
      // Storage can be off (private windows, some file:// setups): the
      // choice then lasts for this page only, which is fine.
    }
  }

  var state = load();

  function apply() {
    root.style.setProperty("--text-scale", String(state.scale));
    root.classList.toggle("contrast", state.contrast);
    var toggle = document.querySelector('[data-reader="contrast"]');
    if (toggle) toggle.setAttribute("aria-pressed", String(state.contrast));
  }

  function step(direction) {
    var i = SCALES.indexOf(state.scale) + direction;
    state.scale = SCALES[Math.max(0, Math.min(SCALES.length - 1, i))];
  }

  apply();

  // The answer shows once a sign is ticked; it sits in a live region, so
  // a screen reader hears it appear.
  function signs() {
    var section = document.querySelector("[data-signs]");
    var answer = section && section.querySelector("[data-signs-answer]");
    var list = section && section.querySelector("ul");
    if (!answer || !list) return;
    var boxes = list.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) boxes[i].hidden = false;
    list.classList.add("checklist");
    function update() {
      answer.hidden = !section.querySelector("input:checked");
    }
    section.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    signs();
    var controls = document.querySelector("[data-reader-controls]");
    if (!controls) return;
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("[data-reader]");
      if (!button) return;
      var action = button.getAttribute("data-reader");
      if (action === "smaller") step(-1);
      if (action === "larger") step(1);
      if (action === "contrast") state.contrast = !state.contrast;
      save(state);
      apply();
    });
    apply();
  });
})();
