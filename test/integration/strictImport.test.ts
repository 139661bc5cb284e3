/**
 * ImportSolution refuses what Dataverse refuses, each time whole (nothing created) and naming the component and what
 * is wrong. Every refusal is shown with a tampered zip: the packer's zip, brought to the shape real exports have
 * (real-exports/: privilege casing, the N:N shape), then changed in one place.
 */
import JSZip from "jszip";
import { readFileSync } from "node:fs";
import { AppProfile } from "../../schema";
import { solutionZips } from "./deployed";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: "empty" });
});
afterAll(() => h.stop());

type Files = { customizations: string; solution: string };
type Tamper = (files: Files, zip: JSZip) => void;

async function zipWith(tamper?: Tamper): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync((await solutionZips()).unmanaged));
  const files = {
    customizations: await zip.file("customizations.xml")!.async("string"),
    solution: await zip.file("solution.xml")!.async("string"),
  };
  tamper?.(files, zip);
  zip.file("customizations.xml", files.customizations);
  zip.file("solution.xml", files.solution);
  return (await zip.generateAsync({ type: "nodebuffer" })).toString("base64");
}

async function importZip(file: string) {
  const response = await h.raw("ImportSolution", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ OverwriteUnmanagedCustomizations: true, PublishWorkflows: true, CustomizationFile: file }),
    user: "sysadmin",
  });
  const text = await response.text();
  return {
    status: response.status,
    message: text ? (JSON.parse(text) as { error: { message: string } }).error.message : "",
  };
}

const edit =
  (from: string | RegExp, to: string): Tamper =>
  (files) => {
    const before = files.customizations;
    files.customizations = files.customizations.replace(from, to);
    if (files.customizations === before) throw new Error(`the tamper ${String(from)} changed nothing`);
  };
const editManifest =
  (from: string | RegExp, to: string): Tamper =>
  (files) => {
    const before = files.solution;
    files.solution = files.solution.replace(from, to);
    if (files.solution === before) throw new Error(`the tamper ${String(from)} changed nothing`);
  };

const refusals: [string, Tamper, RegExp][] = [
  [
    "a privilege that does not exist",
    edit(/(<RolePrivileges>)/, '$1<RolePrivilege name="prvReadNoSuchTable" level="Global" />'),
    /security role 'App Profile Manager Administrator' names the privilege prvReadNoSuchTable, which does not exist/,
  ],
  [
    "a platform privilege in another casing",
    edit('name="prvReadUser"', 'name="prvReaduser"'),
    /names the privilege prvReaduser, which does not exist: the platform spells it prvReadUser/,
  ],
  [
    "Assign on an organization-owned table",
    edit(/(<RolePrivileges>)/, '$1<RolePrivilege name="prvAssignapm_appprofile" level="Global" />'),
    /prvAssignapm_appprofile, which does not exist/,
  ],
  [
    "a depth an organization-owned table does not offer",
    edit('name="prvReadapm_appprofile" level="Global"', 'name="prvReadapm_appprofile" level="Basic"'),
    /prvReadapm_appprofile the level Basic, but apm_appprofile is organization-owned: only Global applies/,
  ],
  [
    "an N:N with a 1:N role element",
    edit(
      "<AssociationRoleOrdinal>1</AssociationRoleOrdinal>",
      "<AssociationRoleOrdinal>1</AssociationRoleOrdinal><RelationshipRoleType>0</RelationshipRoleType>",
    ),
    /relationship apm_appprofile_\w+ is N:N but its roles carry <RelationshipRoleType>/,
  ],
  [
    "an N:N without its second role ordinal",
    edit("<AssociationRoleOrdinal>2</AssociationRoleOrdinal>", ""),
    /apm_appprofile_\w+ \(N:N\) needs two EntityRelationshipRoles with AssociationRoleOrdinal 1 and 2/,
  ],
  [
    "a 1:N without its referencing column",
    edit(
      "<EntityRelationships>",
      '<EntityRelationships><EntityRelationship Name="apm_broken"><EntityRelationshipType>OneToMany</EntityRelationshipType><ReferencingEntityName>apm_appprofile</ReferencingEntityName><ReferencedEntityName>systemuser</ReferencedEntityName><CascadeAssign>NoCascade</CascadeAssign><CascadeDelete>RemoveLink</CascadeDelete></EntityRelationship>',
    ),
    /relationship apm_broken \(1:N\) has no <ReferencingAttributeName>/,
  ],
  [
    "a control whose manifest is not in the zip",
    (_files, zip) => void zip.remove("Controls/apm_AppProfileManager.ProfileEditor/ControlManifest.xml"),
    /control apm_AppProfileManager\.ProfileEditor names the manifest \/Controls\/apm_AppProfileManager\.ProfileEditor\/ControlManifest\.xml, which is not in the zip/,
  ],
  [
    "a control without its bundle",
    (_files, zip) => void zip.remove("Controls/apm_AppProfileManager.ProfileDesigner/bundle.js"),
    /control apm_AppProfileManager\.ProfileDesigner has no bundle/,
  ],
  [
    "a web resource whose file is not in the zip",
    edit(
      "</ImportExportXml>",
      "<WebResources><WebResource><Name>apm_/missing.js</Name><FileName>/WebResources/apm_/missing.js</FileName></WebResource></WebResources></ImportExportXml>",
    ),
    /web resource apm_\/missing\.js names the file \/WebResources\/apm_\/missing\.js, which is not in the zip/,
  ],
  [
    "an app that includes a form the solution does not define",
    edit(/(<AppModuleComponent type="60" id=")\{[^}]+\}/, "$1{00000000-0000-4000-8000-0000000000f1}"),
    /app apm_AppProfileManager includes the form 00000000-0000-4000-8000-0000000000f1, which the solution does not define/,
  ],
  [
    "an app that includes a view the solution does not define",
    edit(/(<AppModuleComponent type="26" id=")\{[^}]+\}/, "$1{00000000-0000-4000-8000-0000000000e1}"),
    /includes the view 00000000-0000-4000-8000-0000000000e1/,
  ],
  [
    "an app assigned a role the solution does not define",
    edit(/(<AppModuleRoleMaps>\s*<Role id=")\{[^}]+\}/, "$1{00000000-0000-4000-8000-0000000000d1}"),
    /app apm_AppProfileManager is assigned the role 00000000-0000-4000-8000-0000000000d1/,
  ],
  [
    "a control on a form that the solution does not include",
    edit(/name="apm_AppProfileManager\.ProfileEditor">/, 'name="apm_Other.Control">'),
    /uses the control apm_Other\.Control, which the solution does not include/,
  ],
  [
    "a table that is not a root component",
    editManifest(/<RootComponent type="1" schemaName="apm_channelprovider"[^>]*\/>/, ""),
    /customizations\.xml defines the table apm_channelprovider, but solution\.xml does not list it as a root component/,
  ],
  [
    "a root component that customizations.xml does not define",
    editManifest("<RootComponents>", '<RootComponents><RootComponent type="9" schemaName="apm_ghost" behavior="0" />'),
    /solution\.xml lists the option set apm_ghost as a root component, but customizations\.xml does not define it/,
  ],
];

describe("ImportSolution refuses, whole, what Dataverse refuses", () => {
  it.each(refusals)("%s", async (_what, tamper, message) => {
    const { status, message: text } = await importZip(await zipWith(tamper));
    expect(status).toBe(400);
    expect(text).toMatch(/^The import of the solution AppProfileManager failed and nothing was imported: /);
    expect(text).toMatch(message);
    // Nothing created: the tables are still missing.
    expect((await h.raw(AppProfile.entitySetName)).status).toBe(404);
    expect((await h.raw(`EntityDefinitions(LogicalName='apm_appprofile')`)).status).toBe(404);
  });

  it("refuses an option set that a column names but the solution does not define", async () => {
    const { status, message } = await importZip(
      await zipWith(edit("<OptionSetName>apm_app</OptionSetName>", "<OptionSetName>apm_nosuchset</OptionSetName>")),
    );
    expect(status).toBe(400);
    expect(message).toMatch(/apm_nosuchset/);
    expect((await h.raw(AppProfile.entitySetName)).status).toBe(404);
  });

  it("imports the packer's zip, which has the shape of real exports", async () => {
    const { status, message } = await importZip(await zipWith());
    expect({ status, message }).toEqual({ status: 204, message: "" });
    expect((await h.raw(AppProfile.entitySetName)).status).toBe(200);
  });
});
