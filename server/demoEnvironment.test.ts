import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppChoice, builtInProfiles } from "../schema";
import { startServer, type LocalServer } from "./app";
import { demoPeople, demoProfiles, principalName } from "./demoEnvironment";

let server: LocalServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "apm-demo-env-"));
  server = await startServer({ dataDir, port: 0 });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const get = async <T>(query: string): Promise<T> => {
  const admin = server.users.find((u) => u.key === "admin")!;
  const response = await fetch(`${server.apiUrl}${query}`, {
    headers: { Authorization: `Bearer ${admin.token}`, Accept: "application/json" },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};

describe("the demo environment", () => {
  it("has a dozen custom profiles across both apps, one of them inactive, next to the built-ins", async () => {
    const { value } = await get<{ value: { apm_app: number; apm_isdefault: boolean; statecode: number }[] }>(
      "apm_appprofiles?$select=apm_app,apm_isdefault,statecode",
    );
    const custom = value.filter((p) => !p.apm_isdefault);
    expect(value.filter((p) => p.apm_isdefault)).toHaveLength(builtInProfiles.length);
    expect(custom).toHaveLength(12);
    for (const app of Object.values(AppChoice))
      expect(custom.filter((p) => p.apm_app === app.value).length).toBeGreaterThanOrEqual(4);
    expect(custom.filter((p) => p.statecode === 1)).toHaveLength(1);
  });

  it("assigns most of its people, each to one profile, and none of the demo users tests assign", async () => {
    const { value } = await get<{
      value: { apm_appprofile_systemuser: { systemuserid: string; fullname: string }[] }[];
    }>("apm_appprofiles?$select=apm_name&$expand=apm_appprofile_systemuser($select=fullname)");
    const assigned = value.flatMap((p) => p.apm_appprofile_systemuser.map((u) => u.fullname));
    expect(assigned.length).toBe(demoPeople.filter((p) => p.profile).length);
    expect(assigned.length).toBeGreaterThanOrEqual(24);
    expect(new Set(assigned).size).toBe(assigned.length);
    for (const user of server.users) expect(assigned).not.toContain(user.fullname);
  });

  it("has dozens of people with unique principal names, some without the App Profile User role", async () => {
    const names = demoPeople.map((p) => principalName(p.fullname));
    expect(new Set(names).size).toBe(names.length);
    expect(demoPeople.length).toBeGreaterThanOrEqual(36);
    const { value } = await get<{ value: { domainname: string }[] }>(
      `systemusers?$select=domainname&$filter=endswith(domainname,'.example')`,
    );
    expect(value.map((u) => u.domainname)).toEqual(expect.arrayContaining(names));
    expect(demoPeople.some((p) => p.role === false)).toBe(true);
  });

  it("has one inactive channel provider, attached to no profile", async () => {
    const { value } = await get<{ value: { apm_name: string; apm_appprofile_channelprovider: unknown[] }[] }>(
      "apm_channelproviders?$select=apm_name&$filter=statecode eq 1&$expand=apm_appprofile_channelprovider($select=apm_name)",
    );
    expect(value).toEqual([expect.objectContaining({ apm_name: "litware_voice", apm_appprofile_channelprovider: [] })]);
  });

  it("names people as their organisation's principal names: ASCII, first.last", () => {
    expect(principalName("Liam O'Connor")).toBe("liam.oconnor@contoso.example");
    expect(principalName("Tomás Herrera")).toBe("tomas.herrera@contoso.example");
    expect(principalName("Mei Lin Wong")).toBe("meilin.wong@contoso.example");
  });

  it("gives every profile its own fixed id (npm start links to one)", () => {
    expect(new Set(demoProfiles.map((p) => p.id)).size).toBe(demoProfiles.length);
  });
});
