import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "@testing-library/react";
import { allocatedWidth, useWidth } from "./useWidth";

function Box(props: { allocated?: number; seen: (number | undefined)[] }): React.ReactElement {
  const [ref, width] = useWidth<HTMLDivElement>(props.allocated);
  props.seen.push(width);
  return <div ref={ref}>{width ?? "none"}</div>;
}

function renderBox(allocated: number | undefined, seen: (number | undefined)[]) {
  const container = document.createElement("div");
  document.body.appendChild(container);
  act(() => {
    ReactDOM.render(<Box allocated={allocated} seen={seen} />, container);
  });
  return () => {
    act(() => {
      ReactDOM.unmountComponentAtNode(container);
    });
    container.remove();
  };
}

describe("useWidth", () => {
  afterEach(() => jest.restoreAllMocks());

  it("uses the platform's allocated width from the first render, without measuring or rendering again", () => {
    const measure = jest.spyOn(HTMLElement.prototype, "getBoundingClientRect");
    const seen: (number | undefined)[] = [];
    const unmount = renderBox(820, seen);
    expect(seen).toEqual([820]);
    expect(measure).not.toHaveBeenCalled();
    unmount();
  });

  it("measures its own box when the platform allocates none", () => {
    jest
      .spyOn(HTMLElement.prototype, "getBoundingClientRect")
      .mockReturnValue({ width: 512, height: 10, top: 0, left: 0, right: 512, bottom: 10, x: 0, y: 0 } as DOMRect);
    const seen: (number | undefined)[] = [];
    const unmount = renderBox(undefined, seen);
    expect(seen).toEqual([undefined, 512]);
    unmount();
  });

  it("reads the allocated width only where the platform gives one (-1: it doesn't track the container)", () => {
    expect(allocatedWidth({ allocatedWidth: -1 })).toBeUndefined();
    expect(allocatedWidth({ allocatedWidth: 0 })).toBeUndefined();
    expect(allocatedWidth(undefined)).toBeUndefined();
    expect(allocatedWidth({ allocatedWidth: 1280 })).toBe(1280);
  });
});
