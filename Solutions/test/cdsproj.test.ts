import { readFileSync } from "node:fs";
import path from "node:path";
import { OPTION_VALUE_PREFIX, PUBLISHER_PREFIX } from "../../schema";
import { packageVersion, PUBLISHER, REPO_ROOT, SOLUTION_UNIQUE_NAME } from "../src/metadata";
import { find, parseOrdered } from "./helpers";

const solutionsDir = path.join(REPO_ROOT, "Solutions");

describe("AppProfileManager.cdsproj (for dotnet build)", () => {
  const project = parseOrdered(readFileSync(path.join(solutionsDir, "AppProfileManager.cdsproj"), "utf8"));
  const all = (name: string) => project.children.flatMap((group) => group.children.filter((c) => c.name === name));

  it("uses the solution MSBuild SDK, packs both kinds and references the pcfproj", () => {
    expect(all("PackageReference").map((p) => p.attrs.Include)).toContain("Microsoft.PowerApps.MSBuild.Solution");
    expect(all("SolutionPackageType").map((p) => p.text)).toEqual(["Both"]);
    expect(all("SolutionRootPath").map((p) => p.text)).toEqual(["src"]);
    expect(all("ProjectReference").map((p) => p.attrs.Include)).toEqual(["..\\AppProfileManager.pcfproj"]);
  });

  it("has a src/Other/Solution.xml that agrees with the packer", () => {
    const manifest = find(
      parseOrdered(readFileSync(path.join(solutionsDir, "src", "Other", "Solution.xml"), "utf8")),
      "SolutionManifest",
    );
    expect(find(manifest, "UniqueName").text).toBe(SOLUTION_UNIQUE_NAME);
    expect(find(manifest, "Version").text).toBe(packageVersion());
    expect(find(manifest, "Publisher", "UniqueName").text).toBe(PUBLISHER.uniqueName);
    expect(find(manifest, "Publisher", "CustomizationPrefix").text).toBe(PUBLISHER_PREFIX);
    expect(find(manifest, "Publisher", "CustomizationOptionValuePrefix").text).toBe(String(OPTION_VALUE_PREFIX));
  });
});
