import * as React from "react";
import { ChoiceGroup, Text, type IChoiceGroupOption } from "@fluentui/react";
import { useStableId } from "./useStableId";
import { AppChoice } from "../../../schema/model";
import type { CommonStringKey } from "../manifest";
import type { Translate } from "../strings";
import { FieldError } from "./FieldError";

export interface AppChoiceFieldProps {
  value: number;
  onChange: (value: number) => void;
  /** Rule 5: without the Chat license, Omnichannel can't be chosen; the reason is shown under the choice. */
  chatLicenseAvailable: boolean;
  disabled?: boolean;
  errorMessage?: string;
  strings: Translate<CommonStringKey>;
}

export function AppChoiceField(props: AppChoiceFieldProps): React.ReactElement {
  const { strings } = props;
  const reasonId = useStableId("apm-app-license");
  const gated = !props.chatLicenseAvailable;
  const options: IChoiceGroupOption[] = [
    { key: String(AppChoice.CustomerServiceWorkspace.value), text: strings("appCustomerServiceWorkspace") },
    {
      key: String(AppChoice.OmnichannelForCustomerService.value),
      text: strings("appOmnichannel"),
      disabled: gated,
      ariaLabel: gated ? `${strings("appOmnichannel")}. ${strings("licenseUnavailable")}` : undefined,
    },
  ];
  return (
    <div>
      <ChoiceGroup
        label={strings("fieldApp")}
        options={options}
        selectedKey={String(props.value)}
        disabled={props.disabled}
        required
        onChange={(_, option) => option && props.onChange(Number(option.key))}
        aria-describedby={gated ? reasonId : undefined}
      />
      {gated && (
        <Text id={reasonId} variant="small" block>
          {strings("licenseUnavailable")}
        </Text>
      )}
      <FieldError message={props.errorMessage} />
    </div>
  );
}
