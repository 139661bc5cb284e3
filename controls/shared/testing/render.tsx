/** Test helpers shared by the component tests. */
import * as React from "react";
import { render, type RenderResult } from "@testing-library/react";
import { setIconOptions } from "@fluentui/react";
import "@testing-library/jest-dom";

// Icons are the host's job (model-driven apps register them); tests don't need the font.
setIconOptions({ disableWarnings: true });

export function renderElement(element: React.ReactElement): RenderResult {
  return render(element);
}
