/** A profile's related rows (templates, providers, users) with a remove button and each row's message. */
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
  columns: readonly ItemColumn<T>[];
  /** What the remove button's label names. */
  itemName: (item: T) => string;
  onRemove: (item: T) => void;
  errors: Readonly<Record<string, string | undefined>>;
  emptyText: string;
  readOnly: boolean;
  strings: Translate<EditorStringKey>;
}

export function ItemList<T extends { id: string }>(props: ItemListProps<T>): React.ReactElement {
  const { strings, errors } = props;
  const columns: IColumn[] = props.columns.map((c, index) => ({
    key: c.key,
    name: c.name,
    minWidth: c.minWidth ?? 120,
    isResizable: true,
    isRowHeader: index === 0,
    onRender: (item: T) =>
      index === 0 ? (
        <div>
          {c.render(item)}
          <FieldError message={errors[`item:${item.id}`]} />
        </div>
      ) : (
        c.render(item)
      ),
  }));
  columns.push({
    key: "remove",
    name: "",
    minWidth: 40,
    maxWidth: 40,
    onRender: (item: T) => (
      <IconButton
        iconProps={{ iconName: "Delete" }}
        ariaLabel={strings("removeItem", props.itemName(item))}
        disabled={props.readOnly}
        onClick={() => props.onRemove(item)}
      />
    ),
  });
  if (props.items.length === 0) return <Text block>{props.emptyText}</Text>;
  return (
    <DetailsList
      items={props.items as T[]}
      columns={columns}
      getKey={(item: T) => item.id}
      selectionMode={SelectionMode.none}
      layoutMode={DetailsListLayoutMode.justified}
      ariaLabelForGrid={props.label}
      onShouldVirtualize={() => false}
    />
  );
}
