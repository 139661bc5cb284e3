/** Functions and metadata: WhoAmI, EntityDefinitions, RetrieveUserPrivileges, and registered actions. */
import { allPrivileges, securityRoles } from "../../schema";
import { ROOT_BUSINESS_UNIT_ID, serverPrivilegeName, serverTables } from "../platform";
import { handleAuditRequest } from "../auditApi";
import { DataverseError } from "../errors";
import { serveEntityDefinitions } from "../solution/metadata";
import { nameBasedGuid } from "../solution/metadataIds";
import { tableByName } from "../storage/layout";
import { loadCaller, requirePrivilege, type Caller } from "../users";
import { APP_OPENER_PRIVILEGES, type NamedPrivilege } from "../../Solutions/src/app-opener";
import { DEPTH_ORDER, rolePrivileges } from "../../Solutions/src/roles";
import { addressOf, requireId, resourceNotFound } from "./target";
import type { Segment } from "./path";
import type { WebApi } from "./service";
import { API_PATH, json, type ApiRequest, type ApiResponse } from "./types";

export const ORGANIZATION_ID = "3c2b1a00-0000-4000-8000-00000000a9e1";
export const BUSINESS_UNIT_ID = ROOT_BUSINESS_UNIT_ID;

export function handleFunction(
  api: WebApi,
  segments: Segment[],
  request: ApiRequest,
  caller: Caller,
): ApiResponse | Promise<ApiResponse> | undefined {
  const [first, second] = segments;
  const context = (what: string) => `${new URL(API_PATH, request.url)}$metadata#${what}`;
  if (first.name === "WhoAmI" && segments.length === 1) {
    if (request.method !== "GET") throw noHttpResource(request);
    return json(200, {
      "@odata.context": context("Microsoft.Dynamics.CRM.WhoAmIResponse"),
      BusinessUnitId: BUSINESS_UNIT_ID,
      UserId: caller.userId,
      OrganizationId: ORGANIZATION_ID,
    });
  }
  if (first.name === "EntityDefinitions") return serveEntityDefinitions(api, segments, request);
  const audit = handleAuditRequest(api, segments, request, caller); // server/auditApi.ts (issue 14)
  if (audit) return audit;
  if (first.name === "systemusers" && second && /(^|\.)RetrieveUserPrivileges$/.test(second.name)) {
    return retrieveUserPrivileges(api, segments, request, caller, context);
  }
  const action = api.options.functions?.get(first.name);
  if (action && segments.length === 1) return action(request, caller, api);
  return undefined;
}

/**
 * `systemusers(<id>)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges`: the privileges of the user it is bound to.
 * A bound function needs its full name, namespace included (Learn: webapi/use-web-api-functions, "Bound functions").
 */
function retrieveUserPrivileges(
  api: WebApi,
  segments: Segment[],
  request: ApiRequest,
  caller: Caller,
  context: (what: string) => string,
): ApiResponse {
  const [users, fn] = segments;
  if (segments.length !== 2 || users.key === undefined) throw resourceNotFound(fn.name);
  if (!fn.name.startsWith("Microsoft.Dynamics.CRM.")) {
    throw new DataverseError(
      "UnresolvedParameters",
      `Request message has unresolved parameters. Call a bound function by its full name: ` +
        `systemusers(<id>)/Microsoft.Dynamics.CRM.${fn.name}.`,
    );
  }
  if (fn.name !== "Microsoft.Dynamics.CRM.RetrieveUserPrivileges" || (fn.key !== undefined && fn.key !== "")) {
    throw resourceNotFound(fn.name);
  }
  if (request.method !== "GET") throw noHttpResource(request);
  const table = tableByName("systemuser");
  const userId = requireId(api.dbs.reader, table, addressOf(table, users));
  if (userId !== caller.userId) requirePrivilege(caller, table.logicalName, "read");
  const subject = userId === caller.userId ? caller : loadCaller(api.dbs.reader, userId);
  return json(200, {
    "@odata.context": context("Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse"),
    RolePrivileges: privilegesOf(subject),
  });
}

/** "No HTTP resource was found that matches the request URI": a function called with POST, or an action with GET. */
export function noHttpResource(request: ApiRequest): DataverseError {
  return new DataverseError(
    "NoHttpResource",
    `No HTTP resource was found that matches the request URI '${request.url.toString()}'.`,
  );
}

/** A privilege's id: stable per name, in GUID form, as each Dataverse privilege has one. */
const privilegeId = (name: string): string => nameBasedGuid(`privilege:${name}`);

/**
 * A user's privileges, as Dataverse's RetrieveUserPrivileges lists them: every privilege of the user's roles, with
 * its depth, so the App Opener minimum the roles carry (Solutions/src/app-opener.ts) too, not only table privileges.
 * Where two roles grant one privilege the deeper depth wins. Learn: reference RetrieveUserPrivileges function
 */
function privilegesOf(caller: Caller) {
  const byName = new Map<string, NamedPrivilege>();
  const add = (privilege: NamedPrivilege) => {
    const seen = byName.get(privilege.name);
    if (!seen || DEPTH_ORDER.indexOf(privilege.level) > DEPTH_ORDER.indexOf(seen.level))
      byName.set(privilege.name, privilege);
  };
  // A System Administrator holds every privilege on every table, and the App Opener minimum.
  if (caller.isSystem) {
    for (const t of serverTables)
      for (const p of allPrivileges) add({ name: serverPrivilegeName(t.logicalName, p), level: "Global" });
    APP_OPENER_PRIVILEGES.forEach(add);
  }
  for (const role of securityRoles) if (caller.roleIds.includes(role.id)) rolePrivileges(role).forEach(add);
  return [...byName.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, level }) => ({
      Depth: level,
      PrivilegeId: privilegeId(name),
      BusinessUnitId: BUSINESS_UNIT_ID,
      PrivilegeName: name,
    }));
}
