import * as React from "react";
import {
  ColumnActionsMode,
  ConstrainMode,
  DetailsList,
  DetailsListLayoutMode,
  Icon,
  Link,
  Selection,
  SelectionMode,
  Stack,
  Text,
  TooltipHost,
  type IColumn,
  type IDetailsColumnProps,
} from "@fluentui/react";
import { useStableId } from "../shared/components/useStableId";
import type { ProfileSummary } from "../shared/data/model";
import type { DesignerStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";
import type { SortColumn, SortState } from "./profileListView";

/**
 * How the rows lay out for the list's own width (issue 12, item 8: nothing scrolls sideways, the table reflows):
 * "wide" shows every column; "medium" keeps the name (with its app and status under it), the unique name and the
 * users; "stacked" is one column per row with the users beside it. Each threshold is the sum of its columns' minimum
 * widths, the check-box column and the cells' padding, so a layout is used only where it fits.
 */
export type ListLayout = "stacked" | "medium" | "wide";
export const MEDIUM_FROM_PX = 460;
export const WIDE_FROM_PX = 1110;

export function listLayout(width: number | undefined): ListLayout {
  // No width (a box not laid out, or a test DOM): every column, as before layout existed.
  if (width === undefined) return "wide";
  if (width < MEDIUM_FROM_PX) return "stacked";
  return width < WIDE_FROM_PX ? "medium" : "wide";
}

/** Fluent v8's tooltip has no role of its own: a screen reader (and a test) finds it as a tooltip only with one. */
const TOOLTIP = { role: "tooltip" } as const;

/** The lock of a built-in profile; its tooltip is also its accessible description. */
function BuiltInLock(props: { label: string; tooltip: string }): React.ReactElement {
  const tooltipId = useStableId("apm-builtin");
  return (
    <TooltipHost content={props.tooltip} id={tooltipId} tooltipProps={TOOLTIP}>
      <Icon iconName="Lock" aria-label={props.label} aria-describedby={tooltipId} role="img" tabIndex={0} />
    </TooltipHost>
  );
}

/** Issue 13: the star of an app's custom default; its tooltip is also its accessible description. */
function CustomDefaultBadge(props: { label: string; tooltip: string }): React.ReactElement {
  const tooltipId = useStableId("apm-customdefault");
  return (
    <TooltipHost content={props.tooltip} id={tooltipId}>
      <Icon iconName="FavoriteStarFill" aria-label={props.label} aria-describedby={tooltipId} role="img" tabIndex={0} />
    </TooltipHost>
  );
}

/** A header whose column can't sort says why on hover and focus. */
function UnsortableHeader(props: { name: string; reason: string }): React.ReactElement {
  const tooltipId = useStableId("apm-nosort");
  return (
    <TooltipHost content={props.reason} id={tooltipId} tooltipProps={TOOLTIP}>
      <span aria-describedby={tooltipId}>{props.name}</span>
    </TooltipHost>
  );
}

export interface ProfileListProps {
  profiles: readonly ProfileSummary[];
  sort: SortState;
  onSort: (column: SortColumn) => void;
  onOpen: (profile: ProfileSummary) => void;
  /** Rows selected with their check boxes (or Space, Shift, Ctrl), for the command bar's Delete and Clone. */
  onSelectionChanged: (selected: ProfileSummary[]) => void;
  appLabel: (app: number | null) => string;
  strings: Translate<DesignerStringKey>;
  /** The list's width (the control's box): narrower boxes get fewer, stacked columns (listLayout). */
  width: number | undefined;
  /** The page's offset under the sticky command bar, so the column headers stay in view below it. */
  stickyTop: number;
}

export function ProfileList(props: ProfileListProps): React.ReactElement {
  const { strings, sort, onSort, onOpen, appLabel } = props;
  const layout = listLayout(props.width);
  const onSelectionChanged = React.useRef(props.onSelectionChanged);
  onSelectionChanged.current = props.onSelectionChanged;
  const selection = React.useMemo((): Selection => {
    const created: Selection = new Selection({
      getKey: (p) => (p as ProfileSummary).id,
      onSelectionChanged: () => onSelectionChanged.current(created.getSelection() as ProfileSummary[]),
    });
    return created;
  }, []);

  const columns = React.useMemo<IColumn[]>(() => {
    const column = (key: SortColumn, name: string, extra: Partial<IColumn>): IColumn => ({
      key,
      name,
      minWidth: 80,
      isResizable: true,
      isSorted: sort.column === key,
      isSortedDescending: sort.column === key && sort.descending,
      onColumnClick: () => onSort(key),
      ...extra,
    });
    const nameLink = (p: ProfileSummary) => <Link onClick={() => onOpen(p)}>{p.name}</Link>;
    const lock = (p: ProfileSummary) =>
      p.isDefault ? <BuiltInLock label={strings("builtInAriaLabel")} tooltip={strings("builtInTooltip")} /> : null;
    const status = (p: ProfileSummary) => strings(p.isActive ? "statusActive" : "statusInactive");
    // Sorted on the server like the others: an aggregate ordered by the count, paged (profileUserSort.ts).
    const users = (extra: Partial<IColumn>) =>
      column("userCount", strings("columnUsers"), {
        onRender: (p: ProfileSummary) => p.userCount.toLocaleString(),
        ...extra,
      });
    const appAndStatus = (p: ProfileSummary) => (
      <Text variant="small">
        {appLabel(p.app)} · {status(p)}
      </Text>
    );
    const nameWithLock = (p: ProfileSummary) => (
      <Stack horizontal wrap tokens={{ childrenGap: 6 }} verticalAlign="center">
        {nameLink(p)}
        {lock(p)}
      </Stack>
    );
    if (layout === "medium") {
      return [
        column("name", strings("columnName"), {
          minWidth: 150,
          isRowHeader: true,
          isMultiline: true,
          onRender: (p: ProfileSummary) => (
            <Stack tokens={{ childrenGap: 2 }}>
              {nameWithLock(p)}
              {appAndStatus(p)}
            </Stack>
          ),
        }),
        column("uniqueName", strings("columnUniqueName"), {
          minWidth: 130,
          isMultiline: true,
          onRender: (p: ProfileSummary) => <span style={{ wordBreak: "break-all" }}>{p.uniqueName}</span>,
        }),
        users({ minWidth: 64, maxWidth: 96, isResizable: false }),
      ];
    }
    if (layout === "stacked") {
      return [
        column("name", strings("columnName"), {
          minWidth: 120,
          isRowHeader: true,
          isMultiline: true,
          onRender: (p: ProfileSummary) => (
            <Stack tokens={{ childrenGap: 2 }}>
              {nameWithLock(p)}
              <Text variant="small" styles={{ root: { wordBreak: "break-all" } }}>
                {p.uniqueName}
              </Text>
              {appAndStatus(p)}
            </Stack>
          ),
        }),
        users({ minWidth: 48, maxWidth: 64, isResizable: false }),
      ];
    }
    return [
      column("name", strings("columnName"), { minWidth: 160, isRowHeader: true, onRender: nameLink }),
      column("uniqueName", strings("columnUniqueName"), { minWidth: 130, fieldName: "uniqueName" }),
      column("app", strings("columnApp"), {
        minWidth: 150,
        isMultiline: true,
        onRender: (p: ProfileSummary) => appLabel(p.app),
      }),
      column("isDefault", strings("columnBuiltIn"), { minWidth: 64, onRender: lock }),
      column("isActive", strings("columnStatus"), { minWidth: 72, onRender: status }),
      // Issue 13: rank (sorted by the server), roles and teams (the page's aggregate), the app's custom default.
      column("rank", strings("columnRank"), {
        minWidth: 48,
        onRender: (p: ProfileSummary) => (p.rank == null ? "" : p.rank.toLocaleString()),
      }),
      {
        key: "access",
        name: strings("columnAccess"),
        minWidth: 100,
        isResizable: true,
        columnActionsMode: ColumnActionsMode.disabled,
        onRenderHeader: (header?: IDetailsColumnProps) => (
          <UnsortableHeader name={header?.column.name ?? ""} reason={strings("accessSortUnavailable")} />
        ),
        onRender: (p: ProfileSummary) =>
          strings("accessCount", (p.roleCount ?? 0).toLocaleString(), (p.teamCount ?? 0).toLocaleString()),
      },
      {
        key: "isCustomDefault",
        name: strings("columnCustomDefault"),
        minWidth: 64,
        columnActionsMode: ColumnActionsMode.disabled,
        onRender: (p: ProfileSummary) =>
          p.isCustomDefault ? (
            <CustomDefaultBadge label={strings("customDefaultAriaLabel")} tooltip={strings("customDefaultTooltip")} />
          ) : null,
      },
      users({ minWidth: 80 }),
    ];
  }, [strings, sort, onSort, onOpen, appLabel, layout]);

  return (
    <DetailsList
      items={props.profiles as ProfileSummary[]}
      columns={columns}
      getKey={(p: ProfileSummary) => p.id}
      setKey="profiles"
      selection={selection}
      selectionMode={SelectionMode.multiple}
      selectionPreservedOnEmptyClick
      ariaLabelForSelectionColumn={strings("selectionColumn")}
      ariaLabelForSelectAllCheckbox={strings("selectAll")}
      checkButtonAriaLabel={strings("selectRow")}
      layoutMode={DetailsListLayoutMode.justified}
      // Unconstrained: the list doesn't become its own horizontal scroller (which would unstick the headers); the
      // columns fit the width instead (compact rows when narrow).
      constrainMode={ConstrainMode.unconstrained}
      onItemInvoked={(p: ProfileSummary) => onOpen(p)}
      // Virtualized where there is layout (a width): the first paint renders the rows in view, the rest follow in idle
      // time, as a Dataverse grid's do (issue 12: first page in 1 s). Without layout nothing is "in view": every row.
      onShouldVirtualize={() => props.width !== undefined}
      ariaLabelForGrid={strings("listLabel")}
      ariaLabelForListHeader={strings("listLabel")}
      styles={{
        // A Dataverse grid keeps its column headers in view while the rows scroll under them.
        headerWrapper: { position: "sticky", top: props.stickyTop, zIndex: 1 },
      }}
    />
  );
}
