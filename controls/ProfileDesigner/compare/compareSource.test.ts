import type { TransportResponse } from "../../../runtime/transport";
import type { WebApiFetch } from "../../shared/data/webApiFetch";
import { compareQuery, webApiCompareSource } from "./compareSource";

const A = "aaaaaaaa-0000-4000-8000-000000000001";
const B = "bbbbbbbb-0000-4000-8000-000000000002";

const row = (id: string, uniqueName: string, extra: Record<string, unknown> = {}) => ({
  apm_appprofileid: id,
  apm_uniquename: uniqueName,
  apm_isdefault: false,
  apm_name: uniqueName,
  apm_app: 192350000,
  apm_rank: null,
  apm_iscustomdefault: false,
  statecode: 0,
  apm_appprofile_sessiontemplate: [{ apm_uniquename: "msdyn_case" }],
  apm_appprofile_channelprovider: [],
  apm_appprofile_role: [],
  apm_appprofile_team: [],
  apm_appprofile_systemuser: [{ domainname: "a@contoso.example" }],
  ...extra,
});

function fakeServer(answers: Record<string, unknown>) {
  const paths: string[] = [];
  const send: WebApiFetch = async (pathAndQuery) => {
    paths.push(pathAndQuery);
    const body = answers[pathAndQuery];
    const status = body === undefined ? 404 : 200;
    return {
      ok: status === 200,
      status,
      headers: { get: () => null },
      text: async () => JSON.stringify(body ?? { error: { code: "0x80040217", message: "not found" } }),
    } as unknown as TransportResponse;
  };
  return { send, paths };
}

describe("webApiCompareSource", () => {
  it("reads both profiles in one request, with every link expanded, in the order asked", async () => {
    const query = compareQuery([A, B]);
    expect(decodeURIComponent(query)).toContain(`$filter=apm_appprofileid eq ${A} or apm_appprofileid eq ${B}`);
    expect(query).toContain(
      "$expand=apm_appprofile_sessiontemplate($select=apm_uniquename),apm_appprofile_channelprovider($select=apm_name)," +
        "apm_appprofile_role($select=name),apm_appprofile_team($select=name),apm_appprofile_systemuser($select=domainname)",
    );
    const server = fakeServer({ [query]: { value: [row(B, "contoso_b"), row(A, "contoso_a")] } });
    const [a, b] = await webApiCompareSource(server.send).loadProfiles([`{${A.toUpperCase()}}`, B]);
    expect(server.paths).toHaveLength(1);
    expect(a).toMatchObject({
      uniqueName: "contoso_a",
      sessionTemplates: ["msdyn_case"],
      users: ["a@contoso.example"],
    });
    expect(b.uniqueName).toBe("contoso_b");
  });

  it("reads on a list Dataverse paged inside the row (<nav>@odata.nextLink)", async () => {
    const query = compareQuery([A]);
    const org = "http://org.example";
    const next = `${org}/api/data/v9.2/apm_appprofiles(a)/apm_appprofile_systemuser?$skiptoken=2`;
    const server = fakeServer({
      [query]: { value: [row(A, "contoso_a", { "apm_appprofile_systemuser@odata.nextLink": next })] },
      "apm_appprofiles(a)/apm_appprofile_systemuser?$skiptoken=2": { value: [{ domainname: "b@contoso.example" }] },
    });
    const [a] = await webApiCompareSource(server.send, org).loadProfiles([A]);
    expect(a.users).toEqual(["a@contoso.example", "b@contoso.example"]);
    expect(server.paths).toHaveLength(2);
  });

  it("rejects with 404 when a profile is gone, or an id is not a GUID (nothing is sent)", async () => {
    const server = fakeServer({ [compareQuery([A, B])]: { value: [row(A, "contoso_a")] } });
    await expect(webApiCompareSource(server.send).loadProfiles([A, B])).rejects.toEqual({ status: 404 });
    await expect(webApiCompareSource(server.send).loadProfiles(["x' or 1 eq 1"])).rejects.toEqual({ status: 404 });
    expect(server.paths).toHaveLength(1);
  });
});
