// What both browser checks share: Debian's Chromium and how to start it,
// and axe-core with the rules they hold every page to.
import { createRequire } from "node:module";
import fs from "node:fs";

const require = createRequire(import.meta.url);

export const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
// Without the background-networking switches Chromium dials Google's
// hosts at every start, which this machine's closed network refuses.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
