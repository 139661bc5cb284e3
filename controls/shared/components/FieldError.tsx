import * as React from "react";
import { Text, useTheme } from "@fluentui/react";

/** A field's message for inputs without an errorMessage prop (choice groups, toggles, lists). */
export function FieldError(props: { message?: string }): React.ReactElement | null {
  const theme = useTheme();
  if (!props.message) return null;
  return (
    <Text role="alert" variant="small" block styles={{ root: { color: theme.semanticColors.errorText, marginTop: 4 } }}>
      {props.message}
    </Text>
  );
}
