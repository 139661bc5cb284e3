/** Functions and metadata: WhoAmI, EntityDefinitions, RetrieveUserPrivileges, and registered actions. */
import { allPrivileges, privilegeName, securityRoles, tables } from "../../schema";
import { SolutionStore } from "../solution/store";
import { DataverseError } from "../errors";
import { hasPrivilege, type Caller } from "../users";
import type { Segment } from "./path";
import type { WebApi } from "./service";
import { API_PATH, json, type ApiRequest, type ApiResponse } from "./types";

export const ORGANIZATION_ID = "3c2b1a00-0000-4000-8000-00000000a9e1";
export const BUSINESS_UNIT_ID = "3c2b1a00-0000-4000-8000-00000000b0e1";

export function handleFunction(
  api: WebApi,
  segments: Segment[],
  request: ApiRequest,
  caller: Caller,
): ApiResponse | Promise<ApiResponse> | undefined {
  const [first, second] = segments;
  const context = (what: string) => `${new URL(API_PATH, request.url)}$metadata#${what}`;
  if (first.name === "WhoAmI" && segments.length === 1) {
    return json(200, {
      "@odata.context": context("Microsoft.Dynamics.CRM.WhoAmIResponse"),
      BusinessUnitId: BUSINESS_UNIT_ID,
      UserId: caller.userId,
      OrganizationId: ORGANIZATION_ID,
    });
  }
  if (first.name === "EntityDefinitions" && request.method === "GET")
    return entityDefinitions(api, first, request, context("EntityDefinitions"));
  if (first.name === "systemusers" && second?.name.endsWith("RetrieveUserPrivileges")) {
    return json(200, {
      "@odata.context": context("Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse"),
      RolePrivileges: privilegesOf(caller),
    });
  }
  const action = api.options.functions?.get(first.name);
  if (action && segments.length === 1) return action(request, caller, api);
  return undefined;
}

function entityDefinitions(api: WebApi, segment: Segment, request: ApiRequest, context: string): ApiResponse {
  const store = SolutionStore.of(api.dbs.writer);
  const all = tables
    .filter((t) => store.hasTable(t.logicalName))
    .map((t) => ({
      MetadataId: t.logicalName,
      LogicalName: t.logicalName,
      SchemaName: t.logicalName,
      EntitySetName: t.entitySetName,
      LogicalCollectionName: t.entitySetName,
      PrimaryIdAttribute: t.primaryIdAttribute,
      PrimaryNameAttribute: t.primaryNameAttribute,
      DisplayName: { UserLocalizedLabel: { Label: t.displayName, LanguageCode: 1033 } },
    }));
  const select = request.url.searchParams
    .get("$select")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const pick = (row: Record<string, unknown>) => (select ? Object.fromEntries(select.map((k) => [k, row[k]])) : row);
  if (segment.key !== undefined) {
    const match = /^(?:LogicalName=)?'([^']*)'$/.exec(segment.key);
    const row = all.find((r) => r.LogicalName === match?.[1]);
    if (!row) throw new DataverseError("NotFound", `Could not find an entity with the key ${segment.key}.`);
    return json(200, { "@odata.context": `${context}/$entity`, ...pick(row) });
  }
  return json(200, { "@odata.context": context, value: all.map(pick) });
}

/** The caller's privileges, as Dataverse's RetrieveUserPrivileges lists them (depth Global for organization-owned tables). */
function privilegesOf(caller: Caller) {
  const privileges = new Set<string>();
  // A System Administrator holds every privilege on every table.
  if (caller.isSystem)
    for (const t of tables) for (const p of allPrivileges) privileges.add(privilegeName(t.logicalName, p));
  for (const role of securityRoles) {
    if (!caller.roleIds.includes(role.id)) continue;
    for (const [table, list] of Object.entries(role.privileges)) {
      for (const privilege of list ?? [])
        if (hasPrivilege(caller, table, privilege)) privileges.add(privilegeName(table, privilege));
    }
  }
  return [...privileges]
    .sort()
    .map((PrivilegeName) => ({ PrivilegeName, Depth: "Global", BusinessUnitId: BUSINESS_UNIT_ID }));
}
