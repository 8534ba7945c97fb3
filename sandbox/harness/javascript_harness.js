// Runs inside the sandbox (node): reads {"code", "function", "cases"} as JSON on stdin, calls the function
// on each case's arguments, and writes {"results": [...], "maxrss_kb"} to stdout through a saved handle.
// console output of the candidate is sent to stderr, so it can never be taken for results.
"use strict";
const fs = require("fs");
const write = (text) => fs.writeSync(1, text);
const data = JSON.parse(fs.readFileSync(0, "utf8"));
for (const name of ["log", "info", "warn", "error", "debug"]) {
  console[name] = (...items) => fs.writeSync(2, items.map(String).join(" ") + "\n");
}
const describe = (error) => String(error && error.name ? `${error.name}: ${error.message}` : error).slice(0, 300);
const isMemory = (error) => error instanceof RangeError && /memory|allocation|Invalid array length|Invalid string length/i.test(String(error.message));
const finish = (payload) => {
  payload.maxrss_kb = process.resourceUsage().maxRSS;
  write(JSON.stringify(payload));
  process.exit(0);
};
let fn;
try {
  fn = new Function(`${data.code}\nreturn typeof ${data.function} === "function" ? ${data.function} : undefined;`)();
  if (typeof fn !== "function") throw new ReferenceError(`function ${data.function}() is not defined`);
} catch (error) {
  finish({ load_error: describe(error), memory: isMemory(error) });
}
const results = [];
for (const args of data.cases) {
  const started = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
  try {
    const value = fn(...args);
    const encoded = JSON.stringify(value === undefined ? null : value);
    results.push({ ok: true, value: JSON.parse(encoded), ms: ms() });
  } catch (error) {
    results.push({ ok: false, error: describe(error), memory: isMemory(error), ms: ms() });
  }
}
finish({ results });
