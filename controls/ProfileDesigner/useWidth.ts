/** The width of an element, followed as it changes (the control's own box, not the window: a form can be narrow). */
import * as React from "react";

export function useWidth<T extends HTMLElement>(): [React.RefObject<T>, number | undefined] {
  const ref = React.useRef<T>(null);
  const [width, setWidth] = React.useState<number>();
  React.useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    // 0 is a box not laid out (hidden, or a test DOM without layout): no width to adapt to, not a narrow one.
    const measure = () => setWidth(element.getBoundingClientRect().width || undefined);
    measure();
    if (typeof ResizeObserver === "undefined") {
      window.addEventListener("resize", measure);
      return () => window.removeEventListener("resize", measure);
    }
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
