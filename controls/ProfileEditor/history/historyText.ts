/**
 * What the History tab says about one change, from the .resx: the column's display name (the label the editor's
 * own field uses), a value as the admin sees it (Dataverse's formatted value when it sent one, else the option's
 * label, On/Off, or "(empty)"), and what kind of record was linked. Pure.
 */
import { AppChoice, ProductivityPaneModeChoice } from "../../../schema/model";
import { StateCode, StatusCode } from "../../../schema/state";
import type { HistoryKind, LinkKind } from "../../shared/history/auditHistory";
import type { HistoryFilter, ShownChange } from "../../shared/history/auditTrail";
import type { EditorStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";

const columnLabels: ReadonlyMap<string, EditorStringKey> = new Map<string, EditorStringKey>([
  ["apm_name", "fieldName"],
  ["apm_uniquename", "fieldUniqueName"],
  ["apm_description", "fieldDescription"],
  ["apm_app", "fieldApp"],
  ["apm_isdefault", "historyColumnBuiltIn"],
  ["apm_productivitypaneenabled", "paneToggle"],
  ["apm_productivitypanemode", "paneMode"],
  ["apm_smartassistenabled", "paneSmartAssist"],
  ["apm_callscriptenabled", "paneCallScript"],
  ["apm_allactivechannels", "channelsAllActive"],
  ["apm_rank", "rankLabel"],
  ["apm_iscustomdefault", "defaultHeading"],
  ["statecode", "historyColumnState"],
  ["statuscode", "historyColumnStatusReason"],
]);

/** Choice columns: each value's label in the .resx. */
const optionLabels: ReadonlyMap<string, ReadonlyMap<unknown, EditorStringKey>> = new Map([
  [
    "apm_app",
    new Map<unknown, EditorStringKey>([
      [AppChoice.CustomerServiceWorkspace.value, "appCustomerServiceWorkspace"],
      [AppChoice.OmnichannelForCustomerService.value, "appOmnichannel"],
    ]),
  ],
  [
    "apm_productivitypanemode",
    new Map<unknown, EditorStringKey>([
      [ProductivityPaneModeChoice.Collapsed.value, "paneCollapsed"],
      [ProductivityPaneModeChoice.Expanded.value, "paneExpanded"],
    ]),
  ],
  [
    "statecode",
    new Map<unknown, EditorStringKey>([
      [StateCode.Active.value, "historyActive"],
      [StateCode.Inactive.value, "historyInactive"],
    ]),
  ],
  [
    "statuscode",
    new Map<unknown, EditorStringKey>([
      [StatusCode.Active.value, "historyActive"],
      [StatusCode.Inactive.value, "historyInactive"],
    ]),
  ],
]);

/** A column's display name; a column the editor doesn't know (added later) shows its logical name. */
export function columnLabel(column: string, strings: Translate<EditorStringKey>): string {
  const key = columnLabels.get(column);
  return key ? strings(key) : column;
}

export function valueText(change: ShownChange, side: "from" | "to", strings: Translate<EditorStringKey>): string {
  const formatted = side === "from" ? change.fromText : change.toText;
  if (formatted) return formatted;
  const value = side === "from" ? change.from : change.to;
  if (value === null || value === undefined || value === "") return strings("historyEmptyValue");
  const option = optionLabels.get(change.column)?.get(value);
  if (option) return strings(option);
  if (typeof value === "boolean") return strings(value ? "on" : "off");
  return String(value);
}

const linkLabels: Readonly<Record<LinkKind, EditorStringKey>> = {
  users: "historyLinkUser",
  sessionTemplates: "historyLinkSessionTemplate",
  channelProviders: "historyLinkChannelProvider",
  roles: "historyLinkRole",
  teams: "historyLinkTeam",
};

export const linkLabel = (kind: LinkKind, strings: Translate<EditorStringKey>) => strings(linkLabels[kind]);

const byWhom: Readonly<Record<HistoryKind, EditorStringKey>> = {
  create: "historyCreatedBy",
  update: "historyUpdatedBy",
  delete: "historyDeletedBy",
  associate: "historyAddedBy",
  disassociate: "historyRemovedBy",
};

/** "Changed by Avery Admin". */
export const kindByWhom = (kind: HistoryKind, user: string, strings: Translate<EditorStringKey>) =>
  strings(byWhom[kind], user);

export const filterLabels: Readonly<Record<HistoryFilter, EditorStringKey>> = {
  all: "historyFilterAll",
  create: "historyFilterCreate",
  update: "historyFilterUpdate",
  associate: "historyFilterAssociate",
  disassociate: "historyFilterDisassociate",
};
