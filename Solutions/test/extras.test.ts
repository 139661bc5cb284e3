/** Web resources from out/webresources and the optional webhook registration: in both zips, valid against the XSD. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { solutionTables } from "../../schema";
import { packSolution } from "../src/pack";
import { loadWebResources } from "../src/webresources";
import { serviceEndpointId } from "../src/webhook";
import { makeControlsFixture } from "./fixtures";
import { entryText, find, parseOrdered } from "./helpers";
import { validateCustomizations } from "./xsd";

jest.setTimeout(120_000);

const SCRIPT = "/* AppProfileRuntime */ var AppProfileRuntime = {};";

function webResourcesFixture(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "apm-webresources-"));
  mkdirSync(path.join(dir, "apm_", "runtime"), { recursive: true });
  writeFileSync(path.join(dir, "apm_", "runtime", "profile.js"), SCRIPT);
  writeFileSync(path.join(dir, "apm_", "runtime", "profile.js.map"), "{}");
  return dir;
}

async function pack(webhookUrl?: string) {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "apm-extras-"));
  const files = await packSolution({
    controlsDir: makeControlsFixture(),
    webResourcesDir: webResourcesFixture(),
    webhookUrl,
    outDir,
  });
  const load = (managed: boolean) => JSZip.loadAsync(readFileSync(files.find((f) => f.managed === managed)!.path));
  return { unmanaged: await load(false), managed: await load(true) };
}

describe("web resources", () => {
  it("ships the runtime script as a Script (JScript) web resource, without its source map", async () => {
    const { unmanaged } = await pack();
    const entry = "WebResources/apm_/runtime/profile.js";
    expect(await entryText(unmanaged, entry)).toBe(SCRIPT);
    expect(unmanaged.file("WebResources/apm_/runtime/profile.js.map")).toBeNull();
    const resource = find(
      parseOrdered(await entryText(unmanaged, "customizations.xml")),
      "WebResources",
      "WebResource",
    );
    const text = (name: string) => find(resource, name).text;
    expect([text("Name"), text("DisplayName"), text("WebResourceType"), text("FileName")]).toEqual([
      "apm_/runtime/profile.js",
      "profile.js",
      "3",
      `/${entry}`,
    ]);
    expect(await entryText(unmanaged, "solution.xml")).toContain(
      '<RootComponent type="61" schemaName="apm_/runtime/profile.js" behavior="0" />',
    );
    expect(await entryText(unmanaged, "[Content_Types].xml")).toContain('Extension="js"');
  });

  it("refuses a file Dataverse can't type, and one outside the publisher's folder, naming it", () => {
    const dir = webResourcesFixture();
    writeFileSync(path.join(dir, "apm_", "notes.docx"), "x");
    expect(() => loadWebResources(dir)).toThrow(/notes\.docx has no web resource type/);
    const outside = mkdtempSync(path.join(os.tmpdir(), "apm-webresources-"));
    writeFileSync(path.join(outside, "profile.js"), SCRIPT);
    expect(() => loadWebResources(outside)).toThrow(/web resources live under apm_\//);
  });
});

describe("the webhook registration", () => {
  it("is absent by default", async () => {
    const { unmanaged } = await pack();
    expect(await entryText(unmanaged, "customizations.xml")).not.toMatch(
      /<ServiceEndpoints?\b|<SdkMessageProcessingSteps?\b/,
    );
  });

  it("adds a Webhook service endpoint and synchronous PreValidation steps on our tables", async () => {
    const { unmanaged, managed } = await pack("https://apm-webhook.contoso.com/api/handlers");
    const root = parseOrdered(await entryText(unmanaged, "customizations.xml"));
    const endpoint = find(root, "ServiceEndpoints", "ServiceEndpoint");
    expect(endpoint.attrs.ServiceEndpointId).toBe(`{${serviceEndpointId}}`);
    expect([find(endpoint, "Contract").text, find(endpoint, "Url").text]).toEqual([
      "8",
      "https://apm-webhook.contoso.com/api/handlers",
    ]);
    const steps = find(root, "SdkMessageProcessingSteps").children;
    expect(steps).toHaveLength(solutionTables.length * 3);
    for (const step of steps) {
      expect([find(step, "Stage").text, find(step, "Mode").text]).toEqual(["10", "0"]);
      expect(find(step, "EventHandler").text).toBe(`{${serviceEndpointId}}`);
    }
    expect(steps.map((s) => s.attrs.Name)).toContain("App Profile Manager handlers: Update of apm_appprofile");
    expect(await entryText(unmanaged, "solution.xml")).toContain(
      `<RootComponent type="95" id="{${serviceEndpointId}}"`,
    );
    for (const zip of [unmanaged, managed]) {
      const result = await validateCustomizations(await entryText(zip, "customizations.xml"));
      expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
    }
  });

  it("takes only an https URL", async () => {
    await expect(pack("http://insecure.example")).rejects.toThrow(/must be https/);
  });
});
