/**
 * Issue 13: who gets this profile besides its users: its security roles and teams (added, removed and searched
 * here, saved with the rest of the form in its one change set), its rank among the app's ranked profiles, and
 * whether it is the app's custom default. Built-ins get no roles or teams: the section is read-only there.
 */
import * as React from "react";
import { DefaultButton, MessageBar, MessageBarType, SearchBox, Separator, Stack } from "@fluentui/react";
import { SearchPicker, type PickerOption } from "../../shared/components/SearchPicker";
import type { AccessItem, AppProfileRow, ProfileAccessRepository } from "../../shared/data/profileAccess";
import { idKey, idSetOf } from "../relationshipDiff";
import { DefaultSection } from "../rank/DefaultSection";
import { RankSection } from "../rank/RankSection";
import { ItemList, type ItemColumn } from "./ItemList";
import type { TabProps } from "./tabProps";

export interface RolesAndTeamsTabProps extends TabProps {
  access: ProfileAccessRepository;
  /** After a write that changed another profile too (a rank swap, the default moved): the form reloads. */
  onWritten: () => void;
}

/** The app's active profiles, read when the tab opens (ranks and the custom default change under other admins). */
export function useAppProfiles(access: ProfileAccessRepository, app: number, version: string) {
  const [rows, setRows] = React.useState<AppProfileRow[]>();
  React.useEffect(() => {
    let current = true;
    access.appProfiles(app).then(
      (loaded) => current && setRows(loaded),
      () => current && setRows([]),
    );
    return () => {
      current = false;
    };
  }, [access, app, version]);
  return rows;
}

const itemName = (i: AccessItem) => i.name;

export function RolesAndTeamsTab(props: RolesAndTeamsTabProps): React.ReactElement | null {
  const { state, dispatch, strings, access } = props;
  const builtIn = state.original.isDefault;
  const readOnly = props.readOnly || builtIn;
  const [picking, setPicking] = React.useState(false);
  const [lastAdded, setLastAdded] = React.useState<string>();
  const [filter, setFilter] = React.useState("");
  const appProfiles = useAppProfiles(access, state.original.fields.apm_app, state.original.etag);
  const draft = state.draft.access;
  const items = React.useMemo(() => (draft ? [...draft.roles, ...draft.teams] : []), [draft]);
  const shown = React.useMemo(() => {
    const text = filter.trim().toLowerCase();
    return text ? items.filter((i) => i.name.toLowerCase().includes(text)) : items;
  }, [items, filter]);
  const columns = React.useMemo(
    (): ItemColumn<AccessItem>[] => [
      { key: "name", name: strings("columnName"), minWidth: 200, render: (i) => i.name },
      {
        key: "kind",
        name: strings("columnKind"),
        render: (i) => strings(i.kind === "role" ? "accessRole" : "accessTeam"),
      },
    ],
    [strings],
  );
  const remove = React.useCallback((item: AccessItem) => dispatch({ type: "removeAccess", item }), [dispatch]);
  // Roles and teams in one picker: both searches at once, roles first.
  const search = React.useCallback(
    async (text: string) => {
      const [roles, teams] = await Promise.all([access.searchRoles(text), access.searchTeams(text)]);
      return [...roles, ...teams];
    },
    [access],
  );
  if (!draft) return null;
  const present = idSetOf(items);
  const toOption = (i: AccessItem): PickerOption => ({
    key: `${i.kind}:${i.id}`,
    text: i.name,
    secondaryText: strings(i.kind === "role" ? "accessRole" : "accessTeam"),
    disabledReason: present.has(idKey(i.id)) ? strings("pickerAlreadyAdded") : undefined,
  });
  return (
    <Stack tokens={{ childrenGap: 12 }} styles={{ root: { paddingTop: 12 } }}>
      {builtIn && (
        <MessageBar messageBarType={MessageBarType.info} isMultiline>
          {strings("accessBuiltIn")}
        </MessageBar>
      )}
      {!builtIn && <RankSection {...props} readOnly={readOnly} appProfiles={appProfiles} />}
      {!builtIn && <Separator />}
      <Stack horizontal wrap tokens={{ childrenGap: 8 }}>
        <DefaultButton
          iconProps={{ iconName: "Add" }}
          text={strings("accessAdd")}
          disabled={readOnly}
          onClick={() => setPicking(true)}
          aria-expanded={picking}
        />
        <SearchBox
          ariaLabel={strings("accessFilterLabel")}
          placeholder={strings("accessFilterLabel")}
          value={filter}
          onChange={(_, value) => setFilter(value ?? "")}
          styles={{ root: { minWidth: 220 } }}
        />
      </Stack>
      {picking && !readOnly && (
        <SearchPicker
          label={strings("accessSearchLabel")}
          search={search}
          toOption={toOption}
          onPick={(item) => {
            dispatch({ type: "addAccess", item });
            setLastAdded(strings("pickerAdded", item.name));
          }}
          onDismiss={() => {
            setPicking(false);
            setLastAdded(undefined);
          }}
          strings={strings}
          descriptions={[strings("accessPickerHelp"), strings("pickerStaysOpen")]}
          emptyText={strings("accessNoResults")}
          announcement={lastAdded}
        />
      )}
      <ItemList
        label={strings("accessListLabel")}
        items={shown}
        columns={columns}
        itemName={itemName}
        onRemove={remove}
        errors={state.errors}
        emptyText={strings("accessEmpty")}
        readOnly={readOnly}
        strings={strings}
      />
      {!builtIn && <Separator />}
      <DefaultSection {...props} readOnly={props.readOnly} appProfiles={appProfiles} />
    </Stack>
  );
}
