/** Issue 13: the rank field, the app's other ranked profiles around it, and Move up / Move down. */
import * as React from "react";
import { DefaultButton, MessageBar, MessageBarButton, MessageBarType, Stack, Text, TextField } from "@fluentui/react";
import { rankTakenProblem } from "../../../handlers/rules";
import type { AppProfileRow, ProfileAccessRepository } from "../../shared/data/profileAccess";
import { sentenceForError } from "../../shared/errorSentences";
import { hasChanges } from "../savePlan";
import type { TabProps } from "../tabs/tabProps";
import { planMove, rankedOthers, swapUpdates, type Ranked } from "./rankMoves";
import { appLabel } from "../commandTexts";

interface RankSectionProps extends TabProps {
  access: ProfileAccessRepository;
  appProfiles: readonly AppProfileRow[] | undefined;
  onWritten: () => void;
}

const AROUND = 2;

export function RankSection(props: RankSectionProps): React.ReactElement | null {
  const { state, dispatch, strings, readOnly } = props;
  const draftAccess = state.draft.access;
  const [swapError, setSwapError] = React.useState<string>();
  const [swapping, setSwapping] = React.useState(false);
  const [swapWith, setSwapWith] = React.useState<Ranked>();
  if (!draftAccess) return null;
  const rank = draftAccess.rank;
  const app = state.original.fields.apm_app;
  const others = rankedOthers(props.appProfiles ?? [], state.original.id);
  const holder = rank === null ? undefined : others.find((o) => o.rank === rank);
  const given = draftAccess.roles.length + draftAccess.teams.length > 0;
  // The handler's own sentence, before any write: the rank is held by another ranked profile of the app.
  const taken =
    holder && given
      ? rankTakenProblem(rank as number, app, { name: holder.name, uniqueName: holder.uniqueName }).message
      : undefined;
  const message = state.errors.apm_rank ?? taken;
  const dirty = hasChanges(state.original, state.draft);
  const [up, down] =
    rank === null ? [undefined, undefined] : [planMove(others, rank, "up"), planMove(others, rank, "down")];
  const move = (direction: "up" | "down") => {
    const planned = direction === "up" ? up : down;
    if (!planned) return;
    if (planned.kind === "set") {
      setSwapWith(undefined);
      dispatch({ type: "setRank", rank: planned.rank });
    } else setSwapWith(planned.with);
  };
  const swap = async (other: Ranked) => {
    if (rank === null) return;
    setSwapping(true);
    setSwapError(undefined);
    try {
      await props.access.updateProfiles(
        swapUpdates(
          { id: state.original.id, etag: state.original.etag, rank },
          other,
          others.map((o) => o.rank),
        ),
      );
      setSwapWith(undefined);
      props.onWritten();
    } catch (error) {
      setSwapError(sentenceForError(error, strings, "change"));
    } finally {
      setSwapping(false);
    }
  };
  // A short list around this profile: name and rank, this one highlighted.
  const list = [
    ...others.map((o) => ({ ...o, self: false })),
    ...(rank === null ? [] : [{ id: state.original.id, name: state.draft.fields.apm_name, rank, self: true }]),
  ].sort((a, b) => a.rank - b.rank || Number(b.self) - Number(a.self));
  const at = list.findIndex((r) => r.self);
  const shown = at < 0 ? list.slice(0, AROUND * 2 + 1) : list.slice(Math.max(0, at - AROUND), at + AROUND + 1);
  const label = strings("rankNeighboursLabel", appLabel(app));
  return (
    <Stack tokens={{ childrenGap: 8 }}>
      <TextField
        label={strings("rankLabel")}
        type="number"
        min={1}
        max={1000}
        value={rank === null ? "" : String(rank)}
        disabled={readOnly}
        description={strings("rankHelp")}
        errorMessage={message}
        onChange={(_, value) => {
          const text = (value ?? "").trim();
          dispatch({ type: "setRank", rank: text === "" ? null : Number(text) });
        }}
        styles={{ root: { maxWidth: 320 } }}
      />
      <Stack horizontal tokens={{ childrenGap: 8 }}>
        <DefaultButton
          iconProps={{ iconName: "Up" }}
          text={strings("rankMoveUp")}
          disabled={readOnly || !up}
          onClick={() => move("up")}
        />
        <DefaultButton
          iconProps={{ iconName: "Down" }}
          text={strings("rankMoveDown")}
          disabled={readOnly || !down}
          onClick={() => move("down")}
        />
      </Stack>
      {swapWith && (
        <MessageBar
          messageBarType={MessageBarType.info}
          isMultiline
          actions={
            <MessageBarButton disabled={dirty || swapping || readOnly} onClick={() => void swap(swapWith)}>
              {strings("rankSwap", swapWith.name)}
            </MessageBarButton>
          }
        >
          {strings("rankSwapNeeded", swapWith.name)} {dirty ? strings("accessSaveFirst") : ""}
        </MessageBar>
      )}
      {swapError && (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          {swapError}
        </MessageBar>
      )}
      {others.length === 0 ? (
        <Text variant="small">{strings("rankNone")}</Text>
      ) : (
        <ol aria-label={label} style={{ margin: 0, paddingLeft: 20 }}>
          {shown.map((r) => (
            <li key={r.id} aria-current={r.self ? "true" : undefined} style={r.self ? { fontWeight: 600 } : undefined}>
              {r.self ? strings("rankThisProfile", r.name) : r.name} · {r.rank}
            </li>
          ))}
        </ol>
      )}
    </Stack>
  );
}
