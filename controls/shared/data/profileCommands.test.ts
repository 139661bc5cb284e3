import { cloneBody } from "./profileCommands";
import type { ProfileRecord } from "./model";
import { AppChoice } from "../../../schema";

const source: ProfileRecord = {
  id: "11111111-1111-4111-8111-111111111111",
  etag: 'W/"1"',
  isDefault: true,
  isActive: true,
  fields: {
    apm_name: "Tier 1",
    apm_uniquename: "contoso_tier1",
    apm_description: "Front line",
    apm_app: AppChoice.CustomerServiceWorkspace.value,
    apm_productivitypaneenabled: true,
    apm_productivitypanemode: 1,
    apm_smartassistenabled: true,
    apm_callscriptenabled: false,
    apm_allactivechannels: false,
  },
  sessionTemplates: [
    { id: "t1", name: "A", uniqueName: "a", type: 1, entityLogicalName: "account" },
    { id: "t2", name: "C", uniqueName: "c", type: 1, entityLogicalName: "contact" },
  ],
  channelProviders: [{ id: "p1", name: "v", label: "V", channelUrl: "https://v.example.com", sortOrder: 1 }],
  users: [{ id: "u1", fullName: "Alice", domainName: "alice@contoso.com" }],
};

describe("cloneBody", () => {
  it("copies every editable column, takes the new names, and binds templates and providers as collections", () => {
    expect(cloneBody({ source, name: "Tier 1 copy", uniqueName: "contoso_tier1copy", moveUsers: false })).toEqual({
      ...source.fields,
      apm_name: "Tier 1 copy",
      apm_uniquename: "contoso_tier1copy",
      "apm_appprofile_sessiontemplate@odata.bind": ["/apm_sessiontemplates(t1)", "/apm_sessiontemplates(t2)"],
      "apm_appprofile_channelprovider@odata.bind": ["/apm_channelproviders(p1)"],
    });
  });

  it("never sends apm_isdefault (a clone of a built-in is custom) and binds users only when they move", () => {
    const kept = cloneBody({ source, name: "x", uniqueName: "contoso_x", moveUsers: false });
    expect(kept).not.toHaveProperty("apm_isdefault");
    expect(kept).not.toHaveProperty("apm_appprofile_systemuser@odata.bind");
    const moved = cloneBody({ source, name: "x", uniqueName: "contoso_x", moveUsers: true });
    expect(moved["apm_appprofile_systemuser@odata.bind"]).toEqual(["/systemusers(u1)"]);
  });

  it("sends no empty bind for a relationship without rows", () => {
    const body = cloneBody({
      source: { ...source, channelProviders: [] },
      name: "x",
      uniqueName: "contoso_x",
      moveUsers: false,
    });
    expect(body).not.toHaveProperty("apm_appprofile_channelprovider@odata.bind");
  });
});
