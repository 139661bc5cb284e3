/**
 * A lazy search picker: nothing loads until the admin opens it; then it lists the first matches and searches again
 * as they type (debounced). Options can be disabled with a reason shown next to them. It stays open after a pick, so
 * several items are added in a row: the picked option turns disabled ("already added") and focus returns to the
 * search box; only Close (or Escape) closes it.
 */
import * as React from "react";
import { ActionButton, IconButton, SearchBox, Stack, Text, useTheme, type ISearchBox } from "@fluentui/react";
import type { CommonStringKey } from "../manifest";
import type { Translate } from "../strings";
import { useStableId } from "./useStableId";

export interface PickerOption {
  readonly key: string;
  readonly text: string;
  readonly secondaryText?: string;
  /** Set when the option can't be picked; shown to say why. */
  readonly disabledReason?: string;
}

export interface SearchPickerProps<T> {
  label: string;
  search: (text: string) => Promise<T[]>;
  toOption: (item: T) => PickerOption;
  onPick: (item: T) => void;
  onDismiss: () => void;
  strings: Translate<CommonStringKey>;
  debounceMs?: number;
  /** Sentences under the heading: what is offered, what is left out and why. */
  descriptions?: readonly string[];
  /** Said when nothing matches, instead of the generic "no results" (e.g. why some rows are never offered). */
  emptyText?: string;
  /** Announced politely after a pick ("Added Bob."). */
  announcement?: string;
  /** Notices about the picks (a move to confirm, a missing role), shown inside the picker. */
  children?: React.ReactNode;
}

type Results<T> = { status: "searching" } | { status: "done"; items: T[] } | { status: "failed"; message: string };

export function SearchPicker<T>(props: SearchPickerProps<T>): React.ReactElement {
  const { search, strings, debounceMs = 250 } = props;
  const theme = useTheme();
  const headingId = useStableId("apm-picker");
  const [text, setText] = React.useState("");
  const [results, setResults] = React.useState<Results<T>>({ status: "searching" });
  const searchBox = React.useRef<ISearchBox>(null);

  React.useEffect(() => {
    let current = true;
    setResults({ status: "searching" });
    const timer = setTimeout(
      () => {
        search(text).then(
          (items) => current && setResults({ status: "done", items }),
          (error: Error) => current && setResults({ status: "failed", message: error.message }),
        );
      },
      text === "" ? 0 : debounceMs,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, search, debounceMs]);

  const status =
    results.status === "searching"
      ? strings("pickerSearching")
      : results.status === "failed"
        ? strings("loadError", results.message)
        : results.items.length === 0
          ? (props.emptyText ?? strings("pickerNoResults"))
          : (props.announcement ?? "");
  // The picked option is disabled next render, so focus goes back to the search box for the next one.
  const pick = (item: T) => {
    props.onPick(item);
    searchBox.current?.focus();
  };

  return (
    <Stack
      tokens={{ childrenGap: 8 }}
      styles={{ root: { border: `1px solid ${theme.palette.neutralLight}`, padding: 12, maxWidth: 560 } }}
      role="group"
      aria-labelledby={headingId}
    >
      <Stack horizontal horizontalAlign="space-between" verticalAlign="center">
        <Text id={headingId} variant="mediumPlus">
          {props.label}
        </Text>
        <IconButton iconProps={{ iconName: "Cancel" }} ariaLabel={strings("pickerClose")} onClick={props.onDismiss} />
      </Stack>
      {props.descriptions?.map((sentence) => (
        <Text key={sentence} variant="small" block>
          {sentence}
        </Text>
      ))}
      <SearchBox
        componentRef={searchBox}
        ariaLabel={props.label}
        placeholder={props.label}
        value={text}
        onChange={(_, value) => setText(value ?? "")}
        onEscape={props.onDismiss}
        autoFocus
      />
      {props.children}
      <Text variant="small" aria-live="polite">
        {status}
      </Text>
      {results.status === "done" && results.items.length > 0 && (
        <ul
          aria-label={props.label}
          style={{ listStyle: "none", margin: 0, padding: 0, maxHeight: 320, overflowY: "auto" }}
        >
          {results.items.map((item) => (
            <PickerRow key={props.toOption(item).key} option={props.toOption(item)} onPick={() => pick(item)} />
          ))}
        </ul>
      )}
    </Stack>
  );
}

function PickerRow(props: { option: PickerOption; onPick: () => void }): React.ReactElement {
  const { option } = props;
  const reasonId = useStableId("apm-picker-reason");
  return (
    <li>
      <ActionButton
        disabled={option.disabledReason !== undefined}
        onClick={props.onPick}
        aria-describedby={option.disabledReason ? reasonId : undefined}
        styles={{ root: { height: "auto", minHeight: 32 } }}
      >
        <span>{option.text}</span>
      </ActionButton>
      {option.secondaryText && (
        <Text variant="small" styles={{ root: { marginLeft: 8 } }}>
          {option.secondaryText}
        </Text>
      )}
      {option.disabledReason && (
        <Text id={reasonId} variant="small" block styles={{ root: { marginLeft: 8 } }}>
          {option.disabledReason}
        </Text>
      )}
    </li>
  );
}
