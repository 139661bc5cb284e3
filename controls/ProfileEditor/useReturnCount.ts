/**
 * Counts the admin's returns to this page (the tab becomes visible again, or the window regains focus) while
 * `watching`: a picker that depends on the count searches again, so a provider created in another tab (*Add channel
 * providers*) is offered without a reload. Events only, no polling; a focus right after a visibility change (both fire
 * when switching tabs) counts once.
 */
import * as React from "react";

const SAME_RETURN_MS = 1000;

export function useReturnCount(watching: boolean): number {
  const [count, setCount] = React.useState(0);
  React.useEffect(() => {
    if (!watching) return;
    let last = 0;
    const returned = () => {
      if (document.visibilityState === "hidden") return;
      const now = Date.now();
      if (now - last < SAME_RETURN_MS) return;
      last = now;
      setCount((n) => n + 1);
    };
    document.addEventListener("visibilitychange", returned);
    window.addEventListener("focus", returned);
    return () => {
      document.removeEventListener("visibilitychange", returned);
      window.removeEventListener("focus", returned);
    };
  }, [watching]);
  return count;
}
