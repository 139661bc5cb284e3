/**
 * What the UI bench runs inside the page, as plain source text: the bundler's helpers (tsx's `__name`) must never
 * reach the page, so nothing here is a function handed to `page.evaluate`.
 *
 * `window.__apmBench` gives every measurement the same two tools:
 * - `until(test, ms, what)` resolves as soon as the DOM satisfies `test` (checked after every DOM mutation, so the
 *   moment is the commit that made it true, not the next poll) and rejects with `what` after `ms`;
 * - `afterPaint()` resolves once the next frame has been produced: a requestAnimationFrame callback, then a task
 *   (that task runs after the frame's rendering steps: style, layout, paint).
 * It also keeps every Event Timing entry (PerformanceObserver 'event': from the input's timestamp to the next paint
 * after its handlers, in 8 ms steps) and every long task, so a keystroke's figure can be checked against Chromium's.
 */
export const PAGE_TOOLS = `(() => {
  const tools = {
    events: [],
    longTasks: [],
    afterPaint: () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
    until: (test, ms, what) =>
      new Promise((resolve, reject) => {
        if (test()) return resolve();
        const observer = new MutationObserver(() => {
          if (!test()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error("Timed out after " + ms + " ms waiting for " + what + "."));
        }, ms);
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      }),
  };
  window.__apmBench = tools;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        tools.events.push({ name: e.name, startTime: e.startTime, duration: e.duration, interactionId: e.interactionId });
    }).observe({ type: "event", durationThreshold: 16, buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tools.longTasks.push({ startTime: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {}
})()`;

/** Sets `window.__apmReady` (ms since navigation) once `test` holds and the frame showing it is painted. */
const readyScript = (test: string, what: string) => `(() => {
  const test = ${test};
  const start = () =>
    window.__apmBench.until(test, 60000, ${JSON.stringify(what)}).then(
      () => window.__apmBench.afterPaint().then(() => (window.__apmReady = performance.now())),
      (error) => ((window.__apmReady = -1), (window.__apmReadyError = String(error))),
    );
  start();
})()`;

/**
 * The designer is ready when the row named `rowName` shows its app, its status and its user count (a number, not
 * "Loading…": the counts may arrive after the rows) and the search box can be typed in (all in the DOM and painted).
 */
export const designerReadyScript = (rowName: string) =>
  readyScript(
    `() => {
      const search = document.querySelector('input[type="search"], [role="searchbox"]');
      if (!search || search.disabled || search.readOnly) return false;
      for (const el of document.querySelectorAll('[role="grid"] button, [role="grid"] a')) {
        if (el.textContent !== ${JSON.stringify(rowName)}) continue;
        const row = el.closest('[role="row"]');
        const cell = (key) => row && row.querySelector('[data-automation-key="' + key + '"]');
        const text = (key) => (cell(key) ? cell(key).textContent.trim() : "");
        // Narrower layouts show the app and status under the name, in its cell.
        const appAndStatus = cell("app") ? text("app") !== "" && text("isActive") !== "" : text("name") !== el.textContent;
        return /^[0-9][0-9,.]*$/.test(text("userCount")) && appAndStatus;
      }
      return false;
    }`,
    `the designer's row "${rowName}" with its app, status and user count`,
  );

/** The editor is ready when its tabs show and an enabled field holds the profile's name (starting `namePrefix`). */
export const editorReadyScript = (namePrefix: string) =>
  readyScript(
    `() =>
      document.querySelector('[role="tab"]') &&
      [...document.querySelectorAll("input")].some((i) => !i.disabled && i.value.startsWith(${JSON.stringify(namePrefix)}))`,
    `the editor's Name field`,
  );
