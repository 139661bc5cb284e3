/**
 * One main form per table. On the App Profile form the profile editor control is bound to the primary name column
 * for every form factor (0 web, 1 tablet, 2 phone); the other tables get one classic control per column.
 */
import type { Column } from "../../schema";
import type { TableShape } from "./table";
import { el, leaf, type XmlElement } from "./xml";
import { descriptions, labels, localizedNames } from "./labels";
import { braced, stableGuid } from "./ids";
import { INTRODUCED_VERSION } from "./attributes";
import type { ControlBuild } from "./controls";

/** Class ids of the platform's classic field controls. */
const CLASS_IDS = {
  text: "{4273EDBD-AC1D-40d3-9FB2-095C621B552D}",
  url: "{71716B6C-711E-476C-8AB8-5D11542BFB47}",
  memo: "{E0DECE4B-6FC8-4A8F-A065-082708572369}",
  choice: "{3EF39988-22BB-4F0B-BBBE-64B5A3748AEE}",
  boolean: "{B0C6723A-8503-4FD7-BB28-C8A06AC933C2}",
  integer: "{C6D124CA-7EDA-4A60-AEA9-7FB8D318B68F}",
} as const;

export function classIdFor(column: Column): string {
  switch (column.type) {
    case "string":
      return column.format === "url" ? CLASS_IDS.url : CLASS_IDS.text;
    case "memo":
      return CLASS_IDS.memo;
    case "choice":
      return CLASS_IDS.choice;
    case "boolean":
      return CLASS_IDS.boolean;
    case "integer":
      return CLASS_IDS.integer;
    case "lookup":
      throw new Error("lookup columns are not supported on generated forms");
  }
}

export const FORM_FACTORS = [0, 1, 2] as const;

export const mainFormId = (table: TableShape): string => stableGuid("form", table.logicalName, "main");

/** A PCF control bound to a column: the classic control's id, then the custom control per form factor. */
function boundControlDescription(uniqueId: string, columnName: string, classId: string, control: ControlBuild) {
  const bound = control.properties.filter((p) => p.usage === "bound");
  return el(
    "controlDescription",
    { forControl: braced(uniqueId) },
    el("customControl", { id: classId }, el("parameters", {}, leaf("datafieldname", columnName))),
    FORM_FACTORS.map((formFactor) =>
      el(
        "customControl",
        { formFactor, name: control.solutionName },
        el(
          "parameters",
          {},
          bound.map((p) => leaf(p.name, columnName)),
        ),
      ),
    ),
  );
}

function cell(table: TableShape, name: string, column: Column, uniqueId?: string): XmlElement {
  return el(
    "cell",
    { id: braced(stableGuid("form", table.logicalName, "cell", name)), showlabel: uniqueId ? "false" : undefined },
    labels(column.displayName),
    el("control", {
      id: name,
      classid: classIdFor(column),
      datafieldname: name,
      uniqueid: uniqueId && braced(uniqueId),
    }),
  );
}

export interface FormControls {
  /** The control bound on the table's primary name column, if any. */
  readonly editor?: ControlBuild;
}

export function mainForm(table: TableShape, { editor }: FormControls = {}): XmlElement {
  const id = (...parts: string[]) => braced(stableGuid("form", table.logicalName, ...parts));
  const names = editor ? [table.primaryNameAttribute] : Object.keys(table.columns);
  const editorUniqueId = editor && stableGuid("form", table.logicalName, "editor");
  const rows = names.map((name) =>
    el(
      "row",
      {},
      cell(table, name, table.columns[name], name === table.primaryNameAttribute ? editorUniqueId : undefined),
    ),
  );
  const form = el(
    "form",
    {},
    el(
      "tabs",
      {},
      el(
        "tab",
        { name: "general", verticallayout: "true", id: id("tab", "general"), IsUserDefined: "1" },
        labels("General"),
        el(
          "columns",
          {},
          el(
            "column",
            { width: "100%" },
            el(
              "sections",
              {},
              el(
                "section",
                {
                  name: "general",
                  showlabel: "false",
                  showbar: "false",
                  IsUserDefined: "0",
                  id: id("section", "general"),
                },
                labels(editor ? table.displayName : "General"),
                el("rows", {}, rows),
              ),
            ),
          ),
        ),
      ),
    ),
    editor &&
      editorUniqueId &&
      el(
        "controlDescriptions",
        {},
        boundControlDescription(
          editorUniqueId,
          table.primaryNameAttribute,
          classIdFor(table.columns[table.primaryNameAttribute]),
          editor,
        ),
      ),
    el("DisplayConditions", { Order: "0", FallbackForm: "true" }, el("Everyone")),
  );
  return el(
    "forms",
    { type: "main" },
    el(
      "systemform",
      {},
      leaf("formid", braced(mainFormId(table))),
      leaf("IntroducedVersion", INTRODUCED_VERSION),
      leaf("FormPresentation", 1),
      leaf("FormActivationState", 1),
      form,
      leaf("IsCustomizable", 1),
      leaf("CanBeDeleted", 1),
      localizedNames("Information"),
      descriptions(`The main form of ${table.displayCollectionName}.`),
    ),
  );
}
