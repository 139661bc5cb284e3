import { AppProfile, type TableDefinition } from "../../schema";
import { columnBody, tableBody } from "../../Solutions/deploy/schemaByApiRequests";
import {
  parseColumn,
  parseEntity,
  parseKey,
  parseManyToMany,
  parseOptionSet,
  type OptionSetLookup,
} from "./metadataWritesParse";

const none: OptionSetLookup = () => undefined;
const label = (text: string) => ({ LocalizedLabels: [{ Label: text, LanguageCode: 1033 }] });
const message = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
};

describe("metadata payloads, parsed as Dataverse checks them", () => {
  it("turns the deploy's table body back into the schema's table (primary name only)", () => {
    const table = parseEntity(tableBody(AppProfile), "apm", none);
    expect(table).toEqual({
      logicalName: "apm_appprofile",
      entitySetName: "apm_appprofiles",
      displayName: "App Profile",
      displayCollectionName: "App Profiles",
      description: AppProfile.description,
      ownership: "OrganizationOwned",
      primaryIdAttribute: "apm_appprofileid",
      primaryNameAttribute: "apm_name",
      alternateKeys: [],
      columns: { apm_name: AppProfile.columns.apm_name },
    });
  });

  it("turns each column body back into the schema's column", () => {
    const choices = Object.values(AppProfile.columns).filter((c) => c.type === "choice");
    const lookup: OptionSetLookup = ({ name }) => {
      const column = choices.find((c) => c.type === "choice" && c.optionSetName === name);
      return column?.type === "choice"
        ? { metadataId: "", name: column.optionSetName, displayName: column.displayName, options: column.options }
        : undefined;
    };
    for (const [name, column] of Object.entries(AppProfile.columns)) {
      const body = columnBody(name, column);
      const bound =
        column.type === "choice"
          ? { ...body, "GlobalOptionSet@odata.bind": `/GlobalOptionSetDefinitions(Name='${column.optionSetName}')` }
          : body;
      const { systemOnly: _systemOnly, ...expected } = column as typeof column & { systemOnly?: boolean };
      expect(parseColumn(bound, "apm", "apm_appprofile", lookup)).toEqual({
        logicalName: name,
        isPrimaryName: false,
        column: expected,
      });
    }
  });

  it("takes a picklist's own (local) option set", () => {
    const parsed = parseColumn(
      {
        "@odata.type": "Microsoft.Dynamics.CRM.PicklistAttributeMetadata",
        SchemaName: "apm_Color",
        DisplayName: label("Color"),
        OptionSet: {
          Options: [
            { Value: 1, Label: label("Red") },
            { Value: 2, Label: label("Blue") },
          ],
        },
      },
      "apm",
      "apm_appprofile",
      none,
    );
    expect(parsed.column).toEqual({
      type: "choice",
      displayName: "Color",
      optionSetName: "apm_appprofile_apm_color",
      options: [
        { value: 1, label: "Red" },
        { value: 2, label: "Blue" },
      ],
    });
  });

  it("refuses a type this endpoint doesn't take, bad labels, bounds and formats, naming the property", () => {
    expect(
      message(() => parseEntity({ "@odata.type": "Microsoft.Dynamics.CRM.StringAttributeMetadata" }, "apm", none)),
    ).toBe(
      "EntityDefinitions takes Microsoft.Dynamics.CRM.EntityMetadata, not Microsoft.Dynamics.CRM.StringAttributeMetadata.",
    );
    const string = {
      "@odata.type": "Microsoft.Dynamics.CRM.StringAttributeMetadata",
      SchemaName: "apm_x",
      DisplayName: label("X"),
    };
    expect(message(() => parseColumn({ ...string, DisplayName: "X" }, "apm", "t", none))).toBe(
      "The column apm_x of t: DisplayName must be a Label with LocalizedLabels [{ Label, LanguageCode }].",
    );
    expect(message(() => parseColumn({ ...string, MaxLength: 5000 }, "apm", "t", none))).toBe(
      "The column apm_x of t: MaxLength must be a whole number from 1 to 4000, not 5000.",
    );
    expect(message(() => parseColumn({ ...string, FormatName: { Value: "Json" } }, "apm", "t", none))).toBe(
      'The column apm_x of t: FormatName.Value "Json" is not a string format this server serves.',
    );
    expect(message(() => parseColumn({ ...string, SchemaName: "apm x" }, "apm", "t", none))).toContain("is not valid");
    expect(
      message(() =>
        parseColumn(
          {
            "@odata.type": "Microsoft.Dynamics.CRM.IntegerAttributeMetadata",
            SchemaName: "apm_n",
            DisplayName: label("N"),
            MinValue: 5,
            MaxValue: 1,
          },
          "apm",
          "t",
          none,
        ),
      ),
    ).toBe("The column apm_n of t: MaxValue must be a whole number from 5 to 2147483647, not 1.");
  });

  it("refuses a key on a column that can't be one, and a global option set without the publisher's prefix", () => {
    const table = { ...AppProfile, columns: { ...AppProfile.columns } } as TableDefinition;
    expect(
      message(() =>
        parseKey(
          {
            "@odata.type": "Microsoft.Dynamics.CRM.EntityKeyMetadata",
            SchemaName: "apm_k",
            DisplayName: label("K"),
            KeyAttributes: ["apm_description"],
          },
          "apm",
          table,
        ),
      ),
    ).toBe("The key apm_k of apm_appprofile: a memo column can't be part of a key.");
    // A name from the request is looked up as the table's own column, never on Object.prototype.
    expect(
      message(() =>
        parseKey(
          {
            "@odata.type": "Microsoft.Dynamics.CRM.EntityKeyMetadata",
            SchemaName: "apm_k",
            DisplayName: label("K"),
            KeyAttributes: ["constructor"],
          },
          "apm",
          table,
        ),
      ),
    ).toBe("The key apm_k of apm_appprofile: apm_appprofile has no column constructor. Create the column first.");
    expect(
      message(() =>
        parseOptionSet(
          { Name: "new_colors", DisplayName: label("C"), Options: [{ Value: 1, Label: label("R") }] },
          "apm",
        ),
      ),
    ).toBe(
      "The option set 'new_colors' does not start with the customization prefix 'apm_' of the solution's publisher.",
    );
    expect(
      message(() =>
        parseManyToMany({ SchemaName: "apm_a_b", Entity1LogicalName: "apm_a", Entity2LogicalName: "apm_b" }, "apm"),
      ),
    ).toBe("The relationship apm_a_b: IntersectEntityName is required.");
  });
});
