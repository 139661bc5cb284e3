/** `<Entity>`: a table's metadata (EntityInfo), its main form, its views and an empty ribbon diff. */
import type { TableShape } from "./table";
import { el, leaf, type Child, type XmlElement } from "./xml";
import { descriptions, displayNames, label } from "./labels";
import { INTRODUCED_VERSION, tableAttributes } from "./attributes";
import { mainForm, type FormControls } from "./forms";
import { savedQueries, type ViewControls } from "./views";
import { isTableAudited } from "../../schema/audit";

const OWNERSHIP_MASK = {
  OrganizationOwned: "OrgOwned",
  UserOwned: "UserOwned",
  BusinessOwned: "BusinessOwned",
} as const;

/** Table settings in the order exports write them (only those the 9.0 XSD knows). */
const ENTITY_SETTINGS: readonly (readonly [string, string | number])[] = [
  ["IsDuplicateCheckSupported", 0],
  ["IsBusinessProcessEnabled", 0],
  ["IsRequiredOffline", 0],
  ["IsInteractionCentricEnabled", 0],
  ["IsCollaboration", 0],
  ["AutoRouteToOwnerQueue", 0],
  ["IsConnectionsEnabled", 0],
  ["IsDocumentManagementEnabled", 0],
  ["AutoCreateAccessTeams", 0],
  ["IsOneNoteIntegrationEnabled", 0],
  ["IsKnowledgeManagementEnabled", 0],
  ["IsSLAEnabled", 0],
  ["IsDocumentRecommendationsEnabled", 0],
  ["IsBPFEntity", 0],
];
const ENTITY_SETTINGS_AFTER_OWNERSHIP: readonly (readonly [string, string | number])[] = [
  ["IsAuditEnabled", 1],
  ["IsActivity", 0],
  ["ActivityTypeMask", ""],
  ["IsActivityParty", 0],
  ["IsReplicated", 0],
  ["IsReplicationUserFiltered", 0],
  ["IsMailMergeEnabled", 0],
  ["IsVisibleInMobile", 0],
  ["IsVisibleInMobileClient", 0],
  ["IsReadOnlyInMobileClient", 0],
  ["IsOfflineInMobileClient", 0],
  ["DaysSinceRecordLastModified", 0],
  ["MobileOfflineFilters", ""],
  ["IsMapiGridEnabled", 1],
  ["IsReadingPaneEnabled", 1],
  ["IsQuickCreateEnabled", 0],
  ["SyncToExternalSearchIndex", 0],
  ["IntroducedVersion", INTRODUCED_VERSION],
  ["IsCustomizable", 1],
  ["IsRenameable", 1],
  ["IsMappable", 1],
  ["CanModifyAuditSettings", 1],
  ["CanModifyMobileVisibility", 1],
  ["CanModifyMobileClientVisibility", 1],
  ["CanModifyMobileClientReadOnly", 1],
  ["CanModifyMobileClientOffline", 1],
  ["CanModifyConnectionSettings", 1],
  ["CanModifyDuplicateDetectionSettings", 1],
  ["CanModifyMailMergeSettings", 1],
  ["CanModifyQueueSettings", 1],
  ["CanCreateAttributes", 1],
  ["CanCreateForms", 1],
  ["CanCreateCharts", 1],
  ["CanCreateViews", 1],
  ["CanModifyAdditionalSettings", 1],
  ["CanEnableSyncToExternalSearchIndex", 1],
  ["EnforceStateTransitions", 0],
  ["CanChangeHierarchicalRelationship", 1],
  ["EntityHelpUrlEnabled", 0],
  ["ChangeTrackingEnabled", 1],
  ["CanChangeTrackingBeEnabled", 1],
  ["IsEnabledForExternalChannels", 0],
];

const settings = (list: readonly (readonly [string, string | number])[]): Child[] =>
  list.map(([name, value]) => (value === "" ? el(name) : leaf(name, value)));

function entityKeys(table: TableShape): XmlElement | undefined {
  if (table.alternateKeys.length === 0) return undefined;
  return el(
    "EntityKeys",
    {},
    table.alternateKeys.map((key) =>
      el(
        "EntityKey",
        {},
        leaf("Name", key.logicalName),
        leaf("LogicalName", key.logicalName),
        leaf("IntroducedVersion", INTRODUCED_VERSION),
        leaf("IsCustomizable", 1),
        displayNames(key.displayName),
        el(
          "EntityKeyAttributes",
          {},
          key.columns.map((column) => leaf("AttributeName", column)),
        ),
      ),
    ),
  );
}

export function entityInfo(table: TableShape): XmlElement {
  return el(
    "EntityInfo",
    {},
    el(
      "entity",
      { Name: table.logicalName },
      el("LocalizedNames", {}, label("LocalizedName", table.displayName)),
      el("LocalizedCollectionNames", {}, label("LocalizedCollectionName", table.displayCollectionName)),
      descriptions(table.description ?? ""),
      el("attributes", {}, tableAttributes(table)),
      entityKeys(table),
      leaf("EntitySetName", table.entitySetName),
      settings(ENTITY_SETTINGS),
      leaf("OwnershipTypeMask", OWNERSHIP_MASK[table.ownership]),
      // The table's audit setting comes from schema/audit.ts, which the local server records audits by too.
      settings(
        ENTITY_SETTINGS_AFTER_OWNERSHIP.map(
          ([n, v]) => [n, n === "IsAuditEnabled" ? Number(isTableAudited(table.logicalName)) : v] as const,
        ),
      ),
    ),
  );
}

const emptyRibbonDiff = (): XmlElement =>
  el(
    "RibbonDiffXml",
    {},
    el("CustomActions"),
    el("Templates", {}, el("RibbonTemplates", { Id: "Mscrm.Templates" })),
    el("CommandDefinitions"),
    el("RuleDefinitions", {}, el("TabDisplayRules"), el("DisplayRules"), el("EnableRules")),
    el("LocLabels"),
  );

export function entity(table: TableShape, controls: FormControls & ViewControls = {}): XmlElement {
  return el(
    "Entity",
    {},
    el("Name", { LocalizedName: table.displayName, OriginalName: table.displayName }, table.logicalName),
    entityInfo(table),
    el("FormXml", {}, mainForm(table, controls)),
    savedQueries(table, controls),
    emptyRibbonDiff(),
  );
}
