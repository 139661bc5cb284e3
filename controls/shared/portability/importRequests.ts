/**
 * A planned profile's operations as the requests of one `$batch` change set: all or nothing (Learn:
 * webapi/execute-batch-operations-using-web-api, "Change sets"). A create binds its templates and providers on the
 * create itself (Learn: webapi/create-entity-web-api, "Associate table rows on create"); the other links are `$ref`
 * associate and disassociate requests (Learn: webapi/associate-disassociate-entities-using-web-api). URLs are
 * absolute, as a change set's parts are written.
 */
import { AppProfile } from "../../../schema/model";
import type { BatchRequest } from "../data/batch";
import { linkRelationships, linkTargets, type ProfileOperation } from "./importPlan";

export function operationRequest(operation: ProfileOperation, root: string): BatchRequest {
  const profileUrl = (id: string) => `${root}${AppProfile.entitySetName}(${id})`;
  switch (operation.kind) {
    case "create": {
      const body: Record<string, unknown> = { ...operation.attributes };
      for (const [kind, ids] of Object.entries(operation.bind) as [keyof typeof operation.bind, string[]][]) {
        if (ids.length === 0) continue;
        const navigation = linkRelationships[kind].entity1NavigationProperty;
        body[`${navigation}@odata.bind`] = ids.map((id) => `${root}${linkTargets[kind].entitySet}(${id})`);
      }
      return { method: "POST", url: `${root}${AppProfile.entitySetName}`, body };
    }
    case "update":
      // If-Match: * makes the PATCH an update only, never an upsert that creates a deleted profile again.
      return {
        method: "PATCH",
        url: profileUrl(operation.id),
        headers: { "If-Match": "*" },
        body: operation.attributes,
      };
    case "associate":
    case "disassociate": {
      const navigation = linkRelationships[operation.link].entity1NavigationProperty;
      const base = `${profileUrl(operation.profileId)}/${navigation}`;
      return operation.kind === "associate"
        ? {
            method: "POST",
            url: `${base}/$ref`,
            body: { "@odata.id": `${root}${linkTargets[operation.link].entitySet}(${operation.relatedId})` },
          }
        : { method: "DELETE", url: `${base}(${operation.relatedId})/$ref` };
    }
  }
}

export const changeSetRequests = (operations: readonly ProfileOperation[], root: string): BatchRequest[] =>
  operations.map((o) => operationRequest(o, root));
