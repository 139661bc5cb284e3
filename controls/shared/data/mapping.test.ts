import { RepositoryError } from "./ProfileRepository";
import {
  changedFields,
  hexErrorCode,
  toEntity,
  toProfileSummary,
  toProvider,
  toRepositoryError,
  toTemplate,
  toUser,
} from "./mapping";
import type { ProfileFields } from "./model";

describe("mapping", () => {
  it("counts assigned users from the expanded relationship", () => {
    const summary = toProfileSummary({
      apm_appprofileid: "p",
      apm_name: "n",
      apm_uniquename: "a_b",
      apm_app: 1,
      apm_isdefault: true,
      apm_appprofile_systemuser: [{}, {}],
    });
    expect(summary).toEqual({
      id: "p",
      name: "n",
      uniqueName: "a_b",
      app: 1,
      isDefault: true,
      isActive: true,
      userCount: 2,
      // Issue 13: no rank and not the custom default unless the row says so.
      rank: null,
      isCustomDefault: false,
    });
  });

  it("reads a linked template's and provider's state (issue 14: the preview leaves inactive ones out)", () => {
    expect(toTemplate({ apm_sessiontemplateid: "t", statecode: 1 }).isActive).toBe(false);
    expect(toTemplate({ apm_sessiontemplateid: "t", statecode: 0 }).isActive).toBe(true);
    expect(toProvider({ apm_channelproviderid: "c", statecode: 1 }).isActive).toBe(false);
    // A row read without its statecode counts as active, as a profile's does.
    expect(toProvider({ apm_channelproviderid: "c" }).isActive).toBe(true);
  });

  it("reads a searched user's profiles, or leaves them unknown", () => {
    expect(
      toUser({
        systemuserid: "u",
        fullname: "F",
        domainname: "d",
        apm_appprofile_systemuser: [{ apm_appprofileid: "p", apm_name: "P" }],
      }).profiles,
    ).toEqual([{ id: "p", name: "P" }]);
    expect(toUser({ systemuserid: "u" }).profiles).toBeUndefined();
  });

  it("gives handlers plain attributes, without annotations or expansions", () => {
    expect(
      toEntity("apm_appprofile", "apm_appprofileid", {
        "@odata.etag": "x",
        apm_appprofileid: "p",
        apm_name: "n",
        "apm_app@OData.Community.Display.V1.FormattedValue": "CSW",
        apm_appprofile_systemuser: [],
      }),
    ).toEqual({
      logicalName: "apm_appprofile",
      id: "p",
      attributes: { apm_appprofileid: "p", apm_name: "n" },
    });
  });

  it("classifies errors: stale ETag, duplicate key, refusal, not found, network", () => {
    expect(toRepositoryError({ status: 412, code: "0x80060882", message: "stale" })).toMatchObject({
      kind: "conflict",
      message: "stale",
    });
    expect(toRepositoryError([{ status: 412, error: { code: "0x80040237", message: "dup" } }])).toMatchObject({
      kind: "duplicate",
      message: "dup",
    });
    // Dataverse's DuplicateRecordEntityKey (fidelity #8): a taken unique name, not "someone else changed it".
    expect(toRepositoryError({ status: 412, error: { code: "0x80060892", message: "key" } })).toMatchObject({
      kind: "duplicate",
    });
    expect(toRepositoryError({ status: 404, error: { code: "0x80060891", message: "no key" } })).toMatchObject({
      kind: "notFound",
    });
    expect(toRepositoryError({ status: 429, message: "slow down" })).toMatchObject({ kind: "throttled" });
    expect(toRepositoryError({ status: 400, message: "plugin says no" })).toMatchObject({ kind: "refused" });
    expect(toRepositoryError({ status: 404, message: "gone" })).toMatchObject({ kind: "notFound" });
    expect(toRepositoryError(new TypeError("Failed to fetch"))).toMatchObject({
      kind: "unavailable",
      message: "Failed to fetch",
    });
    const own = new RepositoryError("conflict", "x");
    expect(toRepositoryError(own)).toBe(own);
  });

  it("lists only the columns that changed", () => {
    const before = { apm_name: "a", apm_app: 1, apm_callscriptenabled: false } as ProfileFields;
    expect(changedFields(before, { ...before, apm_callscriptenabled: true })).toEqual({ apm_callscriptenabled: true });
  });
  // Learn: xrm-webapi errorCallback: "errorCode: Number. The error code as a positive decimal number" (0x80040333 is
  // 2147746611), and no HTTP status: context.webAPI's failures map by code.
  it("maps context.webAPI's decimal errorCode to the same kinds as the Web API's JSON error", () => {
    expect(hexErrorCode(2147746611)).toBe("0x80040333");
    expect(hexErrorCode("2147746611")).toBeUndefined();
    expect(toRepositoryError({ errorCode: 0x80060892, message: "Key taken" })).toMatchObject({
      kind: "duplicate",
      code: "0x80060892",
      message: "Key taken",
      status: undefined,
    });
    expect(toRepositoryError({ errorCode: 0x80040217, message: "Does Not Exist" }).kind).toBe("notFound");
    expect(toRepositoryError({ errorCode: 0x80072322, message: "Number of requests exceeded" }).kind).toBe("throttled");
    expect(toRepositoryError({ errorCode: 0x80040265, message: "A plug-in said no" })).toMatchObject({
      kind: "refused",
      code: "0x80040265",
    });
    // No code and no status: the request never got an answer.
    expect(toRepositoryError(new TypeError("Failed to fetch")).kind).toBe("unavailable");
  });
});
