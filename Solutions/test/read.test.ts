import { readFileSync } from "node:fs";
import { ChatLicenseVariable, manyToManyRelationships, securityRoles, solutionTables, type Column } from "../../schema";
import { rolePrivileges } from "../src/roles";
import { readSolution, readSolutionTables } from "../src/read";
import { packageVersion } from "../src/metadata";
import { buildOnce } from "./helpers";

/**
 * The schema as a solution can carry it. Dataverse has no metadata for "only the system writes this column"
 * (handlers enforce it) nor for an integer column's default (the server applies it), so those are not in the zip.
 */
function asSolutionCarriesIt(column: Column): Column {
  const { systemOnly: _systemOnly, ...rest } = column;
  if (rest.type === "integer") {
    const { defaultValue: _defaultValue, ...integer } = rest;
    return integer;
  }
  return rest;
}

const expectedTables = solutionTables.map((table) => ({
  ...table,
  columns: Object.fromEntries(Object.entries(table.columns).map(([n, c]) => [n, asSolutionCarriesIt(c)])),
}));

const zipBytes = async (managed: boolean) =>
  readFileSync((await buildOnce()).files.find((f) => f.managed === managed)!.path);

describe("readSolutionTables", () => {
  it.each([false, true])("reads back the schema's tables and N:N relationships (managed: %s)", async (managed) => {
    const read = await readSolutionTables(await zipBytes(managed));
    expect(read.tables).toEqual(expectedTables);
    const byName = (a: { schemaName: string }, b: { schemaName: string }) => a.schemaName.localeCompare(b.schemaName);
    expect([...read.relationships].sort(byName)).toEqual(manyToManyRelationships.map((r) => ({ ...r })).sort(byName));
  });

  it("reads both roles with their privileges by platform name and depth", async () => {
    const { roles } = await readSolutionTables(await zipBytes(false));
    expect(roles.map((r) => [r.id, r.name])).toEqual(securityRoles.map((r) => [r.id, r.name]));
    for (const [i, read] of roles.entries()) expect(read.privileges).toEqual(rolePrivileges(securityRoles[i]!));
    expect(roles[0]!.privileges).toContainEqual({ name: "prvAppendUser", level: "Global" });
  });

  it("reads the identity, version and environment variable of the package", async () => {
    const read = await readSolution(await zipBytes(true));
    expect(read).toMatchObject({ uniqueName: "AppProfileManager", version: packageVersion(), managed: true });
    expect(read.environmentVariables).toEqual([{ ...ChatLicenseVariable, defaultValue: "no" }]);
  });

  it("says which part is missing", async () => {
    await expect(readSolutionTables(Buffer.from("not a zip"))).rejects.toThrow();
    const JSZip = (await import("jszip")).default;
    const empty = await new JSZip().file("solution.xml", "<ImportExportXml />").generateAsync({ type: "nodebuffer" });
    await expect(readSolutionTables(empty)).rejects.toThrow(/no customizations\.xml/);
  });
});
