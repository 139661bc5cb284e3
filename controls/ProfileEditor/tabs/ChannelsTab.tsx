import * as React from "react";
import { DefaultButton, Stack, Text, Toggle } from "@fluentui/react";
import { FieldError } from "../../shared/components/FieldError";
import { SearchPicker, type PickerOption } from "../../shared/components/SearchPicker";
import type { ProviderItem } from "../../shared/data/model";
import { ItemList, type ItemColumn } from "./ItemList";
import type { TabProps } from "./tabProps";
import { useReturnCount } from "../useReturnCount";

export interface ChannelsTabProps extends TabProps {
  /** Opens the channel provider configuration page in a new tab (through the host). */
  onOpenProviderConfiguration: () => void;
}

const providerName = (p: ProviderItem) => p.label || p.name;

export function ChannelsTab(props: ChannelsTabProps): React.ReactElement {
  const { state, dispatch, strings, readOnly, repository } = props;
  const [picking, setPicking] = React.useState(false);
  const [lastAdded, setLastAdded] = React.useState<string>();
  const providers = state.draft.channelProviders;
  // Searching again when the admin comes back from the provider page (a new search function re-runs the picker's).
  const returns = useReturnCount(picking);
  const search = React.useCallback(
    (text: string) => repository.searchChannelProviders(text),
    [repository, returns], // `returns`: the reason to search again
  );
  const toOption = (p: ProviderItem): PickerOption => ({
    key: p.id,
    text: p.label || p.name,
    secondaryText: p.channelUrl,
    disabledReason: providers.some((q) => q.id.toLowerCase() === p.id.toLowerCase())
      ? strings("pickerAlreadyAdded")
      : undefined,
  });
  const columns = React.useMemo(
    (): ItemColumn<ProviderItem>[] => [
      { key: "label", name: strings("columnLabel"), minWidth: 160, render: providerName },
      { key: "url", name: strings("columnChannelUrl"), minWidth: 220, render: (p) => p.channelUrl },
      { key: "sort", name: strings("columnSortOrder"), minWidth: 80, render: (p) => p.sortOrder ?? "" },
    ],
    [strings],
  );
  const remove = React.useCallback((p: ProviderItem) => dispatch({ type: "removeProvider", id: p.id }), [dispatch]);
  return (
    <Stack tokens={{ childrenGap: 12 }} styles={{ root: { paddingTop: 12 } }}>
      <Toggle
        label={strings("channelsAllActive")}
        checked={state.draft.fields.apm_allactivechannels}
        disabled={readOnly}
        onText={strings("on")}
        offText={strings("off")}
        onChange={(_, checked) =>
          dispatch({ type: "setField", column: "apm_allactivechannels", value: checked === true })
        }
      />
      <Text variant="small">{strings("channelsAllActiveHelp")}</Text>
      <FieldError message={state.errors.apm_allactivechannels} />
      <Text as="h3" variant="large">
        {strings("channelsVoice")}
      </Text>
      <Stack horizontal wrap tokens={{ childrenGap: 8 }} verticalAlign="center">
        <DefaultButton
          iconProps={{ iconName: "OpenInNewTab" }}
          text={strings("channelsAddProviders")}
          title={strings("channelsAddProvidersHelp")}
          disabled={readOnly}
          onClick={props.onOpenProviderConfiguration}
        />
        <DefaultButton
          iconProps={{ iconName: "Add" }}
          text={strings("channelsAddToProfile")}
          disabled={readOnly}
          onClick={() => setPicking(true)}
          aria-expanded={picking}
        />
      </Stack>
      <Text variant="small">{strings("channelsAddProvidersHelp")}</Text>
      {picking && !readOnly && (
        <SearchPicker
          label={strings("channelsSearchLabel")}
          search={search}
          toOption={toOption}
          onPick={(provider) => {
            dispatch({ type: "addProvider", provider });
            setLastAdded(strings("pickerAdded", providerName(provider)));
          }}
          onDismiss={() => {
            setPicking(false);
            setLastAdded(undefined);
          }}
          strings={strings}
          descriptions={[strings("pickerStaysOpen")]}
          announcement={lastAdded}
        />
      )}
      <ItemList
        label={strings("channelsListLabel")}
        items={providers}
        columns={columns}
        itemName={providerName}
        onRemove={remove}
        errors={state.errors}
        emptyText={strings("channelsEmpty")}
        readOnly={readOnly}
        strings={strings}
      />
    </Stack>
  );
}
