import * as React from "react";
import { getId } from "@fluentui/react";

/** A DOM id that stays the same for the component's life (React 16 has no useId). */
export function useStableId(prefix: string): string {
  return React.useState(() => getId(prefix))[0];
}
