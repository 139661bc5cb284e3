import * as React from "react";
import { Stack, TextField } from "@fluentui/react";
import { isChatLicenseAvailable, validateUniqueName } from "../../../handlers/rules";
import { AppChoiceField } from "../../shared/components/AppChoiceField";
import type { TabProps } from "./tabProps";

export function GeneralTab({ state, dispatch, strings, readOnly }: TabProps): React.ReactElement {
  const { fields } = state.draft;
  const { errors } = state;
  // The unique name is checked as the admin types, once it differs from the saved one.
  const uniqueNameChanged = fields.apm_uniquename !== state.original.fields.apm_uniquename;
  const uniqueNameError =
    errors.apm_uniquename ?? (uniqueNameChanged ? validateUniqueName(fields.apm_uniquename)?.message : undefined);
  return (
    <Stack tokens={{ childrenGap: 12 }} styles={{ root: { maxWidth: 640, paddingTop: 12 } }}>
      <TextField
        label={strings("fieldName")}
        required
        value={fields.apm_name}
        disabled={readOnly}
        errorMessage={errors.apm_name}
        onChange={(_, v) => dispatch({ type: "setField", column: "apm_name", value: v ?? "" })}
      />
      <TextField
        label={strings("fieldUniqueName")}
        required
        value={fields.apm_uniquename}
        disabled={readOnly}
        errorMessage={uniqueNameError}
        description={uniqueNameError ? undefined : strings("fieldUniqueNameHelp")}
        spellCheck={false}
        autoComplete="off"
        onChange={(_, v) => dispatch({ type: "setField", column: "apm_uniquename", value: v ?? "" })}
      />
      <TextField
        label={strings("fieldDescription")}
        multiline
        rows={4}
        value={fields.apm_description}
        disabled={readOnly}
        errorMessage={errors.apm_description}
        onChange={(_, v) => dispatch({ type: "setField", column: "apm_description", value: v ?? "" })}
      />
      <AppChoiceField
        value={fields.apm_app}
        disabled={readOnly}
        chatLicenseAvailable={isChatLicenseAvailable(state.chatLicenseValue)}
        errorMessage={errors.apm_app}
        strings={strings}
        onChange={(value) => dispatch({ type: "setField", column: "apm_app", value })}
      />
    </Stack>
  );
}
