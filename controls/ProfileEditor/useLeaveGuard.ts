/**
 * Unsaved changes are never lost silently (issue 12, item 3): the browser's prompt on reload or close, and a
 * "Save changes?" dialog when the page asks to leave (see controls/shared/leaveRequest.ts for what Dataverse offers).
 */
import * as React from "react";
import { LEAVE_REQUEST_EVENT, type LeaveRequest } from "../shared/leaveRequest";
import type { Loaded } from "./editorState";

export interface LeaveGuard {
  /** A leave request waiting for the person's answer: the dialog shows while it is set. */
  readonly pending: LeaveRequest | undefined;
  readonly saveAndLeave: () => void;
  readonly discardAndLeave: () => void;
  readonly stay: () => void;
}

export function useLeaveGuard(
  state: Loaded,
  dirty: boolean,
  actions: { save: () => Promise<void>; discard: () => void },
): LeaveGuard {
  const [pending, setPending] = React.useState<LeaveRequest>();
  const [savingToLeave, setSavingToLeave] = React.useState(false);

  React.useEffect(() => {
    if (!dirty) return undefined;
    // The browser shows its own text; Chrome needs returnValue set (Learn: none; MDN: Window beforeunload event).
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    const onLeaveRequest = (event: Event) => {
      event.preventDefault();
      setPending((event as CustomEvent<LeaveRequest>).detail);
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    window.addEventListener(LEAVE_REQUEST_EVENT, onLeaveRequest);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener(LEAVE_REQUEST_EVENT, onLeaveRequest);
    };
  }, [dirty]);

  // Save, then leave only if it saved: an invalid or refused save keeps the person here with its messages.
  React.useEffect(() => {
    if (!savingToLeave || !pending || state.saving) return;
    setSavingToLeave(false);
    setPending(undefined);
    if (state.outcome?.kind === "saved" && !dirty) pending.proceed();
    else pending.stay();
  }, [savingToLeave, pending, state.saving, state.outcome, dirty]);

  return {
    pending,
    saveAndLeave: () => {
      setSavingToLeave(true);
      void actions.save();
    },
    discardAndLeave: () => {
      actions.discard();
      const request = pending;
      setPending(undefined);
      request?.proceed();
    },
    stay: () => {
      pending?.stay();
      setPending(undefined);
    },
  };
}
