// "Make my plan": a person's own plan, worked out in this browser by
// planwright's engine and writers compiled to WebAssembly (planwright-web),
// so the weeks, the PDF and the calendar are the very ones
// `planwright plan` makes from the same answers. This file only asks the
// module and shows what it says: it words no dose and decides nothing.
//
// The module comes as text in assets/planwright-web.js (its glue, then the
// gzipped .wasm as base64 in PLANWRIGHT_WASM_GZ) and the program as JSON text in
// assets/program.js (PLANWRIGHT_PROGRAM): plain scripts, because a page
// opened from disk may not fetch() a file beside it.
(function () {
  "use strict";

  // The patient file's keys, which are also the module's answer fields.
  var FIELDS = ["name", "stage", "start", "rate", "weeks", "units", "equipment"];
  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

  var form = document.querySelector("[data-personaliser]");
  var output = document.querySelector("[data-plan-output]");
  if (!form || !output) return;
  var fallback = document.querySelector("[data-personaliser-fallback]");
  var failure = document.querySelector("[data-personaliser-failure]");
  var tables = output.querySelector("[data-plan-tables]");
  var status = output.querySelector("[data-plan-status]");
  var remember = form.querySelector("[data-remember]");
  var paper = output.querySelector("[data-paper]");

  var planner = null;
  var shape = null; // what planner.form() describes: stages, exercises, defaults
  var storeKey = null;
  // Baselines typed so far, by "exercise.var", kept while another stage is
  // shown so that coming back finds them again.
  var baselines = {};
  // One object URL per kind of download, let go when the next replaces it.
  var downloads = {};
  var shown = false;

  function fail(reason) {
    if (failure) {
      failure.textContent = "The plan maker could not start in this browser: " + reason;
      failure.hidden = false;
    }
  }

  // Bytes from their base64 text; Uint8Array.fromBase64 where the browser
  // has it, else through atob.
  function decode(text) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
    var binary = window.atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // The first Monday on or after the reader's own today, so the form starts
  // with an explicit date; the module itself never reads a clock.
  function nextMonday() {
    var day = new Date();
    day.setDate(day.getDate() + ((8 - day.getDay()) % 7));
    return day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate());
  }

  // A date of the plan (YYYY-MM-DD, from the module) in the words the
  // command line's text plan uses: "Mon 1 Jun", or "Monday 1 June 2026".
  function dateWords(iso, long) {
    var parts = iso.split("-").map(Number);
    var weekday = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])).getUTCDay();
    if (long) return LONG_DAYS[weekday] + " " + parts[2] + " " + LONG_MONTHS[parts[1] - 1] + " " + parts[0];
    return DAYS[weekday] + " " + parts[2] + " " + MONTHS[parts[1] - 1];
  }

  function time(iso) {
    var el = document.createElement("time");
    el.dateTime = iso;
    el.textContent = dateWords(iso, false);
    return el;
  }

  function element(tag, text, attributes) {
    var el = document.createElement(tag);
    if (text !== null) el.textContent = text;
    for (var name in attributes || {}) el.setAttribute(name, attributes[name]);
    return el;
  }

  function currentStage() {
    var number = form.elements.stage.value;
    return shape.stages.filter(function (s) {
      return String(s.number) === number;
    })[0] || shape.stages[0];
  }

  // ----- the form, built from planner.form() so any program works -----

  function buildForm() {
    var select = form.elements.stage;
    shape.stages.forEach(function (stage) {
      select.appendChild(element("option", "Stage " + stage.number + ": " + stage.title, { value: String(stage.number) }));
    });
    var rate = shape.rate;
    form.querySelector("[data-help-rate]").textContent =
      "How much to add each week, from " + rate.min + " to " + rate.max + ". Leave it empty for the program's " + rate.target + ".";
    var metric = shape.units === "imperial" ? "imperial, lb" : "metric, kg";
    form.querySelector("[data-units-default]").textContent = "The program's (" + metric + ")";
    paper.value = shape.paper;
  }

  function fieldId(key) {
    return "field-" + key.replace(/[^A-Za-z0-9-]/g, "-");
  }

  // One box per variable of each exercise of the chosen stage.
  function buildBaselines() {
    var stage = currentStage();
    var box = form.querySelector("[data-baselines]");
    box.textContent = "";
    stage.exercises.forEach(function (exercise) {
      var group = element("fieldset", null, { class: "baseline-exercise" });
      group.appendChild(element("legend", exercise.title));
      exercise.baselines.forEach(function (b) {
        var key = exercise.id + "." + b.var;
        var id = fieldId("baseline-" + key);
        var field = element("div", null, { class: "field" });
        // The module's label when it gives one, else the variable's name:
        // "Hold (s)", but "Reps" rather than "Reps (reps)".
        var label = b.label || b.var.charAt(0).toUpperCase() + b.var.slice(1);
        var unit = b.unit && b.unit.toLowerCase() !== label.toLowerCase() ? " (" + b.unit + ")" : "";
        field.appendChild(element("label", label + unit, { for: id }));
        var input = element("input", null, {
          id: id,
          type: "text",
          autocomplete: "off",
          spellcheck: "false",
          name: "baseline." + key,
          "data-field": "baseline:" + key,
          "data-baseline": key,
          "aria-describedby": "help-" + id,
        });
        input.value = baselines[key] || "";
        field.appendChild(input);
        var help = "The program starts at " + b.start + "; at most " + b.max + ".";
        if (b.example) help += " Write it like " + b.example + ".";
        field.appendChild(element("p", help, { class: "help", id: "help-" + id }));
        group.appendChild(field);
      });
      if (exercise.baselines.length > 0) box.appendChild(group);
    });
    form.querySelector("[data-help-weeks]").textContent =
      "How many weeks to plan, up to " + stage.max_weeks + ". Leave it empty for all " + stage.max_weeks + ".";
  }

  // ----- answers -----

  // The answers exactly as typed; an empty one means "the program's".
  function answers() {
    var a = {};
    FIELDS.forEach(function (name) {
      a[name] = form.elements[name].value;
    });
    a.baselines = {};
    form.querySelectorAll("[data-baseline]").forEach(function (input) {
      if (input.value !== "") a.baselines[input.dataset.baseline] = input.value;
    });
    return a;
  }

  function fill(a) {
    FIELDS.forEach(function (name) {
      if (typeof a[name] === "string") form.elements[name].value = a[name];
    });
    baselines = a.baselines && typeof a.baselines === "object" ? a.baselines : {};
  }

  function stored() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey) || "null");
    } catch (e) {
      return null;
    }
  }

  // Only when the reader ticked the box: a plan holds health details.
  function store(a) {
    if (!remember.checked) return;
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(a));
    } catch (e) {
      // Storage can be off (private windows, some file:// setups): the
      // answers then last as long as the page, which is what was asked
      // for anyway without the box.
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(storeKey);
    } catch (e) {
      // Nothing was stored where storage is off.
    }
  }

  // ----- errors, each at its field -----

  function errorFor(field) {
    var input = form.querySelector('[data-field="' + field + '"]');
    if (!input) return null;
    var id = "error-" + input.id.replace(/^field-/, "");
    var p = document.getElementById(id);
    if (!p) {
      p = element("p", null, { class: "field-error", id: id, "data-error-for": field });
      var help = document.getElementById(input.getAttribute("aria-describedby").split(" ")[0]);
      (help || input).insertAdjacentElement("afterend", p);
    }
    return { input: input, p: p };
  }

  function clearErrors() {
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", input.getAttribute("aria-describedby").split(" ")[0]);
    });
    form.querySelectorAll(".field-error").forEach(function (p) {
      p.hidden = true;
      p.textContent = "";
    });
  }

  function describe(p, error) {
    p.textContent = "";
    p.appendChild(element("span", error.message, { "data-error-message": "" }));
    if (error.hint) {
      p.appendChild(document.createTextNode(" "));
      p.appendChild(element("span", error.hint, { class: "hint", "data-error-hint": "" }));
    }
    p.hidden = false;
  }

  // `kept` is what still stands: "plan" when the answers give no plan (the
  // table shown is the last one that worked), or the file that could not be
  // made from a plan that stands ("PDF", "calendar").
  function showErrors(errors, kept) {
    clearErrors();
    var formError = form.querySelector('[data-error-for="form"]');
    var labels = [];
    errors.forEach(function (error) {
      var at = error.field === "form" ? null : errorFor(error.field);
      if (!at) {
        // A problem of no one field, or of a field this form lacks.
        describe(formError, error);
        labels.push("the answers as a whole");
        return;
      }
      describe(at.p, error);
      at.input.setAttribute("aria-invalid", "true");
      at.input.setAttribute("aria-describedby", at.input.getAttribute("aria-describedby").split(" ")[0] + " " + at.p.id);
      var label = form.querySelector('label[for="' + at.input.id + '"]');
      labels.push(label ? label.textContent : error.field);
    });
    var which = labels.join(", ") + ".";
    if (kept !== "plan") {
      say("Your " + kept + " could not be made: see " + which);
      return;
    }
    output.classList.add("is-stale");
    setDownloads(false);
    say(
      (errors.length === 1 ? "One answer needs changing: " : errors.length + " answers need changing: ") +
      which + (shown ? " The plan below is still the one for your answers before." : "")
    );
  }

  // Module errors come back as JSON, thrown from pdf() and ics() as an
  // Error's message.
  function errorsOf(thrown) {
    try {
      var parsed = JSON.parse(thrown.message);
      if (parsed && Array.isArray(parsed.errors)) return parsed.errors;
    } catch (e) {
      // Not the module's errors: say what it was.
    }
    return [{ field: "form", message: String(thrown.message || thrown), hint: null }];
  }

  // The status is a live region: set only when it says something new, so
  // a screen reader is not told the same plan at every key typed.
  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function setDownloads(on) {
    output.querySelectorAll("[data-download]").forEach(function (button) {
      button.disabled = !on;
    });
  }

  // ----- the plan -----

  // As the text plan gives them: "3 (+1 optional)", and the days of
  // sessions spaced through the week, "4: Mon Wed Fri Sun".
  function sessionsText(week) {
    var text = String(week.sessions);
    if (week.optional_sessions > 0) text += " (+" + week.optional_sessions + " optional)";
    if (week.session_dates && week.session_dates.length < 7) {
      text += ": " + week.session_dates.map(function (iso) {
        return dateWords(iso, false).split(" ")[0];
      }).join(" ");
    }
    return text;
  }

  function table(plan, index) {
    var info = plan.exercises[index];
    var captionId = "plan-" + info.id;
    var scroll = element("div", null, { class: "table-scroll", role: "region", "aria-labelledby": captionId, tabindex: "0" });
    var t = element("table", null, { class: "progression", "data-exercise": info.id });
    t.appendChild(element("caption", info.title + ", " + info.frequency, { id: captionId }));
    var head = element("tr");
    ["Week", "Dates", "Sessions", "Dose", "Change", "Note"].forEach(function (name) {
      head.appendChild(element("th", name, { scope: "col" }));
    });
    t.appendChild(element("thead")).appendChild(head);
    var body = t.appendChild(element("tbody"));
    plan.weeks.forEach(function (week) {
      var e = week.exercises[index];
      var row = element("tr", null, { class: "status-" + e.status, "data-week": String(week.week) });
      row.appendChild(element("th", String(week.week), { scope: "row" }));
      var dates = element("td", null, { "data-label": "Dates", "data-cell": "dates" });
      dates.appendChild(time(week.start));
      dates.appendChild(document.createTextNode(" – "));
      dates.appendChild(time(week.end));
      row.appendChild(dates);
      row.appendChild(element("td", sessionsText(e), { "data-label": "Sessions", "data-cell": "sessions", "data-sessions": String(e.sessions), "data-optional": String(e.optional_sessions) }));
      row.appendChild(element("td", e.dose_text, { "data-label": "Dose", "data-cell": "dose" }));
      row.appendChild(element("td", e.change_text, { "data-label": "Change", "data-cell": "change", "data-change": String(e.change) }));
      row.appendChild(element("td", e.note, { "data-label": "Note", "data-cell": "note" }));
      body.appendChild(row);
    });
    scroll.appendChild(t);
    return scroll;
  }

  function render(result) {
    var plan = result.plan;
    var box = document.createDocumentFragment();
    plan.exercises.forEach(function (_, i) {
      box.appendChild(table(plan, i));
    });
    tables.textContent = "";
    tables.appendChild(box);
    // The plan the tables show, the very text `planwright plan --format
    // json` prints, for anyone (or any test) who wants the numbers behind
    // the words.
    tables.dataset.plan = result.document;
    output.querySelector("[data-plan-text]").textContent = result.text;
    say(
      "Stage " + plan.stage.number + ", " + plan.stage.title + ": " + plan.weeks.length +
      (plan.weeks.length === 1 ? " week" : " weeks") + " from " + dateWords(plan.start, true) + " to " + dateWords(plan.end, true) + "."
    );
    output.classList.remove("is-stale");
    setDownloads(true);
    if (!shown) {
      shown = true;
      performance.mark("planwright:first-table");
    }
  }

  function update() {
    var a = answers();
    store(a);
    var text = JSON.stringify(a);
    var result;
    try {
      var started = performance.now();
      result = JSON.parse(planner.plan(text));
      performance.measure("planwright:plan", { start: started });
    } catch (e) {
      result = { errors: errorsOf(e) };
    }
    if (result.errors) {
      showErrors(result.errors, "plan");
      return;
    }
    clearErrors();
    render(result);
  }

  // ----- downloads: the module's bytes, saved as a file -----

  function download(kind) {
    var text = JSON.stringify(answers());
    var blob;
    var stem;
    try {
      stem = planner.file_name(text);
      if (kind === "pdf") {
        var started = performance.now();
        var bytes = planner.pdf(text, paper.value);
        performance.measure("planwright:pdf", { start: started });
        blob = new Blob([bytes], { type: "application/pdf" });
      } else {
        blob = new Blob([planner.ics(text)], { type: "text/calendar" });
      }
    } catch (e) {
      showErrors(errorsOf(e), kind === "pdf" ? "PDF" : "calendar");
      return;
    }
    if (downloads[kind]) URL.revokeObjectURL(downloads[kind]);
    downloads[kind] = URL.createObjectURL(blob);
    var link = element("a", null, { href: downloads[kind], download: stem + "." + kind, hidden: "" });
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // ----- start -----

  // The module, unpacked by the browser as it is compiled: a response, so
  // that compiling can start on the first bytes out.
  function wasmResponse() {
    var packed = new Blob([decode(PLANWRIGHT_WASM_GZ)]).stream();
    var wasm = packed.pipeThrough(new DecompressionStream("gzip"));
    return new Response(wasm, { headers: { "content-type": "application/wasm" } });
  }

  async function start() {
    if (typeof wasm_bindgen !== "function" || typeof PLANWRIGHT_WASM_GZ !== "string" || typeof PLANWRIGHT_PROGRAM !== "string") {
      fail("its files did not load.");
      return;
    }
    try {
      await wasm_bindgen({ module_or_path: wasmResponse() });
      planner = new wasm_bindgen.Planner(PLANWRIGHT_PROGRAM);
      // The logo and the pictures the command line's PDFs embed.
      var media = typeof PLANWRIGHT_MEDIA === "object" && PLANWRIGHT_MEDIA ? PLANWRIGHT_MEDIA : {};
      if (media.logo) planner.set_logo(decode(media.logo));
      Object.keys(media.pictures || {}).forEach(function (id) {
        planner.add_picture(id, decode(media.pictures[id]));
      });
      shape = JSON.parse(planner.form());
    } catch (e) {
      // No WebAssembly (or a site whose base.html forbids it), or a
      // program the module cannot read: the other ways stay on show.
      fail(String(e.message || e));
      return;
    }
    storeKey = "planwright-answers:" + shape.title;
    buildForm();
    var saved = stored();
    if (saved) {
      fill(saved);
      remember.checked = true;
    }
    if (!form.elements.start.value) form.elements.start.value = nextMonday();
    // A stage page's link names its stage.
    var asked = new URLSearchParams(window.location.search).get("stage");
    if (asked && form.elements.stage.querySelector('option[value="' + CSS.escape(asked) + '"]')) form.elements.stage.value = asked;
    if (!form.elements.stage.value) form.elements.stage.value = String(shape.stages[0].number);
    buildBaselines();

    form.addEventListener("input", function (event) {
      var key = event.target.dataset.baseline;
      if (key) baselines[key] = event.target.value;
      if (event.target === form.elements.stage) buildBaselines();
      if (event.target !== remember) update();
    });
    remember.addEventListener("change", function () {
      if (remember.checked) store(answers());
      else forget();
    });
    // There is nothing to send (form-action 'none'): Enter in a box just
    // keeps the plan as it is.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    output.addEventListener("click", function (event) {
      var button = event.target.closest("[data-download]");
      if (button) download(button.dataset.download);
    });

    if (fallback) fallback.hidden = true;
    form.hidden = false;
    update();
    output.hidden = false;
  }

  start();
})();
