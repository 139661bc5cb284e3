/**
 * The platform libraries the page already loads for the controls (React 16.14.0, ReactDOM, Fluent 8.121.1), used by
 * the page's own shell too: one React and one Fluent on the page, as in a model-driven app, and nothing bundled twice.
 */
import type * as ReactModule from "react";
import type * as ReactDomModule from "react-dom";
import type * as FluentModule from "@fluentui/react";

interface PlatformGlobals {
  React: typeof ReactModule;
  ReactDOM: typeof ReactDomModule;
  FluentUIReact: typeof FluentModule;
}

const globals = window as unknown as PlatformGlobals;
export const React = globals.React;
export const ReactDOM = globals.ReactDOM;
export const Fluent = globals.FluentUIReact;
