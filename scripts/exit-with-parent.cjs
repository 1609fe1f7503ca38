// Loaded first into every process of the product (by scripts/launch.mjs, and with --require into
// Prism): when the parent dies, even by kill -9, this process stops too. Linux gives an orphan a new
// parent (init or a subreaper), so a changed ppid means the parent is gone; SIGTERM then runs the
// process's own graceful stop, or ends it where it has none.
"use strict";
const parent = process.ppid;
const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  process.kill(process.pid, "SIGTERM");
}, 250);
// The watch must never be what keeps a process alive.
watch.unref();
