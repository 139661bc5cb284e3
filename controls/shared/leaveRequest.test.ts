import { LEAVE_REQUEST_EVENT, askToLeave, requestLeave, type LeaveRequest } from "./leaveRequest";

describe("leave requests", () => {
  it("lets the page go at once when no control holds changes", async () => {
    const target = new EventTarget();
    expect(askToLeave(target).immediate).toBe(true);
    await expect(requestLeave(target)).resolves.toBe(true);
  });

  it("waits for the control's answer when it cancels the request", async () => {
    const target = new EventTarget();
    let request: LeaveRequest | undefined;
    target.addEventListener(LEAVE_REQUEST_EVENT, (event) => {
      event.preventDefault();
      request = (event as CustomEvent<LeaveRequest>).detail;
    });
    const first = askToLeave(target);
    expect(first.immediate).toBe(false);
    request?.stay();
    await expect(first.answer).resolves.toBe(false);
    const second = requestLeave(target);
    request?.proceed();
    request?.stay(); // only the first answer counts
    await expect(second).resolves.toBe(true);
  });
});
