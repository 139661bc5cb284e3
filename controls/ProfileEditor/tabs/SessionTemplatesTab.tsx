import * as React from "react";
import { DefaultButton, Stack } from "@fluentui/react";
import { SearchPicker, type PickerOption } from "../../shared/components/SearchPicker";
import type { TemplateItem } from "../../shared/data/model";
import { ItemList, type ItemColumn } from "./ItemList";
import type { TabProps } from "./tabProps";

const lower = (s: string | null) => (s ?? "").trim().toLowerCase();

/** Why a template can't be added: already here, or its entity already has one (rule 6: one per entity). */
export function templateBlocker(
  template: TemplateItem,
  inProfile: readonly TemplateItem[],
  messages: { already: string; entityTaken: (entity: string) => string },
): string | undefined {
  if (inProfile.some((t) => lower(t.id) === lower(template.id))) return messages.already;
  const entity = lower(template.entityLogicalName);
  if (entity && inProfile.some((t) => lower(t.entityLogicalName) === entity)) {
    return messages.entityTaken(template.entityLogicalName ?? "");
  }
  return undefined;
}

const templateName = (t: TemplateItem) => t.name;

export function SessionTemplatesTab({ state, dispatch, strings, readOnly, repository }: TabProps): React.ReactElement {
  const [picking, setPicking] = React.useState(false);
  const [lastAdded, setLastAdded] = React.useState<string>();
  const templates = state.draft.sessionTemplates;
  const search = React.useCallback((text: string) => repository.searchSessionTemplates(text), [repository]);
  const toOption = (t: TemplateItem): PickerOption => ({
    key: t.id,
    text: t.name,
    secondaryText: t.entityLogicalName ?? undefined,
    disabledReason: templateBlocker(t, templates, {
      already: strings("pickerAlreadyAdded"),
      entityTaken: (entity) => strings("templatesEntityTaken", entity),
    }),
  });
  const columns = React.useMemo(
    (): ItemColumn<TemplateItem>[] => [
      { key: "name", name: strings("columnName"), minWidth: 200, render: (t) => t.name },
      { key: "entity", name: strings("columnEntity"), render: (t) => t.entityLogicalName },
    ],
    [strings],
  );
  const remove = React.useCallback((t: TemplateItem) => dispatch({ type: "removeTemplate", id: t.id }), [dispatch]);
  return (
    <Stack tokens={{ childrenGap: 12 }} styles={{ root: { paddingTop: 12 } }}>
      <Stack.Item>
        <DefaultButton
          iconProps={{ iconName: "Add" }}
          text={strings("templatesAdd")}
          disabled={readOnly}
          onClick={() => setPicking(true)}
          aria-expanded={picking}
        />
      </Stack.Item>
      {picking && !readOnly && (
        <SearchPicker
          label={strings("templatesSearchLabel")}
          search={search}
          toOption={toOption}
          onPick={(template) => {
            dispatch({ type: "addTemplate", template });
            setLastAdded(strings("pickerAdded", template.name));
          }}
          onDismiss={() => {
            setPicking(false);
            setLastAdded(undefined);
          }}
          strings={strings}
          // Rule 6: generic templates are never offered (the search asks for entity templates only); say why.
          descriptions={[strings("templatesPickerHelp"), strings("pickerStaysOpen")]}
          emptyText={strings("templatesNoResults")}
          announcement={lastAdded}
        />
      )}
      <ItemList
        label={strings("templatesListLabel")}
        items={templates}
        columns={columns}
        itemName={templateName}
        onRemove={remove}
        errors={state.errors}
        emptyText={strings("templatesEmpty")}
        readOnly={readOnly}
        strings={strings}
      />
    </Stack>
  );
}
