import * as React from "react";
import {
  DetailsList,
  DetailsListLayoutMode,
  Icon,
  Link,
  SelectionMode,
  TooltipHost,
  type IColumn,
} from "@fluentui/react";
import { useStableId } from "../shared/components/useStableId";
import type { ProfileSummary } from "../shared/data/model";
import type { DesignerStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";
import type { SortColumn, SortState } from "./profileListView";

const VIRTUALIZE_ABOVE = 100;

/** The lock of a built-in profile; its tooltip is also its accessible description. */
function BuiltInLock(props: { label: string; tooltip: string }): React.ReactElement {
  const tooltipId = useStableId("apm-builtin");
  return (
    <TooltipHost content={props.tooltip} id={tooltipId}>
      <Icon iconName="Lock" aria-label={props.label} aria-describedby={tooltipId} role="img" tabIndex={0} />
    </TooltipHost>
  );
}

export interface ProfileListProps {
  profiles: readonly ProfileSummary[];
  sort: SortState;
  onSort: (column: SortColumn) => void;
  onOpen: (profile: ProfileSummary) => void;
  appLabel: (app: number | null) => string;
  strings: Translate<DesignerStringKey>;
}

export function ProfileList(props: ProfileListProps): React.ReactElement {
  const { strings, sort, onSort, onOpen, appLabel } = props;
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
    return [
      column("name", strings("columnName"), {
        minWidth: 180,
        isRowHeader: true,
        onRender: (p: ProfileSummary) => <Link onClick={() => onOpen(p)}>{p.name}</Link>,
      }),
      column("uniqueName", strings("columnUniqueName"), { minWidth: 160, fieldName: "uniqueName" }),
      column("app", strings("columnApp"), { minWidth: 200, onRender: (p: ProfileSummary) => appLabel(p.app) }),
      column("isDefault", strings("columnBuiltIn"), {
        minWidth: 70,
        onRender: (p: ProfileSummary) =>
          p.isDefault ? <BuiltInLock label={strings("builtInAriaLabel")} tooltip={strings("builtInTooltip")} /> : null,
      }),
      column("isActive", strings("columnStatus"), {
        minWidth: 80,
        onRender: (p: ProfileSummary) => strings(p.isActive ? "statusActive" : "statusInactive"),
      }),
      column("userCount", strings("columnUsers"), {
        minWidth: 110,
        onRender: (p: ProfileSummary) => p.userCount.toLocaleString(),
      }),
    ];
  }, [strings, sort, onSort, onOpen, appLabel]);

  return (
    <DetailsList
      items={props.profiles as ProfileSummary[]}
      columns={columns}
      getKey={(p: ProfileSummary) => p.id}
      setKey="profiles"
      selectionMode={SelectionMode.none}
      layoutMode={DetailsListLayoutMode.justified}
      onItemInvoked={(p: ProfileSummary) => onOpen(p)}
      // Short lists render plainly; long ones (an environment's thousand profiles) are virtualized.
      onShouldVirtualize={() => props.profiles.length > VIRTUALIZE_ABOVE}
      ariaLabelForGrid={strings("listLabel")}
      ariaLabelForListHeader={strings("listLabel")}
    />
  );
}
