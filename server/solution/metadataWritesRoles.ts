/**
 * Security roles through the Web API: `POST roles` (in the root business unit), `AddPrivilegesRole` with the ids of
 * existing privileges, `RetrieveRolePrivilegesRole`, and `GET privileges` by name so a deploy can find those ids.
 * Learn: webapi/reference/addprivilegesrole, reference/roleprivilege, reference/retrieveroleprivilegesrole,
 * reference/entities/privilege.
 */
import { allPrivileges, privilegeName, tables } from "../../schema";
import { DataverseError } from "../errors";
import { isGuid, newId } from "../ids";
import type { Caller } from "../users";
import { BUSINESS_UNIT_ID } from "../webapi/functions";
import { readJsonBody } from "../webapi/jsonBody";
import type { Segment } from "../webapi/path";
import type { WebApi } from "../webapi/service";
import { API_PATH, json, noContent, type ApiRequest, type ApiResponse } from "../webapi/types";
import { requireCustomizer, type SolutionContext } from "./metadataWritesContext";
import { asObject } from "./metadataWritesParse";
import { platformPrivileges } from "./platformPrivileges";
import { equalsFilter } from "./metadataWritesSolutions";
import { MetadataStore, metadataGuid, type RoleRecord } from "./metadataWritesStore";
import { SolutionStore } from "./store";

const bad = (message: string) => new DataverseError("InvalidArgument", message);
const CRM = "Microsoft.Dynamics.CRM.";

export interface PrivilegeRecord {
  readonly privilegeid: string;
  readonly name: string;
  /** The table whose privilege this is, when it is a table's; its ownership limits the depths. */
  readonly table?: string;
  readonly organizationOwned: boolean;
}

/** Every privilege this environment has: the platform's, and those of each table it has (installed or created). */
export function environmentPrivileges(api: WebApi): Map<string, PrivilegeRecord> {
  const byName = new Map<string, PrivilegeRecord>();
  const add = (name: string, table?: string, organizationOwned = false) => {
    const key = name.toLowerCase();
    if (!byName.has(key))
      byName.set(key, { privilegeid: metadataGuid("privilege", key), name, table, organizationOwned });
  };
  for (const name of platformPrivileges) add(name);
  const installed = SolutionStore.of(api.dbs.writer);
  const created = MetadataStore.of(api.dbs.writer).all("entity");
  const definitions = [...tables.filter((t) => installed.hasTable(t.logicalName)), ...created];
  for (const table of definitions) {
    for (const privilege of allPrivileges) {
      add(privilegeName(table.logicalName, privilege), table.logicalName, table.ownership === "OrganizationOwned");
    }
  }
  return byName;
}

const DEPTHS = new Map<unknown, string>([
  ["Basic", "Basic"],
  ["Local", "Local"],
  ["Deep", "Deep"],
  ["Global", "Global"],
  [0, "Basic"],
  [1, "Local"],
  [2, "Deep"],
  [3, "Global"],
]);

function roleKey(segment: Segment): string {
  if (!segment.key || !isGuid(segment.key)) {
    throw new DataverseError(
      "BadRequestSyntax",
      `roles(${segment.key ?? ""}): the key of a role is its roleid, a GUID.`,
    );
  }
  return segment.key.toLowerCase();
}

function findRole(api: WebApi, id: string): RoleRecord {
  const role = MetadataStore.of(api.dbs.writer).get("role", id);
  if (!role) throw new DataverseError("NotFound", `role With Id = ${id} Does Not Exist`);
  return role;
}

function createRole(api: WebApi, request: ApiRequest, context: SolutionContext): ApiResponse {
  const body = asObject(readJsonBody(request), "roles");
  if (typeof body.name !== "string" || body.name.trim() === "") throw bad("The role: name is required.");
  const bind = /^\/?businessunits\(([0-9a-fA-F-]{36})\)$/.exec(String(body["businessunitid@odata.bind"] ?? ""));
  if (!bind || bind[1].toLowerCase() !== BUSINESS_UNIT_ID) {
    throw bad(
      `The role ${body.name}: businessunitid@odata.bind must be the root business unit, /businessunits(${BUSINESS_UNIT_ID}).`,
    );
  }
  if (body.roleid !== undefined && !isGuid(body.roleid)) throw bad("The role: roleid must be a GUID.");
  const id = (body.roleid as string | undefined)?.toLowerCase() ?? newId();
  const store = MetadataStore.of(api.dbs.writer);
  if (store.get("role", id)) throw new DataverseError("DuplicateRecord", `A role with the id ${id} already exists.`);
  const role: RoleRecord = {
    roleid: id,
    name: body.name,
    description: typeof body.description === "string" ? body.description : "",
    businessunitid: BUSINESS_UNIT_ID,
    privileges: {},
  };
  store.put("role", id, role, context.solution);
  return noContent({ "OData-EntityId": `${new URL(API_PATH, request.url)}roles(${id})` });
}

function addPrivileges(api: WebApi, request: ApiRequest, role: RoleRecord): ApiResponse {
  const body = asObject(readJsonBody(request), "AddPrivilegesRole");
  for (const name of Object.keys(body)) {
    if (name !== "Privileges") {
      throw bad(
        `The parameter '${name}' in the request payload is not a valid parameter for the operation 'AddPrivilegesRole'.`,
      );
    }
  }
  if (!Array.isArray(body.Privileges)) throw bad("AddPrivilegesRole: Privileges must be a list of RolePrivilege.");
  const byId = new Map([...environmentPrivileges(api).values()].map((p) => [p.privilegeid, p]));
  const privileges: Record<string, string> = { ...role.privileges };
  for (const [i, item] of body.Privileges.entries()) {
    const entry = asObject(item, `AddPrivilegesRole privilege ${i + 1}`);
    const id = typeof entry.PrivilegeId === "string" ? entry.PrivilegeId.toLowerCase() : "";
    const privilege = byId.get(id);
    if (!privilege) {
      throw new DataverseError(
        "NotFound",
        `AddPrivilegesRole: no privilege has the id ${JSON.stringify(entry.PrivilegeId)}. Look it up in privileges by name.`,
      );
    }
    const depth = DEPTHS.get(entry.Depth);
    if (!depth)
      throw bad(
        `AddPrivilegesRole: ${privilege.name} has Depth ${JSON.stringify(entry.Depth)}; use Basic, Local, Deep or Global.`,
      );
    if (privilege.organizationOwned && depth !== "Global") {
      throw bad(
        `AddPrivilegesRole: ${privilege.name} belongs to the organization-owned table ${privilege.table}, which takes only the Global depth, not ${depth}.`,
      );
    }
    privileges[privilege.name] = depth;
  }
  MetadataStore.of(api.dbs.writer).put("role", role.roleid, { ...role, privileges });
  return noContent();
}

function rolePrivileges(api: WebApi, request: ApiRequest, role: RoleRecord): ApiResponse {
  const all = environmentPrivileges(api);
  return json(200, {
    "@odata.context": `${new URL(API_PATH, request.url)}$metadata#${CRM}RetrieveRolePrivilegesRoleResponse`,
    RolePrivileges: Object.entries(role.privileges).map(([name, depth]) => ({
      Depth: depth,
      PrivilegeId: all.get(name.toLowerCase())?.privilegeid ?? metadataGuid("privilege", name.toLowerCase()),
      BusinessUnitId: role.businessunitid,
      PrivilegeName: name,
    })),
  });
}

/** Serves `roles`, its two actions, and `privileges`; undefined for other paths. */
export function serveRoles(
  api: WebApi,
  segments: Segment[],
  request: ApiRequest,
  caller: Caller,
  context: () => SolutionContext,
): ApiResponse | undefined {
  const [first, second] = segments;
  const base = new URL(API_PATH, request.url);
  if (first.name === "privileges" && segments.length === 1 && first.key === undefined && request.method === "GET") {
    const wanted = equalsFilter(request.url, "name", "privileges");
    const rows = [...environmentPrivileges(api).values()]
      .filter((p) => !wanted || wanted.includes(p.name.toLowerCase()))
      .map((p) => ({ privilegeid: p.privilegeid, name: p.name }));
    return json(200, { "@odata.context": `${base}$metadata#privileges`, value: rows });
  }
  if (first.name !== "roles") return undefined;
  // Reads of `roles` are the Web API's own (the `role` table); creating one and its actions are served here.
  if (segments.length === 1 && first.key === undefined) {
    if (request.method !== "POST") return undefined;
    requireCustomizer(caller, "prvCreateRole");
    return createRole(api, request, context());
  }
  const id = roleKey(first);
  const action = second?.name.replace(CRM, "");
  if (segments.length === 2 && action === "AddPrivilegesRole" && request.method === "POST") {
    requireCustomizer(caller, "prvWriteRole");
    return addPrivileges(api, request, findRole(api, id));
  }
  if (segments.length === 2 && action === "RetrieveRolePrivilegesRole" && request.method === "GET") {
    requireCustomizer(caller, "prvReadRole");
    return rolePrivileges(api, request, findRole(api, id));
  }
  return undefined;
}
