/**
 * `Prefer: odata.include-annotations="…"`: which instance annotations a response carries. Dataverse returns only the
 * annotations asked for: `*`, a namespace wildcard (`Microsoft.Dynamics.CRM.*`) or exact names, comma-separated.
 * Learn: webapi/query/select-columns ("Formatted values"), webapi/compose-http-requests-handle-errors (Prefer headers).
 */
export const FORMATTED_VALUE_TERM = "OData.Community.Display.V1.FormattedValue";
export const LOOKUP_LOGICAL_NAME_TERM = "Microsoft.Dynamics.CRM.lookuplogicalname";
export const ASSOCIATED_NAVIGATION_PROPERTY_TERM = "Microsoft.Dynamics.CRM.associatednavigationproperty";
export const TOTAL_RECORD_COUNT_TERM = "Microsoft.Dynamics.CRM.totalrecordcount";
export const TOTAL_RECORD_COUNT_LIMIT_EXCEEDED_TERM = "Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded";
export const FETCHXML_PAGING_COOKIE_TERM = "Microsoft.Dynamics.CRM.fetchxmlpagingcookie";
export const MORE_RECORDS_TERM = "Microsoft.Dynamics.CRM.morerecords";

/** What a response includes; `none` when nothing was asked. */
export interface Annotations {
  readonly formattedValue: boolean;
  readonly lookupLogicalName: boolean;
  readonly associatedNavigationProperty: boolean;
  readonly totalRecordCount: boolean;
  readonly totalRecordCountLimitExceeded: boolean;
  readonly fetchXmlPagingCookie: boolean;
  readonly moreRecords: boolean;
}

export const noAnnotations: Annotations = {
  formattedValue: false,
  lookupLogicalName: false,
  associatedNavigationProperty: false,
  totalRecordCount: false,
  totalRecordCountLimitExceeded: false,
  fetchXmlPagingCookie: false,
  moreRecords: false,
};

export const allAnnotations: Annotations = {
  formattedValue: true,
  lookupLogicalName: true,
  associatedNavigationProperty: true,
  totalRecordCount: true,
  totalRecordCountLimitExceeded: true,
  fetchXmlPagingCookie: true,
  moreRecords: true,
};

/** Whether any row-level annotation is on (those need the lookup names in SQL, and make a response uncacheable). */
export const annotatesRows = (a: Annotations): boolean =>
  a.formattedValue || a.lookupLogicalName || a.associatedNavigationProperty;

/** The preference value without its quotes, e.g. `*` or `OData.Community.Display.V1.FormattedValue,Microsoft.Dynamics.CRM.*`. */
export function parseIncludeAnnotations(value: string | undefined): Annotations {
  if (value === undefined) return noAnnotations;
  const patterns = value
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  // A leading `-` excludes (OData 4.0 protocol 8.2.8.4); exclusions win over inclusions.
  const excluded = patterns.filter((p) => p.startsWith("-")).map((p) => p.slice(1));
  const included = patterns.filter((p) => !p.startsWith("-"));
  const matches = (list: string[], term: string) =>
    list.some((p) => p === "*" || p === term || (p.endsWith(".*") && term.startsWith(p.slice(0, -1))));
  const wants = (term: string) => matches(included, term) && !matches(excluded, term);
  return {
    formattedValue: wants(FORMATTED_VALUE_TERM),
    lookupLogicalName: wants(LOOKUP_LOGICAL_NAME_TERM),
    associatedNavigationProperty: wants(ASSOCIATED_NAVIGATION_PROPERTY_TERM),
    totalRecordCount: wants(TOTAL_RECORD_COUNT_TERM),
    totalRecordCountLimitExceeded: wants(TOTAL_RECORD_COUNT_LIMIT_EXCEEDED_TERM),
    fetchXmlPagingCookie: wants(FETCHXML_PAGING_COOKIE_TERM),
    moreRecords: wants(MORE_RECORDS_TERM),
  };
}
