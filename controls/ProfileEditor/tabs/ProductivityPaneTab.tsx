import * as React from "react";
import { ChoiceGroup, Stack, Text, Toggle } from "@fluentui/react";
import { ProductivityPaneModeChoice } from "../../../schema/model";
import { FieldError } from "../../shared/components/FieldError";
import type { TabProps } from "./tabProps";

export function ProductivityPaneTab({ state, dispatch, strings, readOnly }: TabProps): React.ReactElement {
  const { fields } = state.draft;
  const { errors } = state;
  const paneOff = !fields.apm_productivitypaneenabled;
  // Mode and tools stay as set while the pane is off (rule 7); they are only disabled.
  const toolsDisabled = readOnly || paneOff;
  const toggle =
    (column: "apm_productivitypaneenabled" | "apm_smartassistenabled" | "apm_callscriptenabled") =>
    (_: unknown, checked?: boolean) =>
      dispatch({ type: "setField", column, value: checked === true });
  return (
    <Stack tokens={{ childrenGap: 12 }} styles={{ root: { maxWidth: 640, paddingTop: 12 } }}>
      <Toggle
        label={strings("paneToggle")}
        checked={fields.apm_productivitypaneenabled}
        disabled={readOnly}
        onText={strings("on")}
        offText={strings("off")}
        onChange={toggle("apm_productivitypaneenabled")}
      />
      <FieldError message={errors.apm_productivitypaneenabled} />
      <ChoiceGroup
        label={strings("paneMode")}
        disabled={toolsDisabled}
        selectedKey={String(fields.apm_productivitypanemode)}
        options={[
          { key: String(ProductivityPaneModeChoice.Collapsed.value), text: strings("paneCollapsed") },
          { key: String(ProductivityPaneModeChoice.Expanded.value), text: strings("paneExpanded") },
        ]}
        onChange={(_, option) =>
          option && dispatch({ type: "setField", column: "apm_productivitypanemode", value: Number(option.key) })
        }
      />
      <FieldError message={errors.apm_productivitypanemode} />
      <Text as="h3" variant="mediumPlus">
        {strings("paneTools")}
      </Text>
      <Toggle
        label={strings("paneSmartAssist")}
        checked={fields.apm_smartassistenabled}
        disabled={toolsDisabled}
        onText={strings("on")}
        offText={strings("off")}
        onChange={toggle("apm_smartassistenabled")}
      />
      <Toggle
        label={strings("paneCallScript")}
        checked={fields.apm_callscriptenabled}
        disabled={toolsDisabled}
        onText={strings("on")}
        offText={strings("off")}
        onChange={toggle("apm_callscriptenabled")}
      />
      {paneOff && <Text variant="small">{strings("paneToolsKept")}</Text>}
    </Stack>
  );
}
