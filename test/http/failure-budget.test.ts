import { describe, expect, it } from "vitest";
import { failureBudget } from "../../src/http/failure-budget.ts";
import { manualClock } from "../support/test-app.ts";

describe("failureBudget", () => {
  it("lets a client fail its whole allowance at once, then says how long to wait for the next", () => {
    const clock = manualClock();
    const budget = failureBudget(6, clock.now);
    for (let i = 0; i < 6; i++) {
      expect(budget.waitSeconds("203.0.113.7")).toBe(0);
      budget.spend("203.0.113.7");
    }
    // Six a minute refill one every ten seconds.
    expect(budget.waitSeconds("203.0.113.7")).toBe(10);
    clock.advance(4000);
    expect(budget.waitSeconds("203.0.113.7")).toBe(6);
    clock.advance(6000);
    expect(budget.waitSeconds("203.0.113.7")).toBe(0);
  });

  it("refills at its rate a minute, and never above its allowance", () => {
    const clock = manualClock();
    const budget = failureBudget(60, clock.now);
    for (let i = 0; i < 60; i++) budget.spend("a");
    clock.advance(30_000); // half a minute: 30 failures back
    for (let i = 0; i < 30; i++) budget.spend("a");
    expect(budget.waitSeconds("a")).toBe(1);
    clock.advance(3_600_000);
    for (let i = 0; i < 60; i++) budget.spend("a");
    expect(budget.waitSeconds("a")).toBe(1); // an idle hour gave back 60, not 3,600
  });

  it("keeps each client's allowance apart", () => {
    const clock = manualClock();
    const budget = failureBudget(2, clock.now);
    budget.spend("a");
    budget.spend("a");
    expect(budget.waitSeconds("a")).toBeGreaterThan(0);
    expect(budget.waitSeconds("b")).toBe(0);
  });

  it("remembers at most maxClients clients, forgetting the one whose last failure is oldest", () => {
    const clock = manualClock();
    const budget = failureBudget(1, clock.now, 3);
    for (const client of ["a", "b", "c"]) budget.spend(client);
    budget.spend("a"); // a failed again: b is now the oldest
    budget.spend("d");
    expect(budget.waitSeconds("b")).toBe(0);
    for (const client of ["a", "c", "d"]) expect(budget.waitSeconds(client)).toBeGreaterThan(0);
  });
});
