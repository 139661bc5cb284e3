/** The run-time model and its labels: one schema, merged by describeTable into what the index exports. */
import * as model from "./model";
import * as described from ".";
import { profileTextLabels } from "../handlers/rules/text";

const pairs = model.productTables.map((table, i) => [table, described.productTables[i]] as const);

describe("the schema's labels", () => {
  it("merge into every product table without changing its model", () => {
    for (const [table, full] of pairs) {
      expect(full.logicalName).toBe(table.logicalName);
      const { columns, alternateKeys, ...rest } = full;
      const { columns: _c, alternateKeys: _k, ...modelRest } = table;
      expect(rest).toMatchObject(modelRest);
      expect(Object.keys(columns)).toEqual(Object.keys(table.columns));
      const labelled: Readonly<Record<string, object>> = columns;
      for (const [name, column] of Object.entries(table.columns)) expect(labelled[name]).toMatchObject(column);
      expect(alternateKeys.map(({ displayName: _, ...key }) => key)).toEqual(table.alternateKeys);
    }
  });

  it("give every table, column and key a display name, and every choice column its option set", () => {
    for (const [, full] of pairs) {
      expect(full.displayName).not.toBe("");
      expect(full.displayCollectionName).not.toBe("");
      for (const column of Object.values(full.columns)) {
        expect(column.displayName).not.toBe("");
        if (column.type === "choice") expect(column.optionSetName).not.toBe("");
      }
      for (const key of full.alternateKeys) expect(key.displayName).not.toBe("");
    }
  });

  it("are what the rules' messages call the profile's text columns, in lower case", () => {
    for (const [column, label] of Object.entries(profileTextLabels)) {
      expect(label).toBe(
        described.AppProfile.columns[column as keyof typeof profileTextLabels].displayName.toLowerCase(),
      );
    }
  });

  it("leave the model without labels or solution-only settings", () => {
    for (const table of model.productTables) {
      for (const key of ["displayName", "displayCollectionName", "description", "ownership", "platform"]) {
        expect(table).not.toHaveProperty(key);
      }
      for (const column of Object.values(table.columns)) {
        for (const key of ["displayName", "description", "systemOnly", "optionSetName"]) {
          expect(column).not.toHaveProperty(key);
        }
      }
    }
    expect(model.ChatLicenseVariable).not.toHaveProperty("displayName");
    expect(described.ChatLicenseVariable).toMatchObject({
      ...model.ChatLicenseVariable,
      displayName: expect.any(String),
    });
  });
});
