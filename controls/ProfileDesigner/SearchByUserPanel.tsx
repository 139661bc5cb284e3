/**
 * Search by user: find a user, then see the profile they get in each app, why (Direct, Team, Role, CustomDefault or
 * Default, and the team or role it comes through), and which profile would apply if that one went away: the chain the
 * agents' runtime ranks (runtime/rows.ts), read in its one request per app.
 */
import * as React from "react";
import {
  ActionButton,
  DetailsList,
  DetailsListLayoutMode,
  Link,
  MessageBar,
  MessageBarType,
  Panel,
  PanelType,
  SearchBox,
  SelectionMode,
  Spinner,
  Stack,
  Text,
  useTheme,
  type IColumn,
} from "@fluentui/react";
import { useStableId } from "../shared/components/useStableId";
import type { EffectiveProfileItem, ProfileReason, ProfileStep, UserItem } from "../shared/data/model";
import type { DesignerRepository } from "../shared/data/ProfileRepository";
import type { DesignerStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";
import { useEffectiveProfiles, useUserSearch, type UserSearchState } from "./useSearchByUser";
import { AssignedBy, type AssignmentHistory } from "./AssignedBy";
import { UserPreview } from "./preview/UserPreview";
import type { UserPreviewSource } from "./preview/userPreviewSource";

export interface SearchByUserPanelProps {
  repository: DesignerRepository;
  strings: Translate<DesignerStringKey>;
  appLabel: (app: number | null) => string;
  /** Opens the profile's form, the way the list does. */
  onOpenProfile: (profileId: string) => void;
  onDismiss: () => void;
  debounceMs?: number;
  /** Issue 14: who assigned a Direct user, and when (absent: not shown). */
  history?: AssignmentHistory;
  /** Issue 14: *Preview* what the user gets; without it the panel offers none. */
  preview?: UserPreviewSource;
}

const userName = (u: UserItem) => u.fullName || u.domainName;

function searchStatus(state: UserSearchState, strings: Translate<DesignerStringKey>): string {
  switch (state.status) {
    case "idle":
      return strings("searchByUserHint");
    case "searching":
      return strings("pickerSearching");
    case "failed":
      return "";
    case "done":
      if (state.users.length === 0) return strings("searchByUserNone", state.text);
      return state.users.length === 1
        ? strings("searchByUserFoundOne")
        : strings("searchByUserFound", state.users.length);
  }
}

export function SearchByUserPanel(props: SearchByUserPanelProps): React.ReactElement {
  const { repository, strings, debounceMs = 300 } = props;
  const [text, setText] = React.useState("");
  const [selected, setSelected] = React.useState<UserItem>();
  const search = useUserSearch(repository, text, debounceMs);
  const effective = useEffectiveProfiles(repository, selected?.id);
  const usersLabelId = useStableId("apm-sbu-users");

  return (
    <Panel
      isOpen
      type={PanelType.medium}
      headerText={strings("searchByUserTitle")}
      closeButtonAriaLabel={strings("searchByUserClose")}
      onDismiss={props.onDismiss}
    >
      <Stack tokens={{ childrenGap: 12 }}>
        <Text>{strings("searchByUserIntro")}</Text>
        <SearchBox
          ariaLabel={strings("searchByUserLabel")}
          placeholder={strings("searchByUserPlaceholder")}
          value={text}
          onChange={(_, value) => setText(value ?? "")}
          autoFocus
        />
        <Text variant="small" role="status" aria-live="polite">
          {searchStatus(search, strings)}
        </Text>
        {search.status === "failed" && (
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {strings("loadError", search.message)}
          </MessageBar>
        )}
        {search.status === "done" && search.users.length > 0 && (
          <div>
            <Text id={usersLabelId} variant="mediumPlus" block>
              {strings("searchByUserUsersLabel")}
            </Text>
            <ul
              aria-labelledby={usersLabelId}
              style={{ listStyle: "none", margin: 0, padding: 0, maxHeight: 240, overflowY: "auto" }}
            >
              {search.users.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  selected={selected?.id === user.id}
                  onPick={() => setSelected(user)}
                />
              ))}
            </ul>
          </div>
        )}
        {selected && (
          <EffectiveProfiles
            user={selected}
            state={effective}
            strings={strings}
            appLabel={props.appLabel}
            history={props.history}
            preview={props.preview}
            onOpenProfile={(id) => {
              props.onDismiss();
              props.onOpenProfile(id);
            }}
          />
        )}
      </Stack>
    </Panel>
  );
}

function UserRow(props: { user: UserItem; selected: boolean; onPick: () => void }): React.ReactElement {
  const { user, selected } = props;
  const theme = useTheme();
  return (
    <li style={{ background: selected ? theme.palette.neutralLighter : undefined }}>
      <ActionButton
        iconProps={{ iconName: "Contact" }}
        onClick={props.onPick}
        aria-pressed={selected}
        // On the selected row's grey (#f3f2f1) themePrimary is 4.05:1; themeDark keeps 4.5:1 (axe color-contrast).
        styles={{
          root: { height: "auto", minHeight: 32, color: selected ? theme.palette.themeDark : undefined },
          rootHovered: selected ? { color: theme.palette.themeDark } : undefined,
          rootPressed: selected ? { color: theme.palette.themeDark } : undefined,
        }}
      >
        <span>{userName(user)}</span>
      </ActionButton>
      {user.fullName && user.domainName && (
        <Text variant="small" styles={{ root: { marginLeft: 8 } }}>
          {user.domainName}
        </Text>
      )}
    </li>
  );
}

const REASONS: Readonly<Record<ProfileReason, readonly [DesignerStringKey, DesignerStringKey]>> = {
  Direct: ["reasonDirect", "reasonDirectHelp"],
  Team: ["reasonTeam", "reasonTeamHelp"],
  Role: ["reasonRole", "reasonRoleHelp"],
  CustomDefault: ["reasonCustomDefault", "reasonCustomDefaultHelp"],
  Default: ["reasonDefault", "reasonDefaultHelp"],
};

/** The reason in a word, then the sentence that says why (naming the team or role). */
function Why(props: { step: ProfileStep; strings: Translate<DesignerStringKey> }): React.ReactElement {
  const [reason, help] = REASONS[props.step.reason];
  return (
    <div>
      <Text block styles={{ root: { fontWeight: 600 } }}>
        {props.strings(reason)}
      </Text>
      <Text variant="small" block>
        {props.strings(help, props.step.via?.name ?? "")}
      </Text>
    </div>
  );
}

function EffectiveProfiles(props: {
  user: UserItem;
  state: ReturnType<typeof useEffectiveProfiles>;
  strings: Translate<DesignerStringKey>;
  appLabel: (app: number | null) => string;
  history?: AssignmentHistory;
  onOpenProfile: (profileId: string) => void;
  preview?: UserPreviewSource;
}): React.ReactElement {
  const { user, state, strings, appLabel, onOpenProfile, history } = props;
  const headingId = useStableId("apm-sbu-result");
  const name = userName(user);
  const columns = React.useMemo<IColumn[]>(
    () => [
      {
        key: "app",
        name: strings("columnApp"),
        minWidth: 150,
        isRowHeader: true,
        isMultiline: true,
        onRender: (item: EffectiveProfileItem) => appLabel(item.app),
      },
      {
        key: "profile",
        name: strings("columnProfile"),
        minWidth: 150,
        isMultiline: true,
        onRender: (item: EffectiveProfileItem) => (
          <Link onClick={() => onOpenProfile(item.profile.id)}>{item.profile.name}</Link>
        ),
      },
      {
        key: "reason",
        name: strings("columnReason"),
        minWidth: 180,
        isMultiline: true,
        onRender: (item: EffectiveProfileItem) => (
          <div>
            <Why step={item} strings={strings} />
            {history && item.reason === "Direct" && (
              <AssignedBy profileId={item.profile.id} userId={user.id} history={history} strings={strings} />
            )}
          </div>
        ),
      },
      {
        key: "next",
        name: strings("columnNext"),
        minWidth: 180,
        isMultiline: true,
        onRender: ({ next }: EffectiveProfileItem) =>
          next ? (
            <div>
              <Link onClick={() => onOpenProfile(next.profile.id)}>{next.profile.name}</Link>
              <Why step={next} strings={strings} />
            </div>
          ) : (
            <Text variant="small">{strings("nextNone")}</Text>
          ),
      },
    ],
    [strings, appLabel, onOpenProfile, history, user.id],
  );
  const status =
    state?.status === "loading"
      ? strings("searchByUserLoading", name)
      : state?.status === "done"
        ? strings("searchByUserLoaded", name)
        : "";

  return (
    <section aria-labelledby={headingId}>
      {/* Under the pane's own heading (level 1, Fluent's Panel): the next level, not a skipped one (axe heading-order). */}
      <Text as="h2" id={headingId} variant="large" block>
        {name}
      </Text>
      {user.fullName && user.domainName && (
        <Text variant="small" block>
          {user.domainName}
        </Text>
      )}
      <Text variant="small" block role="status" aria-live="polite" styles={{ root: { marginTop: 8 } }}>
        {status}
      </Text>
      {state?.status === "loading" && <Spinner />}
      {state?.status === "failed" && (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          {strings("searchByUserError", name, state.message)}
        </MessageBar>
      )}
      {state?.status === "done" && (
        <DetailsList
          items={state.items}
          columns={columns}
          getKey={(item: EffectiveProfileItem) => String(item.app)}
          selectionMode={SelectionMode.none}
          layoutMode={DetailsListLayoutMode.justified}
          ariaLabelForGrid={strings("searchByUserResultsLabel", name)}
          onShouldVirtualize={() => false}
        />
      )}
      {state?.status === "done" && props.preview && (
        <UserPreview
          source={props.preview}
          userId={user.id}
          userName={name}
          apps={state.items.map((item) => item.app)}
          strings={strings}
          appLabel={appLabel}
        />
      )}
    </section>
  );
}
