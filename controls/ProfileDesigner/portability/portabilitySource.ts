/**
 * What the designer's *Export* and *Import* (issue 14) read and write, behind one small interface so the panel is
 * tested without a server. The Web API source is the CLI's own pipeline (cli/profiles.ts): readEnvironment over the
 * row reader, exportDocument, and one `$batch` change set per planned profile (all or nothing; Learn:
 * webapi/execute-batch-operations-using-web-api), every request retried after a 429's Retry-After.
 */
import { webApiRowReader } from "../../shared/assignment/webApiAssignment";
import { sendBatch, webApiRoot, type WebApiFetch } from "../../shared/data/webApiFetch";
import type { ProfilesDocument } from "../../shared/portability/document";
import { exportDocument, type EnvironmentSnapshot, type ExportResult } from "../../shared/portability/environment";
import type { PlannedProfile } from "../../shared/portability/importPlan";
import { changeSetRequests } from "../../shared/portability/importRequests";
import { readEnvironment } from "../../shared/portability/webApiEnvironment";
import { retryThrottled } from "../../shared/portability/retryThrottled";

export type ReadProgress = (done: number, total: number) => void;

export interface PortabilitySource {
  /** The export document of these unique names (all profiles when empty), as the CLI writes it. */
  exportProfiles(uniqueNames: readonly string[], includeUsers: boolean): Promise<ExportResult>;
  /** The target environment as an import of this document compares against it. */
  readTarget(document: ProfilesDocument, onProgress?: ReadProgress): Promise<EnvironmentSnapshot>;
  /** Writes one planned profile in one change set; rejects (nothing written) when the server refuses any part. */
  applyProfile(planned: PlannedProfile): Promise<void>;
}

export function webApiPortabilitySource(
  fetch: WebApiFetch,
  clientUrl = "",
  now: () => Date = () => new Date(),
): PortabilitySource {
  const send = retryThrottled(fetch);
  const reader = webApiRowReader(send, clientUrl);
  return {
    async exportProfiles(uniqueNames, includeUsers) {
      const snapshot = await readEnvironment(reader, { users: includeUsers });
      return exportDocument(snapshot, {
        source: clientUrl,
        exportedAt: now().toISOString(),
        includeUsers,
        only: uniqueNames,
      });
    },
    readTarget(document, onProgress) {
      const principalNames = document.profiles.flatMap((p) => p.users ?? []);
      return readEnvironment(reader, { users: document.includesUsers, catalogs: { principalNames } }, (done, total) =>
        onProgress?.(done, total),
      );
    },
    async applyProfile(planned) {
      await sendBatch(send, [{ changeSet: changeSetRequests(planned.operations, webApiRoot(clientUrl)) }]);
    },
  };
}
