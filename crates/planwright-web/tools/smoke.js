// Starts the built module in node the way the page does (the no-modules
// glue, then the bytes) and asks it for a planner from data that does not
// read: the module must start and answer with its own message. A module
// that cannot start (a table export wasm-opt got wrong, say) fails here
// rather than in a reader's browser.
//
//   node smoke.js GLUE.js MODULE.wasm
const fs = require("fs");
const [glue, wasm] = process.argv.slice(2);
globalThis.self = globalThis;
const bindgen = new Function(`${fs.readFileSync(glue, "utf8")}\nreturn wasm_bindgen;`)();
(async () => {
  await bindgen({ module_or_path: new Uint8Array(fs.readFileSync(wasm)) });
  try {
    new bindgen.Planner("not json");
  } catch (e) {
    if (String(e.message).startsWith("the program's data does not read")) {
      console.log("smoke: the module starts and answers");
      return;
    }
    throw e;
  }
  throw new Error("a planner was made from data that does not read");
})().catch((e) => {
  console.error(`smoke: the module does not work: ${e && e.stack || e}`);
  process.exit(1);
});
