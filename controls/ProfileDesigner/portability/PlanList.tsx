/** The import plan, one item per profile: its status, its changed fields old → new, and every error by name. */
import * as React from "react";
import { Stack, Text, useTheme } from "@fluentui/react";
import type { DesignerStringKey } from "../../shared/manifest";
import type { Translate } from "../../shared/strings";
import type { FieldChange, ImportPlan, PlanStatus } from "../../shared/portability/importPlan";

const STATUS_LABELS: Readonly<Record<PlanStatus, DesignerStringKey>> = {
  create: "profilesImportStatusCreate",
  update: "profilesImportStatusUpdate",
  unchanged: "profilesImportStatusUnchanged",
  conflict: "profilesImportStatusConflict",
};

function changeText(change: FieldChange, strings: Translate<DesignerStringKey>): string {
  if ("added" in change)
    return strings(
      "profilesImportLinks",
      change.field,
      [...change.added.map((n) => `+${n}`), ...change.removed.map((n) => `-${n}`)].join(", "),
    );
  const show = (v: unknown) =>
    v === null || v === undefined || v === "" ? strings("profilesImportEmpty") : JSON.stringify(v);
  return strings("profilesImportChange", change.field, show(change.from), show(change.to));
}

export function PlanList(props: { plan: ImportPlan; strings: Translate<DesignerStringKey> }): React.ReactElement {
  const { plan, strings } = props;
  const theme = useTheme();
  return (
    <ul aria-label={strings("profilesImportPlanLabel")} style={{ margin: 0, paddingLeft: 20 }}>
      {plan.profiles.map((planned) => {
        const name = planned.builtIn ? strings("profilesImportBuiltIn", planned.uniqueName) : planned.uniqueName;
        const renamed = planned.targetUniqueName !== planned.uniqueName;
        return (
          <li key={planned.uniqueName} aria-label={`${strings(STATUS_LABELS[planned.status])}: ${name}`}>
            <Stack tokens={{ childrenGap: 2 }}>
              <Text>
                <strong>{strings(STATUS_LABELS[planned.status])}</strong> {name}
                {renamed && ` (${strings("profilesImportRenamedTo", planned.targetUniqueName)})`}
              </Text>
              {planned.conflict && <Text variant="small">{planned.conflict.reason}</Text>}
              {planned.changes.length > 0 && (
                <ul aria-label={strings("profilesImportChangesLabel", planned.uniqueName)}>
                  {planned.changes.map((change) => (
                    <li key={change.field}>
                      <Text variant="small">{changeText(change, strings)}</Text>
                    </li>
                  ))}
                </ul>
              )}
              {planned.errors.length > 0 && (
                <ul aria-label={strings("profilesImportErrorsLabel", planned.uniqueName)}>
                  {planned.errors.map((message, i) => (
                    <li key={i} style={{ color: theme.semanticColors.errorText }}>
                      <Text variant="small" styles={{ root: { color: "inherit" } }}>
                        {strings("profilesImportError", message)}
                      </Text>
                    </li>
                  ))}
                </ul>
              )}
            </Stack>
          </li>
        );
      })}
    </ul>
  );
}
