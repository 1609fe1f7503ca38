#!/usr/bin/env node
// `genauth-mfa <command>`: the product's one command. Like every entry point of the product it is
// TypeScript, run by the same launcher that the npm scripts use.
process.argv.splice(2, 0, "src/cli/main.ts");
await import("../scripts/launch.mjs");
