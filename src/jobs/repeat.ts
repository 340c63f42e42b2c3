// The timer of a job a long-running Node process repeats. Its timers are unref'd, so they never
// keep a stopping process alive.

/** Runs `run` after `firstAfterMs`, then every `everyMs`. Returns a function that stops it. */
export function repeatJob(
  run: () => void,
  { firstAfterMs, everyMs }: { firstAfterMs: number; everyMs: number },
) {
  // setInterval cannot wait longer than 2^31-1 ms (about 24 days).
  const every = Math.min(everyMs, 2 ** 31 - 1);
  const first = setTimeout(run, Math.min(firstAfterMs, every));
  const timer = setInterval(run, every);
  first.unref?.();
  timer.unref?.();
  return (): void => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
