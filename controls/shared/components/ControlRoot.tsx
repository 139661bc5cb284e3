import * as React from "react";
import { ThemeProvider, type ITheme } from "@fluentui/react";

/** Wraps a control in the host's theme (or Fluent's default), filling the space the host gives it. */
export function ControlRoot(props: { theme?: ITheme; label: string; children: React.ReactNode }): React.ReactElement {
  return (
    <ThemeProvider theme={props.theme} style={{ height: "100%" }} as="section" aria-label={props.label}>
      {props.children}
    </ThemeProvider>
  );
}
