/**
 * Runs work once the page has settled: the main thread idle for `quietMs` in a row (whole idle periods, as
 * requestIdleCallback reports them), or after `maxMs` whatever happens. For what the page only prepares (the other
 * controls' bundles): it must not compete with the first page's requests and rows (issue 12: interactive in 1 s).
 */
const FULL_IDLE_MS = 40;

export function whenQuiet(run: () => void, quietMs = 300, maxMs = 5000): void {
  const started = performance.now();
  const idle = window.requestIdleCallback;
  if (typeof idle !== "function") return void setTimeout(run, quietMs);
  let quietSince: number | undefined;
  const check = (deadline: IdleDeadline) => {
    const now = performance.now();
    // A short idle period means work ran just before it: the quiet starts again.
    if (deadline.timeRemaining() < FULL_IDLE_MS && !deadline.didTimeout) quietSince = undefined;
    else quietSince ??= now;
    if (now - started >= maxMs || (quietSince !== undefined && now - quietSince >= quietMs)) return run();
    idle(check, { timeout: Math.max(1, maxMs - (now - started)) });
  };
  idle(check, { timeout: maxMs });
}
