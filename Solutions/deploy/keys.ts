/**
 * Waits for an alternate key's index. Dataverse creates a new key's index in a system job after the import, and an
 * upsert by that key fails until its EntityKeyIndexStatus is Active, so the deploy polls
 * `EntityDefinitions(LogicalName='…')/Keys` first. Learn: data-platform/define-alternate-keys-entity,
 * webapi/reference/entitykeyindexstatus (Pending, InProgress, Active, Failed).
 */
import type { AlternateKey } from "../../schema";
import { odataString, type WebApiClient } from "./client";

export interface KeyWait {
  /** How long to wait for Active before giving up (Dataverse can take minutes on a large table). */
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_KEY_WAIT: KeyWait = { timeoutMs: 10 * 60 * 1000, intervalMs: 2000 };

interface KeyStatus {
  LogicalName: string;
  EntityKeyIndexStatus: string;
}

export async function waitForKey(
  api: WebApiClient,
  entity: string,
  key: AlternateKey,
  wait: KeyWait,
  note: (line: string) => void,
): Promise<void> {
  const sleep = wait.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const path =
    `EntityDefinitions(LogicalName=${encodeURIComponent(odataString(entity))})/Keys` +
    `?$select=LogicalName,EntityKeyIndexStatus`;
  const started = Date.now();
  let last: string | undefined;
  for (;;) {
    const keys = await api.list<KeyStatus>(path);
    const found = keys.find((k) => k.LogicalName === key.logicalName);
    const status = found?.EntityKeyIndexStatus ?? "missing";
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (status !== last) note(`${entity} key ${key.logicalName}: ${status} after ${elapsed} s`);
    last = status;
    if (status === "Active") return;
    if (status === "missing") {
      throw new Error(
        `The table ${entity} has no alternate key ${key.logicalName} after the import; the solution must define it.`,
      );
    }
    if (status === "Failed") {
      throw new Error(
        `The index of the alternate key ${key.logicalName} on ${entity} failed to build (EntityKeyIndexStatus Failed), ` +
          `usually because rows repeat its value (${key.columns.join(", ")}). Remove the duplicates, then reactivate the ` +
          `key (ReactivateEntityKey, or Settings > Customizations > Keys) and deploy again.`,
      );
    }
    if (Date.now() - started + wait.intervalMs > wait.timeoutMs) {
      throw new Error(
        `Timed out after ${Math.round(wait.timeoutMs / 1000)} s waiting for the alternate key ${key.logicalName} on ` +
          `${entity}: its index is still ${status}. Dataverse builds it in a system job; check System Jobs, then deploy ` +
          `again (it changes only what differs).`,
      );
    }
    await sleep(wait.intervalMs);
  }
}
