/**
 * Issue 13, many users at once: Add members of a team / Add holders of a role. Pick the team or role, see how many
 * users would be added and who is left out and why (disabled or application users; users already on another
 * profile, since a user has one: rule 9), then add them as direct assignments, saved with the form.
 */
import * as React from "react";
import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, Spinner, Stack, Text } from "@fluentui/react";
import { SearchPicker, type PickerOption } from "../../shared/components/SearchPicker";
import type { AccessItem, AccessKind, MemberUser, ProfileAccessRepository } from "../../shared/data/profileAccess";
import { sentenceForError } from "../../shared/errorSentences";
import { idKey, idSetOf } from "../relationshipDiff";
import type { TabProps } from "./tabProps";

interface Preview {
  readonly from: AccessItem;
  readonly add: readonly MemberUser[];
  readonly leftOut: readonly string[];
  readonly total: number;
}

const nameOf = (u: MemberUser) => u.fullName || u.domainName;

export function BulkAddUsers(props: TabProps & { access: ProfileAccessRepository }): React.ReactElement {
  const { state, dispatch, strings, readOnly, access } = props;
  const [kind, setKind] = React.useState<AccessKind>();
  const [preview, setPreview] = React.useState<Preview | "loading">();
  const [message, setMessage] = React.useState<{ error: boolean; text: string }>();
  const search = React.useCallback(
    (text: string) => (kind === "role" ? access.searchRoles(text) : access.searchTeams(text)),
    [access, kind],
  );
  const assigned = idSetOf(state.draft.users);
  const profileId = idKey(state.original.id);
  const pick = async (from: AccessItem) => {
    setKind(undefined);
    setPreview("loading");
    setMessage(undefined);
    try {
      const users = await access.usersOf(from);
      const add: MemberUser[] = [];
      const leftOut: string[] = [];
      for (const u of users) {
        const other = u.profiles.find((p) => idKey(p.id) !== profileId);
        if (!u.pickable) leftOut.push(strings("bulkDisabled", nameOf(u)));
        else if (assigned.has(idKey(u.id))) leftOut.push(strings("bulkAlready", nameOf(u)));
        else if (other) leftOut.push(strings("bulkOnOther", nameOf(u), other.name));
        else add.push(u);
      }
      setPreview({ from, add, leftOut, total: users.length });
    } catch (error) {
      setPreview(undefined);
      setMessage({ error: true, text: sentenceForError(error, strings, "load") });
    }
  };
  const addAll = (p: Preview) => {
    for (const u of p.add) {
      dispatch({ type: "addUser", user: { id: u.id, fullName: u.fullName, domainName: u.domainName, profiles: [] } });
    }
    setPreview(undefined);
    setMessage({ error: false, text: strings("bulkAdded", p.add.length, p.from.name) });
  };
  const toOption = (i: AccessItem): PickerOption => ({ key: i.id, text: i.name });
  return (
    <Stack tokens={{ childrenGap: 8 }}>
      <Stack horizontal wrap tokens={{ childrenGap: 8 }}>
        <DefaultButton
          iconProps={{ iconName: "People" }}
          text={strings("usersAddTeam")}
          disabled={readOnly}
          onClick={() => setKind("team")}
          aria-expanded={kind === "team"}
        />
        <DefaultButton
          iconProps={{ iconName: "Permissions" }}
          text={strings("usersAddRole")}
          disabled={readOnly}
          onClick={() => setKind("role")}
          aria-expanded={kind === "role"}
        />
      </Stack>
      {kind && !readOnly && (
        <SearchPicker
          key={kind}
          label={strings(kind === "team" ? "bulkTeamLabel" : "bulkRoleLabel")}
          search={search}
          toOption={toOption}
          onPick={(item) => void pick(item)}
          onDismiss={() => setKind(undefined)}
          strings={strings}
        />
      )}
      {preview === "loading" && <Spinner label={strings("loading")} />}
      {preview && preview !== "loading" && (
        <Stack role="region" aria-label={preview.from.name} tokens={{ childrenGap: 4 }}>
          {preview.add.length === 0 ? (
            <Text>{strings("bulkNone", preview.from.name)}</Text>
          ) : (
            <>
              <Text>{strings("bulkPreview", preview.add.length, preview.total, preview.from.name)}</Text>
              <ul aria-label={strings("bulkPreview", preview.add.length, preview.total, preview.from.name)}>
                {preview.add.map((u) => (
                  <li key={u.id}>{nameOf(u)}</li>
                ))}
              </ul>
            </>
          )}
          {preview.leftOut.length > 0 && (
            <>
              <Text>{strings("bulkLeftOut")}</Text>
              <ul aria-label={strings("bulkLeftOut")}>
                {preview.leftOut.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          )}
          <Stack horizontal tokens={{ childrenGap: 8 }}>
            <PrimaryButton
              text={strings("bulkAdd", preview.add.length)}
              disabled={preview.add.length === 0 || readOnly}
              onClick={() => addAll(preview)}
            />
            <DefaultButton text={strings("cancel")} onClick={() => setPreview(undefined)} />
          </Stack>
        </Stack>
      )}
      {message && (
        <MessageBar messageBarType={message.error ? MessageBarType.error : MessageBarType.success} role="status">
          {message.text}
        </MessageBar>
      )}
    </Stack>
  );
}
