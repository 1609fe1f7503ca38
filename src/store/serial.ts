/** Runs async work one at a time, in the order it was asked for. */
export type Serial = <T>(work: () => T | Promise<T>) => Promise<T>;

/** A queue of one: each piece of work starts when the previous one has settled. */
export function serial(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
}
