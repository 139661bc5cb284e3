/** The table lists: the product's tables and the plug-in registration tables (their own module) make up `tables`. */
import { pluginRegistrationTables, productTables, solutionTables, tables } from ".";

describe("tables", () => {
  it("are the product's tables, then the plug-in registration tables, each once", () => {
    expect(tables).toEqual([...productTables, ...pluginRegistrationTables]);
    expect(new Set(tables.map((t) => t.logicalName)).size).toBe(tables.length);
  });

  it("keep the plug-in registration tables out of the product's and the solution's lists", () => {
    const registration = new Set<string>(pluginRegistrationTables.map((t) => t.logicalName));
    expect(pluginRegistrationTables.map((t) => t.logicalName)).toEqual([
      "serviceendpoint",
      "sdkmessage",
      "sdkmessagefilter",
      "sdkmessageprocessingstep",
      "sdkmessageprocessingstepimage",
    ]);
    expect(pluginRegistrationTables.every((t) => t.platform)).toBe(true);
    expect(productTables.filter((t) => registration.has(t.logicalName))).toEqual([]);
    expect(solutionTables.map((t) => t.logicalName)).toEqual([
      "apm_appprofile",
      "apm_sessiontemplate",
      "apm_channelprovider",
    ]);
  });

  it("give the registration tables the choices Learn documents", () => {
    const [endpoint, , , step] = pluginRegistrationTables;
    expect(endpoint.columns.contract.options.map((o) => o.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(endpoint.columns.authtype.options.map((o) => o.label)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
    expect(step.columns.stage.options).toEqual([
      { value: 10, label: "Pre-validation" },
      { value: 20, label: "Pre-operation" },
      { value: 40, label: "Post-operation" },
    ]);
  });
});
