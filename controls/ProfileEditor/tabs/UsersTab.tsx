import * as React from "react";
import { DefaultButton, MessageBar, MessageBarButton, MessageBarType, Stack, Text } from "@fluentui/react";
import { SearchPicker, type PickerOption } from "../../shared/components/SearchPicker";
import type { ProfileRef, UserItem } from "../../shared/data/model";
import { idKey, idSetOf } from "../relationshipDiff";
import { ItemList, type ItemColumn } from "./ItemList";
import type { TabProps } from "./tabProps";
import { BulkAddUsers } from "./BulkAddUsers";

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const displayName = (u: UserItem) => u.fullName || u.domainName;

/** The profile a user would leave to join this one (rule 9: one profile per user). */
export function otherProfileOf(user: UserItem, profileId: string): ProfileRef | undefined {
  return user.profiles?.find((p) => !sameId(p.id, profileId));
}

/**
 * Users picked here whose roles don't read app profiles, by lower-case id. The check is one request per pick; it is
 * advice, so a failed check shows nothing rather than blocking the pick.
 */
function useRoleWarnings(canReadProfiles: (userId: string) => Promise<boolean>) {
  const [withoutRole, setWithoutRole] = React.useState<ReadonlyMap<string, string>>(new Map());
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const check = React.useCallback(
    (user: UserItem) => {
      canReadProfiles(user.id).then(
        (canRead) => {
          if (canRead || !mounted.current) return;
          setWithoutRole((current) => new Map(current).set(idKey(user.id), displayName(user)));
        },
        () => undefined,
      );
    },
    [canReadProfiles],
  );
  return { withoutRole, check };
}

export function UsersTab(props: TabProps): React.ReactElement {
  const { state, dispatch, strings, readOnly, repository } = props;
  const [picking, setPicking] = React.useState(false);
  const [moveCandidate, setMoveCandidate] = React.useState<{ user: UserItem; from: ProfileRef }>();
  const [lastAdded, setLastAdded] = React.useState<string>();
  const { users, moves } = state.draft;
  const profileId = state.original.id;
  const search = React.useCallback((text: string) => repository.searchUsers(text), [repository]);
  const canReadProfiles = React.useCallback((id: string) => repository.canReadProfiles(id), [repository]);
  const { withoutRole, check } = useRoleWarnings(canReadProfiles);
  const assigned = idSetOf(users);
  const toOption = (u: UserItem): PickerOption => {
    const other = otherProfileOf(u, profileId);
    return {
      key: u.id,
      text: displayName(u),
      secondaryText: other ? `${u.domainName} · ${other.name}` : u.domainName,
      disabledReason: assigned.has(idKey(u.id)) ? strings("pickerAlreadyAdded") : undefined,
    };
  };
  const add = (user: UserItem, moveFrom?: ProfileRef) => {
    dispatch({ type: "addUser", user, moveFrom });
    setLastAdded(strings("pickerAdded", displayName(user)));
    check(user);
  };
  const pick = (user: UserItem) => {
    const other = otherProfileOf(user, profileId);
    if (other) setMoveCandidate({ user, from: other });
    else add(user);
  };
  const moveBar = moveCandidate && (
    <MessageBar
      messageBarType={MessageBarType.warning}
      isMultiline={false}
      onDismiss={() => setMoveCandidate(undefined)}
      dismissButtonAriaLabel={strings("dismiss")}
      actions={
        <MessageBarButton
          disabled={readOnly}
          onClick={() => {
            add(moveCandidate.user, moveCandidate.from);
            setMoveCandidate(undefined);
          }}
        >
          {strings("usersMoveHere")}
        </MessageBarButton>
      }
    >
      {strings("usersHasOther", displayName(moveCandidate.user), moveCandidate.from.name)}
    </MessageBar>
  );
  // Warnings about users still on the profile: one removed again needs no warning.
  const roleWarnings = [...withoutRole].filter(([id]) => assigned.has(id));

  const columns = React.useMemo((): ItemColumn<UserItem>[] => {
    const movesById = new Map(Object.entries(moves).map(([id, from]) => [idKey(id), from]));
    return [
      {
        key: "user",
        name: strings("columnUser"),
        minWidth: 200,
        render: (u) => {
          const from = movesById.get(idKey(u.id));
          const noRole = withoutRole.has(idKey(u.id));
          return (
            <div>
              <Text block>{u.fullName}</Text>
              {from && <Text variant="small">{strings("usersMoving", from.name)}</Text>}
              {noRole && (
                <Text variant="small" block>
                  {strings("usersWithoutRole", displayName(u))}
                </Text>
              )}
            </div>
          );
        },
      },
      { key: "domainname", name: strings("columnUserName"), minWidth: 200, render: (u) => u.domainName },
    ];
  }, [moves, withoutRole, strings]);
  const itemName = React.useCallback((u: UserItem) => displayName(u), []);
  const remove = React.useCallback((u: UserItem) => dispatch({ type: "removeUser", id: u.id }), [dispatch]);

  return (
    <Stack tokens={{ childrenGap: 12 }} styles={{ root: { paddingTop: 12 } }}>
      <Stack.Item>
        <DefaultButton
          iconProps={{ iconName: "AddFriend" }}
          text={strings("usersAdd")}
          disabled={readOnly}
          onClick={() => setPicking(true)}
          aria-expanded={picking}
        />
      </Stack.Item>
      {/* Issue 13: many users at once, from a team or a role. */}
      {props.access && <BulkAddUsers {...props} access={props.access} />}
      {picking && !readOnly ? (
        <SearchPicker
          label={strings("usersSearchLabel")}
          search={search}
          toOption={toOption}
          onPick={pick}
          onDismiss={() => {
            setPicking(false);
            setLastAdded(undefined);
          }}
          strings={strings}
          descriptions={[strings("usersPickerHelp"), strings("pickerStaysOpen")]}
          announcement={lastAdded}
        >
          {moveBar}
          {roleWarnings.map(([id, name]) => (
            <MessageBar key={id} messageBarType={MessageBarType.warning} isMultiline>
              {strings("usersWithoutRole", name)}
            </MessageBar>
          ))}
        </SearchPicker>
      ) : (
        moveBar
      )}
      <ItemList
        label={strings("usersListLabel")}
        items={users}
        columns={columns}
        itemName={itemName}
        onRemove={remove}
        errors={state.errors}
        emptyText={strings("usersEmpty")}
        readOnly={readOnly}
        strings={strings}
      />
    </Stack>
  );
}
