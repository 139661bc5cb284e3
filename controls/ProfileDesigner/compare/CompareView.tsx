/**
 * The differences of two profiles, side by side: one section per editor tab with its count, and a table whose two
 * value columns are headed by the profiles. Only differences are shown; each row says in words what differs
 * ("Changed: Rank", "Only in Tier 1: msdyn_chat_session"), and the highlight colour only repeats it (WCAG 1.4.1).
 */
import * as React from "react";
import { MessageBar, MessageBarType, Stack, Text, useTheme } from "@fluentui/react";
import { AppChoice, ProductivityPaneModeChoice } from "../../../schema/model";
import {
  compareProfiles,
  type CompareField,
  type CompareList,
  type CompareTab,
  type CompareWords,
  type Difference,
  type ProfileSnapshot,
} from "../../shared/compare/profileComparison";
import type { DesignerStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";

type S = Translate<DesignerStringKey>;

const TAB_KEYS: Readonly<Record<CompareTab, DesignerStringKey>> = {
  general: "compareTabGeneral",
  sessionTemplates: "compareTabSessionTemplates",
  productivity: "compareTabProductivityPane",
  channels: "compareTabChannels",
  usersTab: "compareTabUsers",
  rolesAndTeams: "compareTabRolesAndTeams",
};
const FIELD_KEYS: Readonly<Record<CompareField, DesignerStringKey>> = {
  apm_name: "fieldName",
  apm_description: "fieldDescription",
  apm_app: "fieldApp",
  state: "compareFieldState",
  apm_productivitypaneenabled: "compareFieldPaneEnabled",
  apm_productivitypanemode: "compareFieldPaneMode",
  apm_smartassistenabled: "compareFieldSmartAssist",
  apm_callscriptenabled: "compareFieldCallScript",
  apm_allactivechannels: "compareFieldAllActiveChannels",
  rank: "compareFieldRank",
  customDefault: "compareFieldCustomDefault",
};
const LIST_KEYS: Readonly<Record<CompareList, DesignerStringKey>> = {
  sessionTemplates: "compareListSessionTemplates",
  channelProviders: "compareListChannelProviders",
  users: "compareListUsers",
  roles: "compareListRoles",
  teams: "compareListTeams",
};

export function compareWords(strings: S): CompareWords {
  return {
    field: (f) => strings(FIELD_KEYS[f]),
    app: (v) =>
      strings(v === AppChoice.OmnichannelForCustomerService.value ? "appOmnichannel" : "appCustomerServiceWorkspace"),
    paneMode: (v) =>
      strings(v === ProductivityPaneModeChoice.Expanded.value ? "comparePaneExpanded" : "comparePaneCollapsed"),
    on: strings("compareOn"),
    off: strings("compareOff"),
    yes: strings("compareYes"),
    no: strings("compareNo"),
    active: strings("statusActive"),
    inactive: strings("statusInactive"),
    none: strings("compareNone"),
  };
}

export interface CompareSide {
  /** The column's heading: the profile's name and unique name (and the file's name). */
  readonly heading: string;
  /** The short name a row says "Only in …" with. */
  readonly name: string;
  readonly profile: ProfileSnapshot;
}

const count = (strings: S, n: number, one: DesignerStringKey, many: DesignerStringKey, none?: DesignerStringKey) =>
  n === 0 && none ? strings(none) : n === 1 ? strings(one) : strings(many, n.toLocaleString());

export function CompareView(props: { left: CompareSide; right: CompareSide; strings: S }): React.ReactElement {
  const { left, right, strings } = props;
  const theme = useTheme();
  const result = React.useMemo(
    () => compareProfiles(left.profile, right.profile, compareWords(strings)),
    [left.profile, right.profile, strings],
  );
  const cell: React.CSSProperties = {
    textAlign: "left",
    verticalAlign: "top",
    padding: "6px 8px",
    borderBottom: `1px solid ${theme.palette.neutralLight}`,
    overflowWrap: "anywhere",
  };
  // A light fill marks the side a difference is on; the row's words say the same without colour.
  const mark: React.CSSProperties = { ...cell, background: theme.palette.themeLighter, fontWeight: 600 };
  const describe = (d: Difference) =>
    d.kind === "changed"
      ? strings("compareChanged", d.label)
      : strings("compareOnlyIn", d.kind === "onlyLeft" ? left.name : right.name, strings(LIST_KEYS[d.list]));

  return (
    <Stack tokens={{ childrenGap: 16 }}>
      <MessageBar messageBarType={result.total === 0 ? MessageBarType.success : MessageBarType.info}>
        {result.total === 0 ? strings("compareSame") : count(strings, result.total, "compareTotalOne", "compareTotal")}
      </MessageBar>
      {result.tabs.map((tab) => {
        const title = strings(TAB_KEYS[tab.tab]);
        const headingId = `apm-compare-${tab.tab}`;
        return (
          <section key={tab.tab} aria-labelledby={headingId}>
            <Text as="h2" variant="mediumPlus" id={headingId} block styles={{ root: { fontWeight: 600, margin: 0 } }}>
              {title}
            </Text>
            <Text block>
              {count(
                strings,
                tab.differences.length,
                "compareTabOneDifference",
                "compareTabDifferences",
                "compareTabNoDifferences",
              )}
            </Text>
            {tab.notCompared.map((reason) => (
              <Text block key={reason} styles={{ root: { color: theme.semanticColors.bodySubtext } }}>
                {strings(reason === "users" ? "compareUsersNotCompared" : "compareBuiltInNotCompared")}
              </Text>
            ))}
            {tab.differences.length > 0 && (
              <table
                aria-label={strings("compareTableLabel", title)}
                style={{ width: "100%", borderCollapse: "collapse", tableLayout: "fixed", marginTop: 4 }}
              >
                <thead>
                  <tr>
                    <th scope="col" style={cell}>
                      {strings("compareColumnWhat")}
                    </th>
                    <th scope="col" style={cell}>
                      {left.heading}
                    </th>
                    <th scope="col" style={cell}>
                      {right.heading}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tab.differences.map((d) => {
                    const key = d.kind === "changed" ? d.field : `${d.kind}:${d.list}:${d.name}`;
                    const leftValue = d.kind === "changed" ? d.left : d.kind === "onlyLeft" ? d.name : undefined;
                    const rightValue = d.kind === "changed" ? d.right : d.kind === "onlyRight" ? d.name : undefined;
                    return (
                      <tr key={key}>
                        <th scope="row" style={{ ...cell, fontWeight: 400 }}>
                          {describe(d)}
                        </th>
                        <td style={leftValue === undefined ? cell : mark}>{leftValue ?? strings("compareNotThere")}</td>
                        <td style={rightValue === undefined ? cell : mark}>
                          {rightValue ?? strings("compareNotThere")}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </Stack>
  );
}
