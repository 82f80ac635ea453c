// Browser check of the built site, run by CI through tests/browser/run.
//
//   node tests/browser/check.mjs [SITE_DIR] [SCREENSHOT_DIR]
//
// SITE_DIR defaults to output/site, SCREENSHOT_DIR to output/browser-screenshots
// (both relative to the current directory). Opens every .html page from
// file:// in Debian's Chromium (/usr/bin/chromium, driven by playwright-core;
// no browser is ever downloaded) and checks, on every page:
//   - nothing is fetched from outside file:// (every other request is aborted
//     and counts as a failure), no console error, no page error;
//   - internal links resolve to files that exist, and #fragments to ids;
//   - the skip link reaches #main and "Back to top" returns to the top;
//   - the reader controls show, "A+" enlarges the text, "High contrast"
//     darkens the page and sets aria-pressed, both choices survive a move to
//     another page (localStorage), and "A−" / "High contrast" undo them;
//   - at 1280 px the menu needs no unfolding, the stages sit on one line, the
//     current page's mark underlines its name alone, and the footer reaches
//     the bottom of the window however short the page;
//   - with JavaScript off the content still reads, the controls stay hidden
//     and the menu behaves as with it;
//   - axe-core's WCAG 2.x A/AA rules, in normal and in high-contrast mode:
//     serious and critical violations fail, moderate and minor ones warn;
//   - the home page's signs: boxes that answer once one is ticked, and
//     without JavaScript a plain list with the answer under it.
// On phones: at 390 px (index and one exercise, with and without JavaScript)
// the header is short, its menu folded, and opening it shows the navigation
// (and the reader controls); axe runs once more with it open. At 320 px,
// every page at the largest text size (reached with A+) and without
// JavaScript: no sideways scrolling with the menu folded or open, and Tab
// reaches every control, each inside the screen's width.
// Screenshots: every page at 1280 px; index and one exercise at 390 px,
// folded and open, and at 320 px with the largest text.
// Ends with "browser: N passed, N failed" and exits non-zero on any failure.

import { chromium } from "playwright-core";
import { AXE_SOURCE, AXE_TAGS, CHROMIUM, CHROMIUM_ARGS } from "./chromium.mjs";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const STORAGE_KEY = "planwright-reader";

const siteDir = path.resolve(process.argv[2] || "output/site");
const shotDir = path.resolve(process.argv[3] || "output/browser-screenshots");

let passed = 0;
let failed = 0;
const failures = [];
const warnings = new Map(); // axe rule id -> { impact, help, pages: Set }

function pass() {
  passed += 1;
}
function fail(page, what) {
  failed += 1;
  failures.push(`${page}: ${what}`);
  console.log(`  FAIL ${what}`);
}
function check(page, ok, what) {
  if (ok) pass();
  else fail(page, what);
  return ok;
}

function htmlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(full));
    else if (entry.isFile() && entry.name.endsWith(".html")) out.push(full);
  }
  return out.sort();
}

const rel = (file) => path.relative(siteDir, file).split(path.sep).join("/");
const shotName = (file) => rel(file).replace(/\.html$/, "").replace(/\//g, "-") + ".png";
const isLocal = (url) => url.startsWith("file:") || url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank";

// Every request that is not file:// (or data:/blob:) is aborted and recorded
// against the page that was open: the site must work with no network at all.
async function newContext(browser, options, sink) {
  const context = await browser.newContext({ serviceWorkers: "block", ...options });
  context.setDefaultTimeout(15_000);
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    sink.current.push(`tried to load from outside file://: ${url}`);
    return route.abort("blockedbyclient");
  });
  context.on("request", (request) => {
    const url = request.url();
    if (!isLocal(url)) sink.current.push(`tried to load from outside file://: ${url}`);
  });
  context.on("requestfailed", (request) => {
    const url = request.url();
    if (isLocal(url)) sink.current.push(`failed to load ${url}: ${request.failure()?.errorText}`);
  });
  return context;
}

async function openPage(context, sink, file) {
  const page = await context.newPage();
  // Name the page an error came from: the reader check moves to a second page.
  const where = () => {
    const url = page.url();
    return url.startsWith("file:") ? ` [on ${rel(fileURLToPath(url))}]` : "";
  };
  page.on("console", (msg) => {
    if (msg.type() === "error") sink.current.push(`console error: ${msg.text()}${where()}`);
  });
  page.on("pageerror", (err) => sink.current.push(`page error: ${err.message}${where()}`));
  page.on("websocket", (ws) => sink.current.push(`opened a WebSocket to ${ws.url()}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return page;
}

function reportProblems(name, sink) {
  const problems = [...new Set(sink.current)];
  sink.current = [];
  if (problems.length === 0) return pass();
  for (const p of problems) fail(name, p);
}

const htmlFontSize = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
const bodyBackground = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const ariaPressed = (page) => page.getAttribute('[data-reader="contrast"]', "aria-pressed");
const stored = (page) => page.evaluate((key) => window.localStorage.getItem(key), STORAGE_KEY);

// Relative links must work from file://: each internal href must name a file
// that exists, and a #fragment must name an id on the target page.
async function checkLinks(page, name) {
  const links = await page.evaluate(() =>
    [...document.querySelectorAll("a[href], link[href], img[src], script[src]")].map((el) => el.href || el.src),
  );
  let broken = 0;
  for (const href of new Set(links)) {
    if (!href.startsWith("file:")) continue;
    const url = new URL(href);
    const target = fileURLToPath(url);
    if (!fs.existsSync(target) || !fs.statSync(target).isFile()) {
      fail(name, `link to a missing file: ${path.relative(siteDir, target) || target}`);
      broken += 1;
      continue;
    }
    if (url.hash.length > 1 && target.endsWith(".html")) {
      const id = decodeURIComponent(url.hash.slice(1));
      const html = fs.readFileSync(target, "utf8");
      if (!html.includes(`id="${id}"`)) {
        fail(name, `link to a missing anchor: ${path.relative(siteDir, target)}#${id}`);
        broken += 1;
      }
    }
  }
  if (broken === 0) pass();
}

async function checkSkipAndTop(page, name) {
  const skipHref = await page.getAttribute(".skip-link", "href").catch(() => null);
  if (!check(name, skipHref === "#main", `.skip-link should point to #main (found ${skipHref})`)) return;
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return { skip: el.classList.contains("skip-link"), onScreen: box.top >= 0 && box.bottom <= innerHeight };
  });
  check(name, first.skip, "the first Tab should focus the skip link");
  check(name, first.onScreen, "the focused skip link should be on screen");
  await page.keyboard.press("Enter");
  const afterSkip = await page.evaluate(() => ({ hash: location.hash, focus: document.activeElement?.id }));
  check(name, afterSkip.hash === "#main" && afterSkip.focus === "main", `the skip link should move focus to #main (hash ${afterSkip.hash}, focus #${afterSkip.focus})`);

  const top = page.locator(".back-to-top");
  if (!check(name, (await top.count()) === 1, "there should be one .back-to-top link")) return;
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await top.click();
  await page.waitForFunction(() => window.scrollY === 0, null, { timeout: 3000 }).catch(() => {});
  check(name, (await page.evaluate(() => window.scrollY)) === 0, "Back to top should scroll to the top");
}

async function runAxe(page, name, mode) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    // Evaluated over the DevTools protocol, which the page's
    // Content-Security-Policy does not govern: a <script> tag added to
    // the page would be refused by it, as it should be.
    await page.evaluate(AXE_SOURCE);
  }
  const result = await page.evaluate(async (tags) => {
    // preload: false, because axe would otherwise re-fetch the stylesheets
    // with XMLHttpRequest, which Chromium refuses on file:// (a console error).
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
      preload: false,
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.join(" ")),
      summary: v.nodes[0]?.failureSummary,
    }));
  }, AXE_TAGS);
  let bad = 0;
  for (const v of result) {
    if (v.impact === "serious" || v.impact === "critical") {
      bad += 1;
      fail(name, `axe (${mode}) ${v.impact}: ${v.id}: ${v.help}`);
      for (const t of v.targets.slice(0, 10)) console.log(`         at ${t}`);
      if (v.targets.length > 10) console.log(`         ... and ${v.targets.length - 10} more`);
      if (v.summary) console.log(`         ${v.summary.replace(/\n\s*/g, " ")}`);
    } else {
      const key = `${v.id} (${mode})`;
      const w = warnings.get(key) || { impact: v.impact, help: v.help, pages: new Set(), targets: new Set() };
      w.pages.add(name);
      v.targets.forEach((t) => w.targets.add(t));
      warnings.set(key, w);
    }
  }
  if (bad === 0) pass();
}

async function checkReader(page, name, otherFile) {
  const controls = page.locator("[data-reader-controls]");
  const visible =
    (await controls.isVisible()) &&
    (await page.locator('[data-reader="smaller"]').isVisible()) &&
    (await page.locator('[data-reader="larger"]').isVisible()) &&
    (await page.locator('[data-reader="contrast"]').isVisible());
  if (!check(name, visible, "the reader controls should be visible")) return;

  const baseSize = await htmlFontSize(page);
  const baseBg = await bodyBackground(page);
  check(name, (await ariaPressed(page)) === "false", "High contrast should start with aria-pressed=false");

  await page.click('[data-reader="larger"]');
  const largerSize = await htmlFontSize(page);
  check(name, largerSize > baseSize, `A+ should enlarge the text (html font-size ${baseSize}px -> ${largerSize}px)`);

  await page.click('[data-reader="contrast"]');
  const contrastBg = await bodyBackground(page);
  check(name, contrastBg !== baseBg, `High contrast should change the body background (stayed ${baseBg})`);
  check(name, (await ariaPressed(page)) === "true", "High contrast should set aria-pressed=true");

  await runAxe(page, name, "high contrast");
  if (name === "index.html") await page.screenshot({ path: path.join(shotDir, "desktop", "index-high-contrast.png"), fullPage: true });

  // The choices must follow the reader to another page.
  await page.goto(pathToFileURL(otherFile).href, { waitUntil: "load" });
  const other = rel(otherFile);
  const saved = JSON.parse((await stored(page)) || "null");
  check(name, saved && saved.contrast === true && saved.scale > 1, `localStorage ${STORAGE_KEY} should hold the choices (found ${JSON.stringify(saved)})`);
  check(name, (await htmlFontSize(page)) === largerSize, `the larger text should persist on ${other}`);
  check(name, (await bodyBackground(page)) === contrastBg, `high contrast should persist on ${other}`);
  check(name, (await ariaPressed(page)) === "true", `aria-pressed should be true on ${other}`);

  // Undo both with the controls themselves, then clear storage.
  await page.click('[data-reader="smaller"]');
  await page.click('[data-reader="contrast"]');
  check(name, (await htmlFontSize(page)) === baseSize, "A− should return the text to its first size");
  check(name, (await bodyBackground(page)) === baseBg, "a second High contrast click should restore the background");
  check(name, (await ariaPressed(page)) === "false", "a second High contrast click should set aria-pressed=false");
  await page.evaluate((key) => window.localStorage.removeItem(key), STORAGE_KEY);
}

async function checkNoJs(page, name) {
  const state = await page.evaluate(() => {
    const main = document.querySelector("main");
    return { mainText: main ? main.innerText.trim().length : 0 };
  });
  check(name, state.mainText > 0, "without JavaScript <main> should have text");
  check(name, (await page.locator("h1").count()) === 1 && (await page.locator("h1").isVisible()), "without JavaScript the h1 should be visible");
  check(name, !(await page.locator("[data-reader-controls]").isVisible()), "without JavaScript the reader controls should stay hidden");
}

// Against the screen's width, not innerWidth: a phone widens the layout
// viewport to fit content that overflows, and innerWidth grows with it.
async function checkNoSideways(page, name, when) {
  const width = page.viewportSize().width;
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  check(name, scroll <= width, `the page should not scroll sideways ${when} (it is ${scroll} px wide in ${width})`);
}

const navLinksVisible = (page) =>
  page.evaluate(() => {
    const links = [...document.querySelectorAll(".site-nav a")];
    return links.length > 0 && links.every((a) => a.checkVisibility());
  });

// Wide enough, the menu is open without a click: no summary to press, every
// link of the navigation in view. "One line" holds for the shipped program's
// five stages; a program with many more would wrap, as it should.
async function checkWideFrame(page, name) {
  check(name, !(await page.locator(".menu > summary").isVisible()), "at 1280 px the menu's summary should be hidden");
  check(name, await navLinksVisible(page), "at 1280 px every navigation link should show without opening the menu");
  const frame = await page.evaluate(() => {
    const tops = new Set([...document.querySelectorAll(".stage-nav li")].map((li) => Math.round(li.getBoundingClientRect().top)));
    const current = document.querySelector('.site-nav a[aria-current="page"]');
    const title = current?.querySelector(".nav-title");
    window.scrollTo(0, 0);
    return {
      stageLines: tops.size,
      footerBottom: document.querySelector(".site-footer").getBoundingClientRect().bottom,
      height: window.innerHeight,
      current: current ? getComputedStyle(current).textDecorationLine : null,
      title: title ? getComputedStyle(title).textDecorationLine : null,
    };
  });
  check(name, frame.stageLines === 1, `at 1280 px the stages should sit on one line (they take ${frame.stageLines})`);
  check(name, frame.footerBottom >= frame.height - 1, `the footer should reach the bottom of the window (it ends at ${Math.round(frame.footerBottom)} of ${frame.height} px)`);
  if (frame.current !== null) {
    check(name, frame.current === "none" && frame.title === "underline", `the current page's mark should underline its name alone (link: ${frame.current}, name: ${frame.title})`);
  }
}

// The menu starts folded on a phone, and its summary unfolds it, with or
// without JavaScript; the reader controls come with it when they can work.
async function checkFoldedMenu(page, name, javaScript) {
  const summary = page.locator(".menu > summary");
  if (!check(name, await summary.isVisible(), "on a phone the menu's summary should show")) return;
  check(name, !(await navLinksVisible(page)), "on a phone the navigation should start folded");
  check(name, !(await page.locator(".menu").evaluate((d) => d.open)), "the menu should start closed");
  await summary.click();
  check(name, await navLinksVisible(page), "opening the menu should show every navigation link");
  const controls = await page.locator("[data-reader-controls]").isVisible();
  check(name, controls === javaScript, javaScript ? "opening the menu should show the reader controls" : "without JavaScript the reader controls should stay hidden in the open menu");
}

const focusState = () => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  return { id: el.dataset.reach ?? null, left: box.left, right: box.right, top: box.top, bottom: box.bottom, html: el.outerHTML.slice(0, 60) };
};

// Every control a person can use is met on the way through with Tab, and
// each is within the screen's width when it has the focus.
async function checkTabReachesEverything(page, name) {
  const count = await page.evaluate(() => {
    const all = [...document.querySelectorAll('a[href], button, summary, input, select, textarea, [tabindex]:not([tabindex="-1"])')];
    const usable = all.filter((el) => el.checkVisibility({ visibilityProperty: true }) && !el.disabled && el.tabIndex >= 0);
    usable.forEach((el, i) => (el.dataset.reach = String(i)));
    window.scrollTo(0, 0);
    document.activeElement?.blur();
    return usable.length;
  });
  const { width, height } = page.viewportSize();
  const reached = new Set();
  const outside = [];
  for (let i = 0; i < count + 2; i++) {
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(focusState);
    if (focus.id === null) continue;
    reached.add(focus.id);
    const inside = focus.left >= -0.5 && focus.right <= width + 0.5 && focus.bottom > 0 && focus.top < height;
    if (!inside) outside.push(`${focus.html} at x ${Math.round(focus.left)}–${Math.round(focus.right)}, y ${Math.round(focus.top)}–${Math.round(focus.bottom)}`);
  }
  const missed = await page.evaluate((ids) => [...document.querySelectorAll("[data-reach]")].filter((el) => !ids.includes(el.dataset.reach)).map((el) => el.outerHTML.slice(0, 60)), [...reached]);
  check(name, missed.length === 0, `Tab should reach every control (missed ${missed.length} of ${count}: ${missed.slice(0, 3).join(", ")})`);
  check(name, outside.length === 0, `every focused control should be on screen (${outside.slice(0, 3).join("; ")})`);
}

let largestScale = null;
async function largestText(page, name) {
  await page.click(".menu > summary");
  let size = await htmlFontSize(page);
  for (let i = 0; i < 20; i++) {
    await page.click('[data-reader="larger"]');
    const next = await htmlFontSize(page);
    if (next === size) break;
    size = next;
  }
  largestScale = JSON.parse((await stored(page)) || "null")?.scale ?? null;
  check(name, largestScale > 1, `A+ should reach a larger text size (stored ${largestScale})`);
  await page.reload({ waitUntil: "load" });
}

// "Is this program for you?": with JavaScript, boxes whose answer appears
// once one is ticked and goes when none is; without, a plain list with the
// answer standing under it.
async function checkSigns(page, name, javaScript) {
  const signs = page.locator("[data-signs]");
  if (!check(name, (await signs.count()) === 1, "the home page should ask whether the program is for you")) return;
  const boxes = signs.locator("input[type=checkbox]");
  const answer = signs.locator("[data-signs-answer]");
  const count = await boxes.count();
  const shown = await boxes.evaluateAll((all) => all.filter((b) => b.checkVisibility()).length);
  if (!javaScript) {
    check(name, shown === 0, `without JavaScript the signs should be a plain list (${shown} boxes show)`);
    check(name, await answer.isVisible(), "without JavaScript the answer should stand under the signs");
    return;
  }
  check(name, count > 0 && shown === count, `every sign should have a box to tick (${shown} of ${count} show)`);
  check(name, !(await answer.isVisible()), "the answer should wait until a sign is ticked");
  await boxes.nth(count - 1).check();
  const text = (await answer.isVisible()) ? await answer.innerText() : "";
  check(name, /worth trying/.test(text) && /stage 1/i.test(text), `ticking a sign should answer (found "${text}")`);
  check(name, (await answer.locator("a").getAttribute("href"))?.startsWith("stages/"), "the answer should link to the first stage");
  const live = await answer.evaluate((el) => el.closest('[role="status"], [aria-live]') !== null);
  check(name, live, "the answer should be in a live region, so a screen reader hears it");
  await boxes.nth(count - 1).uncheck();
  check(name, !(await answer.isVisible()), "with no sign ticked the answer should go again");
}

async function main() {
  const started = Date.now();
  if (!fs.existsSync(siteDir)) {
    console.error(`browser: no site at ${siteDir} (run \`planwright build\` first)`);
    process.exit(2);
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`browser: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    process.exit(2);
  }
  const files = htmlFiles(siteDir);
  if (files.length === 0) {
    console.error(`browser: no .html pages under ${siteDir}`);
    process.exit(2);
  }
  for (const sub of ["desktop", "phone"]) {
    const dir = path.join(shotDir, sub);
    fs.mkdirSync(dir, { recursive: true });
    for (const f of fs.readdirSync(dir)) if (f.endsWith(".png")) fs.rmSync(path.join(dir, f));
  }

  console.log(`browser: ${files.length} pages in ${path.relative(process.cwd(), siteDir) || "."}, Chromium at ${CHROMIUM}`);
  // launch() gives the browser a fresh temporary user-data dir, removed on close.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  console.log(`browser: Chromium ${browser.version()}, axe-core ${require("axe-core/package.json").version}, playwright-core ${require("playwright-core/package.json").version}`);
  const sink = { current: [] };

  try {
    const desktop = await newContext(browser, { viewport: { width: 1280, height: 800 } }, sink);
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      const name = rel(file);
      const t0 = Date.now();
      const lap = [];
      const step = async (label, fn) => { const t = Date.now(); await fn(); lap.push(`${label} ${Date.now() - t}`); };
      let page;
      try {
        await step("open", async () => { page = await openPage(desktop, sink, file); });
        await step("shot", () => page.screenshot({ path: path.join(shotDir, "desktop", shotName(file)), fullPage: true }));
        await step("links", () => checkLinks(page, name));
        await step("skip", () => checkSkipAndTop(page, name));
        await step("axe", () => runAxe(page, name, "normal"));
        await step("frame", () => checkWideFrame(page, name));
        if (name === "index.html") await step("signs", () => checkSigns(page, name, true));
        await step("reader", () => checkReader(page, name, files[(i + 1) % files.length]));
      } catch (err) {
        fail(name, `check stopped: ${err.message.split("\n")[0]}`);
      } finally {
        reportProblems(name, sink);
        await page?.close();
        console.log(`- ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s: ${lap.join(", ")})`);
      }
    }
    await desktop.close();

    console.log("- without JavaScript");
    const noJs = await newContext(browser, { viewport: { width: 1280, height: 800 }, javaScriptEnabled: false }, sink);
    for (const file of files) {
      const name = `${rel(file)} (no JS)`;
      let page;
      try {
        page = await openPage(noJs, sink, file);
        await checkNoJs(page, name);
        await checkWideFrame(page, name);
        if (rel(file) === "index.html") await checkSigns(page, name, false);
      } catch (err) {
        fail(name, `check stopped: ${err.message.split("\n")[0]}`);
      } finally {
        reportProblems(name, sink);
        await page?.close();
      }
    }
    await noJs.close();

    console.log("- phone, 390 px");
    const phonePages = [
      files.find((f) => rel(f) === "index.html"),
      files.find((f) => rel(f).startsWith("exercises/")),
    ].filter(Boolean);
    check("phone", phonePages.length === 2, "the site should have index.html and at least one exercise page");
    for (const javaScript of [true, false]) {
      const phone = await newContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: javaScript }, sink);
      for (const file of phonePages) {
        const name = `${rel(file)} (phone${javaScript ? "" : ", no JS"})`;
        let page;
        try {
          page = await openPage(phone, sink, file);
          if (javaScript) await page.screenshot({ path: path.join(shotDir, "phone", shotName(file)), fullPage: true });
          await checkNoSideways(page, name, "with the menu folded");
          const header = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
          check(name, header <= 844 / 6, `the folded header should take at most a sixth of the screen (it takes ${Math.round(header)} of 844 px)`);
          await checkFoldedMenu(page, name, javaScript);
          if (javaScript) {
            await page.screenshot({ path: path.join(shotDir, "phone", shotName(file).replace(/\.png$/, "-menu.png")) });
            await runAxe(page, name, "phone, menu open");
          }
        } catch (err) {
          fail(name, `check stopped: ${err.message.split("\n")[0]}`);
        } finally {
          reportProblems(name, sink);
          await page?.close();
        }
      }
      await phone.close();
    }

    console.log("- phone, 320 px, largest text and without JavaScript");
    for (const javaScript of [true, false]) {
      const narrow = await newContext(browser, { viewport: { width: 320, height: 568 }, isMobile: true, hasTouch: true, javaScriptEnabled: javaScript }, sink);
      for (let i = 0; i < files.length; i++) {
        const file = files[i];
        const name = `${rel(file)} (320 px, ${javaScript ? "largest text" : "no JS"})`;
        let page;
        try {
          page = await openPage(narrow, sink, file);
          // A+ until the text grows no more; the choice is stored, so every
          // later page opens at the largest size.
          if (javaScript && i === 0) await largestText(page, name);
          if (javaScript) {
            const scale = JSON.parse((await stored(page)) || "null")?.scale;
            if (!check(name, scale === largestScale, `the page should open at the largest text size (stored ${scale})`)) continue;
          }
          await checkNoSideways(page, name, "with the menu folded");
          await page.click(".menu > summary");
          await checkNoSideways(page, name, "with the menu open");
          await checkTabReachesEverything(page, name);
          if (javaScript && (rel(file) === "index.html" || file === phonePages[1])) {
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.screenshot({ path: path.join(shotDir, "phone", shotName(file).replace(/\.png$/, "-320-largest.png")) });
          }
        } catch (err) {
          fail(name, `check stopped: ${err.message.split("\n")[0]}`);
        } finally {
          reportProblems(name, sink);
          await page?.close();
        }
      }
      await narrow.close();
    }
  } finally {
    await browser.close();
  }

  for (const [key, w] of warnings) {
    const pages = [...w.pages];
    console.log(`warning: axe ${w.impact}: ${key}: ${w.help} (on ${pages.length} page${pages.length === 1 ? "" : "s"}: ${pages.slice(0, 4).join(", ")}${pages.length > 4 ? ", ..." : ""})`);
    for (const t of [...w.targets].slice(0, 5)) console.log(`         at ${t}`);
  }
  if (failures.length > 0) {
    console.log(`\n${failures.length} failure${failures.length === 1 ? "" : "s"}:`);
    for (const f of failures) console.log(`  ${f}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nbrowser: ${files.length} pages, screenshots in ${path.relative(process.cwd(), shotDir) || shotDir}, ${warnings.size} axe warning${warnings.size === 1 ? "" : "s"}, ${seconds} s`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(`browser: ${err.stack || err}`);
  console.log(`browser: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
