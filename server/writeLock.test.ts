import { WriteLock, WriteLockTimeout } from "./db";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("WriteLock", () => {
  it("runs tasks one at a time, in arrival order", async () => {
    const lock = new WriteLock();
    const order: string[] = [];
    const first = lock.run(async () => {
      order.push("first starts");
      await wait(20);
      order.push("first ends");
    });
    const second = lock.run(async () => {
      order.push("second starts");
    });
    await Promise.all([first, second]);
    expect(order).toEqual(["first starts", "first ends", "second starts"]);
  });

  it("gives up on a task that can't start in time, never runs it, and lets the next one in", async () => {
    const lock = new WriteLock(30);
    let release!: () => void;
    const holder = lock.run(() => new Promise<void>((resolve) => (release = resolve)));
    const starved = jest.fn(async () => "ran");
    const waiting = lock.run(starved);
    await expect(waiting).rejects.toBeInstanceOf(WriteLockTimeout);
    const next = lock.run(async () => "next", 1000);
    release();
    await holder;
    await expect(next).resolves.toBe("next");
    expect(starved).not.toHaveBeenCalled();
  });

  it("releases the lock when a task rejects or throws before returning a promise", async () => {
    const lock = new WriteLock(200);
    await expect(lock.run(async () => Promise.reject(new Error("rejected")))).rejects.toThrow("rejected");
    await expect(
      lock.run((() => {
        throw new Error("thrown");
      }) as () => Promise<void>),
    ).rejects.toThrow("thrown");
    await expect(lock.run(async () => "still works")).resolves.toBe("still works");
  });
});
