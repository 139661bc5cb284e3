/**
 * System views (SavedQuery) of a table: the public "Active …" view, and the quick find, lookup, advanced find and
 * associated views every table carries. The designer control replaces the grid on the App Profiles public view.
 */
import { ChannelProvider } from "../../schema";
import type { TableShape } from "./table";
import { el, leaf, type XmlElement } from "./xml";
import { localizedNames } from "./labels";
import { braced, stableGuid } from "./ids";
import { INTRODUCED_VERSION } from "./attributes";
import type { ControlBuild } from "./controls";

/** Dataverse's SavedQuery.QueryType values. */
export const QueryType = { Public: 0, AdvancedFind: 1, Associated: 2, QuickFind: 4, Lookup: 64 } as const;

/** The read-only grid every view shows by default. */
const READ_ONLY_GRID = "{E7A81278-8635-4D9E-8D4D-59480B391C5B}";

export const viewId = (table: TableShape, queryType: number): string =>
  stableGuid("view", table.logicalName, String(queryType));

/**
 * Tables whose records admins manage on the app's own list and form (the channel provider page, issue 12): they get
 * the second public view every new Dataverse table has, "Inactive <plural>", so a deactivated row can be found and
 * activated again. The profiles' list is the designer control, which filters by status itself.
 */
const TABLES_WITH_INACTIVE_VIEW: ReadonlySet<string> = new Set([ChannelProvider.logicalName]);

export const inactiveViewId = (table: TableShape): string =>
  stableGuid("view", table.logicalName, String(QueryType.Public), "inactive");

/** The public views of a table the app shows in its view selector (each an AppModuleComponent of type 26). */
export function publicViewIds(table: TableShape): string[] {
  const active = viewId(table, QueryType.Public);
  return TABLES_WITH_INACTIVE_VIEW.has(table.logicalName) ? [active, inactiveViewId(table)] : [active];
}

/** Columns shown in the public view: the primary name first, then every single-line column. */
export function publicViewColumns(table: TableShape): string[] {
  const others = Object.entries(table.columns)
    .filter(([name, column]) => name !== table.primaryNameAttribute && column.type !== "memo")
    .map(([name]) => name);
  return [table.primaryNameAttribute, ...others, "createdon"];
}

/**
 * A view's dataset control gets the records of the view that hosts it: exports bind the control's main data set with
 * the empty view id and nothing else (real-exports/view-with-pcf-control.xml, `<data-set name="Grid">`).
 */
const HOSTING_VIEW = "00000000-0000-0000-0000-000000000000";
const VIEW_FORM_FACTORS = [0, 1, 2] as const;

function viewDataSet(name: string): XmlElement {
  return el("data-set", { name }, leaf("ViewId", HOSTING_VIEW));
}

/**
 * Replaces the view's read-only grid with a dataset control for web, tablet and phone. On a view the
 * controlDescription names no `forControl`: it describes the grid itself.
 */
function gridControl(control: ControlBuild): XmlElement {
  if (control.dataSets.length === 0) {
    throw new Error(
      `${control.solutionName} declares no <data-set> in ControlManifest.xml, so it cannot replace the grid of a view: Dataverse shows a control on a view only when it is a dataset control`,
    );
  }
  const dataSets = control.dataSets.map(viewDataSet);
  return el(
    "controlDescriptions",
    {},
    el(
      "controlDescription",
      {},
      el("customControl", { id: READ_ONLY_GRID }, el("parameters")),
      VIEW_FORM_FACTORS.map((formFactor) =>
        el("customControl", { formFactor, name: control.solutionName }, el("parameters", {}, dataSets)),
      ),
    ),
  );
}

interface ViewSpec {
  readonly queryType: number;
  /** Set for a second view of the same query type; otherwise the id derives from the query type. */
  readonly id?: string;
  readonly name: string;
  readonly columns: readonly string[];
  readonly isDefault: boolean;
  /** The statecode the view filters on (0 Active, 1 Inactive); undefined shows every row. */
  readonly state?: 0 | 1;
  readonly gridControl?: ControlBuild;
}

function savedQuery(table: TableShape, spec: ViewSpec): XmlElement {
  const quickFind = spec.queryType === QueryType.QuickFind;
  const widths = (name: string) => (name === table.primaryNameAttribute ? 300 : name === "createdon" ? 125 : 150);
  const grid = el(
    "grid",
    { name: "resultset", jump: table.primaryNameAttribute, select: "1", icon: "1", preview: "1" },
    el(
      "row",
      { name: "result", id: table.primaryIdAttribute },
      spec.columns.map((name) => el("cell", { name, width: widths(name) })),
    ),
    spec.gridControl && gridControl(spec.gridControl),
  );
  const fetch = el(
    "fetch",
    { version: "1.0", mapping: "logical" },
    el(
      "entity",
      { name: table.logicalName },
      el("attribute", { name: table.primaryIdAttribute }),
      spec.columns.map((name) => el("attribute", { name })),
      el("order", { attribute: table.primaryNameAttribute, descending: "false" }),
      spec.state !== undefined &&
        el(
          "filter",
          { type: "and" },
          el("condition", { attribute: "statecode", operator: "eq", value: String(spec.state) }),
        ),
      quickFind &&
        el(
          "filter",
          { type: "or", isquickfindfields: "1" },
          el("condition", { attribute: table.primaryNameAttribute, operator: "like", value: "{0}" }),
        ),
    ),
  );
  return el(
    "savedquery",
    {},
    leaf("IsCustomizable", 1),
    leaf("CanBeDeleted", 0),
    leaf("isquickfindquery", quickFind ? 1 : 0),
    leaf("isprivate", 0),
    leaf("isdefault", spec.isDefault ? 1 : 0),
    leaf("savedqueryid", braced(spec.id ?? viewId(table, spec.queryType))),
    el("layoutxml", {}, grid),
    leaf("querytype", spec.queryType),
    el("fetchxml", {}, fetch),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    localizedNames(spec.name),
  );
}

export interface ViewControls {
  /** A dataset control that replaces the grid of the public view. */
  readonly designer?: ControlBuild;
}

export function savedQueries(table: TableShape, { designer }: ViewControls = {}): XmlElement {
  const brief = [table.primaryNameAttribute, "createdon"];
  const views: ViewSpec[] = [
    {
      queryType: QueryType.Public,
      name: `Active ${table.displayCollectionName}`,
      columns: publicViewColumns(table),
      isDefault: true,
      state: 0,
      gridControl: designer,
    },
    {
      queryType: QueryType.AdvancedFind,
      name: `${table.displayName} Advanced Find View`,
      columns: brief,
      isDefault: true,
    },
    {
      queryType: QueryType.Associated,
      name: `${table.displayName} Associated View`,
      columns: brief,
      isDefault: true,
      state: 0,
    },
    {
      queryType: QueryType.QuickFind,
      name: `Quick Find Active ${table.displayCollectionName}`,
      columns: brief,
      isDefault: true,
      state: 0,
    },
    {
      queryType: QueryType.Lookup,
      name: `${table.displayName} Lookup View`,
      columns: brief,
      isDefault: true,
      state: 0,
    },
  ];
  if (TABLES_WITH_INACTIVE_VIEW.has(table.logicalName)) {
    views.splice(1, 0, {
      queryType: QueryType.Public,
      id: inactiveViewId(table),
      name: `Inactive ${table.displayCollectionName}`,
      columns: publicViewColumns(table),
      isDefault: false,
      state: 1,
    });
  }
  return el(
    "SavedQueries",
    {},
    el(
      "savedqueries",
      {},
      views.map((view) => savedQuery(table, view)),
    ),
  );
}
