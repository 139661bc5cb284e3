/**
 * How a page asks a control with unsaved changes before it navigates away (issue 12, item 3).
 *
 * What Dataverse does: a model-driven form asks "Save changes?" only for its own columns (the form's dirty tracking,
 * which also raises OnSave when the user navigates away; Learn: clientapi/reference/events/form-onsave). A code
 * component can't block the app's own navigation (site map, back, another record): the documented PCF context has no
 * navigation hook, and only the browser's `beforeunload` prompt covers reload and closing the tab. The editor saves
 * its related rows itself, so it (1) holds `beforeunload` while it has changes, (2) asks before its own Discard,
 * and (3) answers this request, which the local host page sends before each navigation of its own. A host page in
 * Dataverse (a custom page or web resource around the control) may send it the same way.
 */
export const LEAVE_REQUEST_EVENT = "apm:leaverequest";

export interface LeaveRequest {
  /** The person chose Save (and it saved) or Don't save: navigate. */
  readonly proceed: () => void;
  /** The person chose Cancel, or the save failed: stay. */
  readonly stay: () => void;
}

/**
 * Host side: `immediate` when no control holds changes (the page may go now); otherwise `answer` resolves once the
 * person chose (true: leave). A control that holds changes cancels the event and answers later.
 */
export function askToLeave(target: EventTarget = window): { immediate: boolean; answer: Promise<boolean> } {
  let resolveAnswer: (leave: boolean) => void = () => undefined;
  let answered = false;
  const answer = new Promise<boolean>((resolve) => {
    resolveAnswer = resolve;
  });
  const settle = (leave: boolean) => {
    if (answered) return;
    answered = true;
    resolveAnswer(leave);
  };
  const event = new CustomEvent<LeaveRequest>(LEAVE_REQUEST_EVENT, {
    cancelable: true,
    detail: { proceed: () => settle(true), stay: () => settle(false) },
  });
  const immediate = target.dispatchEvent(event);
  if (immediate) settle(true);
  return { immediate, answer };
}

/** Host side: resolves true when the page may navigate. */
export function requestLeave(target: EventTarget = window): Promise<boolean> {
  return askToLeave(target).answer;
}
