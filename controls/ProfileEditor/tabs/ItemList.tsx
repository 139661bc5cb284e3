/**
 * A profile's related rows (templates, providers, users) with a remove button and each row's message. From 50 rows
 * it is virtualized (Fluent's List under DetailsList): only the rows in and near view are in the DOM, so 2,000 users
 * open about as fast as 5;
 * rows are keyed by id, and each row's cells are rendered once per item (while the columns, the rows' messages and
 * the read-only state stay the same), so removing one renders only the row that scrolls into view: the rows that
 * just move up get back the very elements they showed, which React skips. The grid keeps its name and
 * `aria-rowcount` (all rows), so a screen reader hears the size.
 */
import * as React from "react";
import { DetailsList, DetailsListLayoutMode, IconButton, SelectionMode, Text, type IColumn } from "@fluentui/react";
import { FieldError } from "../../shared/components/FieldError";
import type { EditorStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";

export interface ItemColumn<T> {
  key: string;
  name: string;
  minWidth?: number;
  render: (item: T) => React.ReactNode;
}

export interface ItemListProps<T extends { id: string }> {
  label: string;
  items: readonly T[];
  /** Keep the array stable between renders (useMemo): a new one re-renders every row in view. */
  columns: readonly ItemColumn<T>[];
  /** What the remove button's label names. */
  itemName: (item: T) => string;
  onRemove: (item: T) => void;
  errors: Readonly<Record<string, string | undefined>>;
  emptyText: string;
  readOnly: boolean;
  strings: Translate<EditorStringKey>;
}

/** The list scrolls inside this height, so the page keeps its commands in view and only this many rows render. */
export const ITEM_LIST_MAX_HEIGHT = 480;
/** Shorter lists render whole: measuring pages costs more than it saves there. */
export const VIRTUALIZE_FROM = 50;

/**
 * One box of rows rendered above and below the visible one (Fluent's default is two). Every change of the items makes
 * Fluent's List drop the rows outside the visible box and add them back window by window once idle; with one window
 * each way a removal unmounts and re-renders half as many rows, and scrolling still finds the next rows rendered.
 */
const LIST_PROPS = { renderedWindowsAhead: 1, renderedWindowsBehind: 1 } as const;

type RowMessages = Readonly<Record<string, string>>;

/**
 * `render`, called once per item: the same element for the same item. The cells of a row that only moves (a row
 * above it was removed) are then skipped by React instead of rendering their Fluent components again.
 */
function oncePerItem<T extends object>(render: (item: T) => React.ReactNode): (item: T) => React.ReactNode {
  const rendered = new WeakMap<T, React.ReactNode>();
  return (item) => {
    if (rendered.has(item)) return rendered.get(item);
    const node = render(item);
    rendered.set(item, node);
    return node;
  };
}

/** The messages about rows (`item:<id>`), the same object while they don't change, whatever else the errors hold. */
function useRowMessages(errors: Readonly<Record<string, string | undefined>>): RowMessages {
  const last = React.useRef<RowMessages>({});
  const next: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) if (key.startsWith("item:") && message) next[key] = message;
  const previous = last.current;
  const same =
    Object.keys(next).length === Object.keys(previous).length &&
    Object.entries(next).every(([key, message]) => previous[key] === message);
  if (!same) last.current = next;
  return last.current;
}

export function ItemList<T extends { id: string }>(props: ItemListProps<T>): React.ReactElement {
  const { strings, readOnly } = props;
  const rowMessages = useRowMessages(props.errors);
  // The callbacks are read at click time, so a new arrow from the tab doesn't re-render every row.
  const latest = React.useRef(props);
  latest.current = props;

  // Everything a cell shows comes from its item and these dependencies, so a new set of columns (and caches) is
  // made only when one of them changes.
  const columns = React.useMemo((): IColumn[] => {
    const shown: IColumn[] = props.columns.map((c, index) => ({
      key: c.key,
      name: c.name,
      minWidth: c.minWidth ?? 120,
      isResizable: true,
      isRowHeader: index === 0,
      onRender: oncePerItem((item: T) =>
        index === 0 ? (
          <div>
            {c.render(item)}
            <FieldError message={rowMessages[`item:${item.id}`]} />
          </div>
        ) : (
          c.render(item)
        ),
      ),
    }));
    shown.push({
      key: "remove",
      name: strings("columnRemove"),
      isIconOnly: true,
      minWidth: 40,
      maxWidth: 40,
      onRender: oncePerItem((item: T) => (
        <IconButton
          iconProps={{ iconName: "Delete" }}
          ariaLabel={strings("removeItem", latest.current.itemName(item))}
          disabled={readOnly}
          onClick={() => latest.current.onRemove(item)}
        />
      )),
    });
    return shown;
  }, [props.columns, rowMessages, readOnly, strings]);

  const getKey = React.useCallback((item: T) => item.id, []);
  const long = props.items.length >= VIRTUALIZE_FROM;
  const shouldVirtualize = React.useCallback(() => long, [long]);
  if (props.items.length === 0) return <Text block>{props.emptyText}</Text>;
  return (
    // Fluent's List finds its scroll container by this attribute and renders the rows in view of it.
    <div
      data-is-scrollable="true"
      style={long ? { maxHeight: ITEM_LIST_MAX_HEIGHT, overflowY: "auto", position: "relative" } : undefined}
    >
      <DetailsList
        items={props.items as T[]}
        columns={columns}
        getKey={getKey}
        setKey="id"
        selectionMode={SelectionMode.none}
        layoutMode={DetailsListLayoutMode.justified}
        ariaLabelForGrid={props.label}
        useReducedRowRenderer
        onShouldVirtualize={shouldVirtualize}
        listProps={LIST_PROPS}
      />
    </div>
  );
}
