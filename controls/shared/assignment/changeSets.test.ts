import { applyChangeSets, MAX_RETRIES_PER_CHANGE_SET, type ChangeSetWriter } from "./applyChangeSets";
import { planAssignments, type DirectoryUser } from "./bulkPlan";
import { groupsFromPlan, moveGroups, packChangeSets, removalGroups, type AssignmentOperation } from "./changeSets";
import { resultCsv } from "./resultFile";

const a = { id: "pa", uniqueName: "apm_a", name: "A" };
const b = { id: "pb", uniqueName: "apm_b", name: "B" };
const person = (id: string, profile?: typeof a): DirectoryUser => ({
  id,
  fullName: id,
  domainName: `${id}@x.com`,
  email: "",
  isDisabled: false,
  isInteractive: true,
  ...(profile ? { profile } : {}),
});

describe("change sets", () => {
  it("turns assigns into one associate and moves into disassociate-then-associate", () => {
    const plan = planAssignments(
      [
        { line: 2, user: "u1@x.com", profile: "apm_a" },
        { line: 3, user: "u2@x.com", profile: "apm_a" },
        { line: 4, user: "nobody", profile: "apm_a" },
      ],
      [person("u1"), person("u2", b)],
      [a, b],
    );
    expect(groupsFromPlan(plan)).toEqual([
      { line: 2, operations: [{ kind: "associate", profileId: "pa", userId: "u1" }] },
      {
        line: 3,
        operations: [
          { kind: "disassociate", profileId: "pb", userId: "u2" },
          { kind: "associate", profileId: "pa", userId: "u2" },
        ],
      },
    ]);
  });

  it("packs at most 1,000 operations per change set and never splits a move", () => {
    const groups = moveGroups(
      a,
      b,
      Array.from({ length: 1_501 }, (_, i) => `u${i}`),
    );
    const sets = packChangeSets(groups);
    expect(sets.map((s) => s.operationCount)).toEqual([1000, 1000, 1000, 2]);
    expect(sets.every((s) => s.groups.every((g) => g.operations.length === 2))).toBe(true);
    expect(packChangeSets(removalGroups(a, ["u1", "u2", "u3"]), 2).map((s) => s.groups.length)).toEqual([2, 1]);
  });
});

describe("applyChangeSets", () => {
  const groups = removalGroups(a, ["u1", "u2", "u3", "u4"]);

  it("applies every change set in order and reports progress after each", async () => {
    const sent: AssignmentOperation[][] = [];
    const writer: ChangeSetWriter = { write: async (ops) => (sent.push([...ops]), { ok: true }) };
    const progress: number[] = [];
    const result = await applyChangeSets(packChangeSets(groups, 3), writer, (p) => progress.push(p.done));
    expect(sent.map((s) => s.length)).toEqual([3, 1]);
    expect(progress).toEqual([3, 4]);
    expect(result).toMatchObject({ applied: 4, failed: 0 });
  });

  it("drops the refused row and sends the rest of its change set again", async () => {
    const writer: ChangeSetWriter = {
      write: async (ops) => {
        const bad = ops.findIndex((o) => o.userId === "u2");
        return bad < 0 ? { ok: true } : { ok: false, message: "u2 refused", failedOperation: bad };
      },
    };
    const result = await applyChangeSets(packChangeSets(groups), writer);
    expect(result.outcomes.get(2)).toEqual({ applied: false, message: "u2 refused" });
    expect([1, 3, 4].map((line) => result.outcomes.get(line))).toEqual(Array(3).fill({ applied: true }));
    expect(result).toMatchObject({ applied: 3, failed: 1 });
  });

  it("fails the whole change set when the server doesn't say which part, or keeps refusing", async () => {
    const silent: ChangeSetWriter = { write: async () => ({ ok: false, message: "down" }) };
    expect(await applyChangeSets(packChangeSets(groups), silent)).toMatchObject({ applied: 0, failed: 4 });
    const many = removalGroups(
      a,
      Array.from({ length: 30 }, (_, i) => `u${i}`),
    );
    let calls = 0;
    const stubborn: ChangeSetWriter = {
      write: async () => (calls++, { ok: false, message: "no", failedOperation: 0 }),
    };
    const result = await applyChangeSets(packChangeSets(many), stubborn);
    expect(calls).toBe(MAX_RETRIES_PER_CHANGE_SET + 1);
    expect(result.failed).toBe(30);
  });

  it("turns a thrown error into an outcome", async () => {
    const thrower: ChangeSetWriter = {
      write: async () => {
        throw new Error("network down");
      },
    };
    const result = await applyChangeSets(packChangeSets(groups), thrower);
    expect(result.outcomes.get(1)).toEqual({ applied: false, message: "network down" });
  });
});

describe("resultCsv", () => {
  it("lists every row with its status and outcome", async () => {
    const plan = planAssignments(
      [
        { line: 2, user: "u1@x.com", profile: "apm_a" },
        { line: 3, user: "nobody", profile: "apm_a" },
      ],
      [person("u1")],
      [a],
    );
    expect(resultCsv(plan).split("\r\n")[1]).toBe("2,u1@x.com,apm_a,assign,dry run,Will assign to A.");
    const result = await applyChangeSets(packChangeSets(groupsFromPlan(plan)), { write: async () => ({ ok: true }) });
    const lines = resultCsv(plan, result.outcomes).split("\r\n");
    expect(lines[0]).toBe("line,user,profile,status,outcome,message");
    expect(lines[1]).toBe("2,u1@x.com,apm_a,assign,applied,Will assign to A.");
    expect(lines[2]).toMatch(/^3,nobody,apm_a,unknownUser,skipped,/);
  });
});
