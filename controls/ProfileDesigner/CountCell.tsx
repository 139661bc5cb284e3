/**
 * A count in the profile list: "Loading…" (for a screen reader; an ellipsis on screen) until the page's counts
 * arrive, then the count. It follows the store itself, so the list's other cells don't render again.
 */
import * as React from "react";
import { hiddenContentStyle, mergeStyles } from "@fluentui/react";
import type { ProfileCounts } from "../shared/data/profilePage";
import type { CountsStore } from "./countsStore";

const hidden = mergeStyles(hiddenContentStyle);

/** Renders the caller again once the store's counts settle. */
function useSettled(store: CountsStore | undefined): void {
  const [, rerender] = React.useReducer((n: number) => n + 1, 0);
  React.useEffect(() => {
    if (!store || store.state().status !== "loading") return undefined;
    const unsubscribe = store.subscribe(rerender);
    // Settled between the render and the subscription: render once more.
    if (store.state().status !== "loading") rerender();
    return unsubscribe;
  }, [store]);
}

export function useCounts(store: CountsStore, profileId: string): ProfileCounts | undefined {
  useSettled(store);
  return store.of(profileId);
}

/** Whether the store's counts have arrived (false without a store), following it. */
export function useCountsReady(store: CountsStore | undefined): boolean {
  useSettled(store);
  return store?.state().status === "ready";
}

export interface CountCellProps {
  store: CountsStore;
  profileId: string;
  /** The text of the arrived counts. */
  text: (counts: ProfileCounts) => string;
  loadingLabel: string;
}

export function CountCell(props: CountCellProps): React.ReactElement {
  const counts = useCounts(props.store, props.profileId);
  if (counts) return <>{props.text(counts)}</>;
  return (
    <span aria-busy="true">
      <span aria-hidden="true">…</span>
      <span className={hidden}>{props.loadingLabel}</span>
    </span>
  );
}
