// A developer's .env is for their own runs: no process a test starts (they inherit this
// environment) loads it, so every test sees the configuration it sets itself. Both vitest
// configurations import this module for that side effect.
process.env.ENV_FILE = "none";
