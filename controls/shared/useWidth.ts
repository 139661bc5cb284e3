/**
 * A control's width, for its layout (a form or a view can be narrow, whatever the window).
 *
 * Where the host allocates one (PCF `mode.allocatedWidth` once the control called `trackContainerResize(true)`; the
 * platform renders again when it changes), that width is used from the first render: measuring the box instead would
 * force a layout and render the whole control a second time before its first paint (issue 12: first page in 1 s).
 * Without one (-1, or a test DOM), the element's own box is measured and followed.
 */
import * as React from "react";

/** The platform's allocated width, if it gave one (it is -1 when it doesn't track the container). */
export function allocatedWidth(mode: Pick<ComponentFramework.Mode, "allocatedWidth"> | undefined): number | undefined {
  const width = mode?.allocatedWidth;
  return typeof width === "number" && width > 0 ? width : undefined;
}

export function useWidth<T extends HTMLElement>(allocated?: number): [React.RefObject<T>, number | undefined] {
  const ref = React.useRef<T>(null);
  const [measured, setMeasured] = React.useState<number>();
  const measuring = allocated === undefined;
  React.useLayoutEffect(() => {
    const element = ref.current;
    if (!measuring || !element) return undefined;
    // 0 is a box not laid out (hidden, or a test DOM without layout): no width to adapt to, not a narrow one.
    const measure = () => setMeasured(element.getBoundingClientRect().width || undefined);
    measure();
    if (typeof ResizeObserver === "undefined") {
      window.addEventListener("resize", measure);
      return () => window.removeEventListener("resize", measure);
    }
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [measuring]);
  return [ref, measuring ? measured : allocated];
}
