/** The import plan in words: one line per profile and one per changed field, for the CLI and the designer's panel. */
import type { FieldChange, PlannedProfile } from "./importPlan";

const show = (value: unknown) => (value === null || value === undefined ? "(empty)" : JSON.stringify(value));

export function describeStatus(planned: PlannedProfile): string {
  const name = planned.builtIn ? `${planned.uniqueName} (built-in)` : planned.uniqueName;
  if (planned.status !== "conflict" || !planned.conflict) {
    const fields = planned.changes.length > 0 ? `: ${planned.changes.map((c) => c.field).join(", ")}` : "";
    return `${planned.status.padEnd(9)} ${name}${planned.status === "update" ? fields : ""}`;
  }
  const { reason, resolution } = planned.conflict;
  const outcome =
    resolution === "stop"
      ? "choose --on-conflict skip, overwrite or rename"
      : resolution === "skip"
        ? "skipped"
        : resolution === "rename"
          ? planned.operations.some((o) => o.kind === "create")
            ? `created as ${planned.targetUniqueName}`
            : `kept as ${planned.targetUniqueName}`
          : "overwritten";
  return `conflict  ${name}: ${reason} (${outcome})`;
}

export function describeChange(change: FieldChange): string {
  if ("added" in change) {
    const parts = [...change.added.map((n) => `+${n}`), ...change.removed.map((n) => `-${n}`)];
    return `${change.field}: ${parts.join(", ")}`;
  }
  return `${change.field}: ${show(change.from)} -> ${show(change.to)}`;
}
