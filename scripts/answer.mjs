// `curl ... | node scripts/answer.mjs data.enrollmentToken`: the walkthroughs (README.md, docs/) read GenAuth
// answers with this. It prints the named fields of the answer on stdin, one per line. A failure
// (any statusCode but 200) prints the server's own statusCode and message and exits 1 instead, so a
// walkthrough chained with && stops at the step that failed rather than sending an empty value on.
// A path step may be a negative index (data.-1.code is the last item's code); `--png <file>` writes
// the one named field, a PNG data URL, to that file instead of printing it.
import { readFileSync, writeFileSync } from "node:fs";

const args = process.argv.slice(2);
const pngAt = args.indexOf("--png");
const pngFile = pngAt >= 0 ? args.splice(pngAt, 2)[1] : undefined;
if (args.length === 0 || (pngAt >= 0 && (!pngFile || args.length !== 1))) {
  console.error("usage: node scripts/answer.mjs <path> [<path>...] < answer.json, or <path> --png <file>");
  process.exit(2);
}

const stop = (message) => {
  console.error(message);
  process.exit(1);
};

const text = readFileSync(0, "utf8");
let answer;
try {
  answer = JSON.parse(text);
} catch {
  stop(text.trim() === "" ? "No answer: is the server running?" : `Not a JSON answer: ${text.slice(0, 200)}`);
}
if (answer?.statusCode !== 200) stop(`statusCode ${answer?.statusCode}: ${answer?.message}`);

const pick = (path) => {
  let value = answer;
  for (const step of path.split(".")) {
    value = Array.isArray(value) && /^-?\d+$/.test(step) ? value.at(Number(step)) : value?.[step];
    if (value === undefined) stop(`The answer has no ${path}`);
  }
  return value;
};

if (pngFile) {
  const [, base64] = /^data:image\/png;base64,(.+)$/.exec(String(pick(args[0]))) ?? stop(`${args[0]} is not a PNG data URL`);
  writeFileSync(pngFile, Buffer.from(base64, "base64"));
} else {
  for (const path of args) {
    const value = pick(path);
    console.log(typeof value === "string" ? value : JSON.stringify(value));
  }
}
