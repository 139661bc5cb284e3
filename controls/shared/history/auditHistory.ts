/**
 * The words of a profile's history (issue 14), shared by the History tab, Search by user and the readers in
 * auditTrail.ts: what kind of change an audit is, which of a profile's links it touched, and a column's old → new.
 */

export type HistoryKind = "create" | "update" | "delete" | "associate" | "disassociate";
export type LinkKind = "sessionTemplates" | "channelProviders" | "users" | "roles" | "teams";

export interface ColumnChange {
  readonly column: string;
  readonly from: unknown;
  readonly to: unknown;
}
