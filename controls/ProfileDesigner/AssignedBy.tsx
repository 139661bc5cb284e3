/**
 * Issue 14, Search by user: for a Direct assignment, who added the user to the profile and when, from the profile's
 * audit history. Says nothing while it loads, when no addition is recorded, or when the admin may not read audits:
 * the row's reason stands on its own.
 */
import * as React from "react";
import { Text } from "@fluentui/react";
import type { Assignment, AssignmentSource } from "../shared/history/historySource";
import type { DesignerStringKey } from "../shared/manifest";
import type { Translate } from "../shared/strings";

export interface AssignmentHistory {
  readonly source: AssignmentSource;
  readonly formatDateTime: (iso: string) => string;
}

export function AssignedBy(props: {
  profileId: string;
  userId: string;
  history: AssignmentHistory;
  strings: Translate<DesignerStringKey>;
}): React.ReactElement | null {
  const { profileId, userId, history } = props;
  const [assignment, setAssignment] = React.useState<Assignment>();
  React.useEffect(() => {
    let current = true;
    setAssignment(undefined);
    history.source.whoAssigned(profileId, userId).then(
      (found) => current && setAssignment(found),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [history, profileId, userId]);
  if (!assignment) return null;
  return (
    <Text variant="small" block>
      {props.strings("assignedBy", assignment.userName, history.formatDateTime(assignment.at))}
    </Text>
  );
}
