/**
 * One main form per table. The App Profile form has the standard fields (so *New* works) and the profile editor
 * control; the other tables get one classic control per column.
 */
import type { AppProfile, Column } from "../../schema";
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

export const mainFormId = (table: TableShape): string => stableGuid("form", table.logicalName, "main");

/** The class id a form cell names when a code component renders the column (real-exports/form-with-pcf-control.xml). */
export const CUSTOM_CONTROL_CLASS_ID = "{F9A8A302-114E-466A-B582-6771B2AE0D92}";
/** Exports list a form control's form factors as web (0), phone (2), tablet (1). */
const FORM_CONTROL_FACTORS = [0, 2, 1] as const;

/**
 * A PCF control bound to a column: the classic control's class id (the fallback), then the custom control per form
 * factor with every bound property given the column, typed as the manifest declares it (`<value type="…">`).
 */
function boundControlDescription(uniqueId: string, columnName: string, classId: string, control: ControlBuild) {
  const bound = control.properties.filter((p) => p.usage === "bound");
  return el(
    "controlDescription",
    { forControl: braced(uniqueId) },
    el("customControl", { id: classId }, el("parameters", {}, leaf("datafieldname", columnName))),
    FORM_CONTROL_FACTORS.map((formFactor) =>
      el(
        "customControl",
        { formFactor, name: control.solutionName },
        el(
          "parameters",
          {},
          bound.map((p) => leaf(p.name, columnName, { type: p.ofType })),
        ),
      ),
    ),
  );
}

interface CellSpec {
  readonly name: string;
  readonly column: Column;
  /** The control's id: the column name, `<column>1` for its second control on the form. */
  readonly controlId: string;
  /** Set when a code component renders the cell. */
  readonly uniqueId?: string;
}

function cell(table: TableShape, spec: CellSpec): XmlElement {
  return el(
    "cell",
    {
      id: braced(stableGuid("form", table.logicalName, "cell", spec.controlId)),
      showlabel: spec.uniqueId ? "false" : undefined,
    },
    labels(spec.column.displayName),
    el("control", {
      id: spec.controlId,
      classid: spec.uniqueId ? CUSTOM_CONTROL_CLASS_ID : classIdFor(spec.column),
      datafieldname: spec.name,
      uniqueid: spec.uniqueId && braced(spec.uniqueId),
    }),
  );
}

export interface FormControls {
  /** The profile editor, hosted on the App Profile form. */
  readonly editor?: ControlBuild;
}

/**
 * What an admin fills in to create a profile: the form shows them as standard fields, so *New* works before the
 * record exists (the editor has no record to edit until then).
 */
export const PROFILE_FORM_FIELDS: readonly (keyof typeof AppProfile.columns)[] = [
  "apm_name",
  "apm_uniquename",
  "apm_app",
  "apm_description",
];
/**
 * The editor's bound property is bound to the unique name, the profile's alternate key: the only documented way a
 * form hands a field control data is a bound column's value, and the primary key can't be put on a form. The column
 * is on the form twice, so the editor's control is `apm_uniquename1` (Learn: model-driven-apps/clientapi/reference/
 * attributes/controls-collection: "The second instance of a control for that column will be <columnName>1").
 */
export const EDITOR_BOUND_COLUMN: keyof typeof AppProfile.columns = "apm_uniquename";

function section(table: TableShape, name: string, label: string, showLabel: boolean, rows: XmlElement[]) {
  return el(
    "section",
    {
      name,
      showlabel: showLabel ? "true" : "false",
      showbar: "false",
      IsUserDefined: "0",
      id: braced(stableGuid("form", table.logicalName, "section", name)),
    },
    labels(label),
    el(
      "rows",
      {},
      rows.map((r) => el("row", {}, r)),
    ),
  );
}

export function mainForm(table: TableShape, { editor }: FormControls = {}): XmlElement {
  const id = (...parts: string[]) => braced(stableGuid("form", table.logicalName, ...parts));
  const plain = (name: string) => cell(table, { name, column: table.columns[name], controlId: name });
  const editorUniqueId = editor && stableGuid("form", table.logicalName, "editor");
  const sections =
    editor && editorUniqueId
      ? [
          section(table, "general", "General", true, PROFILE_FORM_FIELDS.map(plain)),
          section(table, "editor", table.displayName, false, [
            cell(table, {
              name: EDITOR_BOUND_COLUMN,
              column: table.columns[EDITOR_BOUND_COLUMN],
              controlId: `${EDITOR_BOUND_COLUMN}1`,
              uniqueId: editorUniqueId,
            }),
          ]),
        ]
      : [section(table, "general", "General", false, Object.keys(table.columns).map(plain))];
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
        el("columns", {}, el("column", { width: "100%" }, el("sections", {}, sections))),
      ),
    ),
    el("DisplayConditions", { Order: "0", FallbackForm: "true" }, el("Everyone")),
    editor &&
      editorUniqueId &&
      el(
        "controlDescriptions",
        {},
        boundControlDescription(
          editorUniqueId,
          EDITOR_BOUND_COLUMN,
          classIdFor(table.columns[EDITOR_BOUND_COLUMN]),
          editor,
        ),
      ),
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
