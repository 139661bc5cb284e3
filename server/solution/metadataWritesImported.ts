/**
 * What an ImportSolution brings that the metadata Web API also serves: the solution and its publisher (so
 * `solutions`, `publishers` and `MSCRM.SolutionUniqueName` know it), its roles with their privileges (so `roles` and
 * RetrieveRolePrivilegesRole read them), and the zip itself (so ExportSolution can write its controls again). In
 * Dataverse these are all records of the environment after an import, whichever way the components arrived.
 */
import { XMLParser } from "fast-xml-parser";
import JSZip from "jszip";
import { BUSINESS_UNIT_ID } from "../webapi/functions";
import type { WebApi } from "../webapi/service";
import { environmentPrivileges } from "./metadataWritesRoles";
import { MetadataStore, metadataGuid } from "./metadataWritesStore";

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  isArray: (name) => ["Role", "RolePrivilege"].includes(name),
});
const node = (value: unknown): Node => (value && typeof value === "object" ? (value as Node) : {});
const text = (value: unknown): string =>
  typeof value === "string" ? value : value && typeof value === "object" ? String((value as Node)["#text"] ?? "") : "";
const unbrace = (id: string) => id.replace(/[{}]/g, "").toLowerCase();

async function entry(zip: JSZip, name: string): Promise<Node> {
  const file = zip.file(name);
  return file ? node(parser.parse((await file.async("string")).replace(/^\uFEFF/, ""))) : {};
}

/** Records the imported solution, its publisher and roles; call inside a transaction, after the import succeeded. */
export async function recordImport(api: WebApi, zipBytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(zipBytes);
  const manifest = node(node((await entry(zip, "solution.xml")).ImportExportXml).SolutionManifest);
  const uniqueName = text(manifest.UniqueName);
  const publisher = node(manifest.Publisher);
  const store = MetadataStore.of(api.dbs.writer);
  const publisherName = text(publisher.UniqueName);
  const existingPublisher = store
    .all("publisher")
    .find((p) => p.uniquename.toLowerCase() === publisherName.toLowerCase());
  const publisherid = existingPublisher?.publisherid ?? metadataGuid("publisher", publisherName);
  if (!existingPublisher && publisherName) {
    store.put("publisher", publisherid, {
      publisherid,
      uniquename: publisherName,
      friendlyname: publisherName,
      customizationprefix: text(publisher.CustomizationPrefix).toLowerCase(),
      customizationoptionvalueprefix: Number(text(publisher.CustomizationOptionValuePrefix)),
    });
  }
  if (!store.get("solution", uniqueName)) {
    store.put("solution", uniqueName, {
      solutionid: metadataGuid("solution", uniqueName),
      uniquename: uniqueName,
      friendlyname: uniqueName,
      version: text(manifest.Version),
      publisherid,
    });
  }
  const customizations = node((await entry(zip, "customizations.xml")).ImportExportXml);
  // A privilege is named as the environment names it, whatever casing the zip used.
  const known = environmentPrivileges(api);
  for (const role of (node(customizations.Roles).Role as Node[] | undefined) ?? []) {
    const roleid = unbrace(String(role["@id"] ?? ""));
    if (!roleid) continue;
    // Names come from the zip: a Map, never an object's keys (a privilege named __proto__ stays a privilege).
    const privileges = new Map(Object.entries(store.get("role", roleid)?.privileges ?? {}));
    for (const privilege of (node(role.RolePrivileges).RolePrivilege as Node[] | undefined) ?? []) {
      const name = String(privilege["@name"]);
      privileges.set(known.get(name.toLowerCase())?.name ?? name, String(privilege["@level"]));
    }
    store.put(
      "role",
      roleid,
      {
        roleid,
        name: String(role["@name"] ?? ""),
        description: "",
        businessunitid: BUSINESS_UNIT_ID,
        privileges: Object.fromEntries(privileges),
      },
      uniqueName,
    );
  }
  store.put("package", uniqueName, { zip: zipBytes.toString("base64") }, uniqueName);
  return uniqueName;
}
