import { attributeValue, entity, MalformedContextError } from "./values";
import { toPluginContext } from "./remoteContext";
import { fixtures } from "./testing/payloads";

const contracts = "http://schemas.microsoft.com/xrm/2011/Contracts";

describe("Dataverse's data-contract values", () => {
  it.each([
    [{ __type: `OptionSetValue:${contracts}`, Value: 192350001 }, 192350001],
    [{ __type: `Money:${contracts}`, Value: 12.5 }, 12.5],
    [{ __type: `OptionSetValueCollection:${contracts}`, Value: [{ __type: "OptionSetValue", Value: 1 }] }, [1]],
    ["/Date(1732467600000)/", "2024-11-24T17:00:00.000Z"],
    ["/Date(1732467600000+0000)/", "2024-11-24T17:00:00.000Z"],
    ["plain text", "plain text"],
    [true, true],
    [null, null],
  ])("reads %j", (value, expected) => {
    expect(attributeValue(value, "x")).toEqual(expected);
  });

  it("reads an EntityReference as a lower-case reference and refuses one without an id", () => {
    const ref = {
      __type: `EntityReference:${contracts}`,
      LogicalName: "systemuser",
      Id: "8D1A7A52-0000-4000-8000-00000000A901",
    };
    expect(attributeValue(ref, "x")).toEqual({ logicalName: "systemuser", id: "8d1a7a52-0000-4000-8000-00000000a901" });
    expect(() => attributeValue({ ...ref, Id: null }, "owner")).toThrow(
      new MalformedContextError("owner.Id is missing."),
    );
  });

  it("reads an unsaved Entity's empty GUID as no id", () => {
    expect(
      entity({ LogicalName: "apm_appprofile", Id: "00000000-0000-0000-0000-000000000000", Attributes: [] }, "t"),
    ).toEqual({ logicalName: "apm_appprofile", id: undefined, attributes: {} });
  });
});

describe("toPluginContext", () => {
  it("turns the recorded Update into the handlers' context, with the pre-image", () => {
    const conversion = toPluginContext(fixtures.update);
    expect(conversion).toMatchObject({
      kind: "context",
      context: {
        messageName: "Update",
        stage: 10,
        primaryEntityName: "apm_appprofile",
        initiatingUserId: "8d1a7a52-0000-4000-8000-00000000ad01",
        isSystem: false,
        correlationId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c62",
        inputParameters: {
          Target: {
            logicalName: "apm_appprofile",
            id: "a1b2c3d4-0000-4000-8000-000000000001",
            attributes: { apm_description: "Agents who handle escalated cases" },
          },
        },
        preEntityImage: {
          attributes: {
            apm_app: 192350000,
            apm_isdefault: true,
            createdby: { logicalName: "systemuser", id: "00000000-0000-0000-0000-000000000001" },
            createdon: "2024-11-19T07:06:40.000Z",
          },
        },
      },
    });
  });

  it("maps the relationship's schema name to ours and marks the system's users", () => {
    const conversion = toPluginContext(fixtures.associate, { systemUserIds: ["8D1A7A52-0000-4000-8000-00000000AD01"] });
    expect(conversion).toMatchObject({
      kind: "context",
      context: { isSystem: true, inputParameters: { Relationship: "apm_appprofile_systemuser" } },
    });
  });
});
