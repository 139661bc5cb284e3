import * as React from "react";
import { DefaultButton, MessageBar, MessageBarButton, MessageBarType, Stack, Text } from "@fluentui/react";
import { SearchPicker, type PickerOption } from "../../shared/components/SearchPicker";
import type { ProfileRef, UserItem } from "../../shared/data/model";
import { ItemList } from "./ItemList";
import type { TabProps } from "./tabProps";

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The profile a user would leave to join this one (rule 9: one profile per user). */
export function otherProfileOf(user: UserItem, profileId: string): ProfileRef | undefined {
  return user.profiles?.find((p) => !sameId(p.id, profileId));
}

export function UsersTab({ state, dispatch, strings, readOnly, repository }: TabProps): React.ReactElement {
  const [picking, setPicking] = React.useState(false);
  const [moveCandidate, setMoveCandidate] = React.useState<{ user: UserItem; from: ProfileRef }>();
  const { users, moves } = state.draft;
  const profileId = state.original.id;
  const search = React.useCallback((text: string) => repository.searchUsers(text), [repository]);
  const toOption = (u: UserItem): PickerOption => {
    const other = otherProfileOf(u, profileId);
    return {
      key: u.id,
      text: u.fullName || u.domainName,
      secondaryText: other ? `${u.domainName} · ${other.name}` : u.domainName,
      disabledReason: users.some((x) => sameId(x.id, u.id)) ? strings("pickerAlreadyAdded") : undefined,
    };
  };
  const pick = (user: UserItem) => {
    setPicking(false);
    const other = otherProfileOf(user, profileId);
    if (other) setMoveCandidate({ user, from: other });
    else dispatch({ type: "addUser", user });
  };
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
      {moveCandidate && (
        <MessageBar
          messageBarType={MessageBarType.warning}
          isMultiline={false}
          onDismiss={() => setMoveCandidate(undefined)}
          dismissButtonAriaLabel={strings("dismiss")}
          actions={
            <MessageBarButton
              disabled={readOnly}
              onClick={() => {
                dispatch({ type: "addUser", user: moveCandidate.user, moveFrom: moveCandidate.from });
                setMoveCandidate(undefined);
              }}
            >
              {strings("usersMoveHere")}
            </MessageBarButton>
          }
        >
          {strings(
            "usersHasOther",
            moveCandidate.user.fullName || moveCandidate.user.domainName,
            moveCandidate.from.name,
          )}
        </MessageBar>
      )}
      {picking && !readOnly && (
        <SearchPicker
          label={strings("usersSearchLabel")}
          search={search}
          toOption={toOption}
          onPick={pick}
          onDismiss={() => setPicking(false)}
          strings={strings}
        />
      )}
      <ItemList
        label={strings("usersListLabel")}
        items={users}
        columns={[
          {
            key: "user",
            name: strings("columnUser"),
            minWidth: 200,
            render: (u) => {
              const from = Object.entries(moves).find(([id]) => sameId(id, u.id))?.[1];
              return (
                <div>
                  <Text block>{u.fullName}</Text>
                  {from && <Text variant="small">{strings("usersMoving", from.name)}</Text>}
                </div>
              );
            },
          },
          { key: "domainname", name: strings("columnUserName"), minWidth: 200, render: (u) => u.domainName },
        ]}
        itemName={(u) => u.fullName || u.domainName}
        onRemove={(u) => dispatch({ type: "removeUser", id: u.id })}
        errors={state.errors}
        emptyText={strings("usersEmpty")}
        readOnly={readOnly}
        strings={strings}
      />
    </Stack>
  );
}
