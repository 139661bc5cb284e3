/**
 * `<EntityRelationships>`: the N:N relationships in the N:N shape and the system 1:N relationships Dataverse creates
 * for every organization-owned table, each as real exports write them (real-exports/nn-relationship-*.xml and
 * org-owned-table-entity.xml), sorted by name as exports sort them.
 */
import type { ManyToManyRelationship } from "../../schema";
import type { TableShape } from "./table";
import { el, leaf, type XmlElement } from "./xml";
import { descriptions } from "./labels";
import { INTRODUCED_VERSION, PLATFORM_INTRODUCED_VERSION } from "./attributes";

/** Platform tables keep their schema names (`SystemUser`) in relationship definitions. */
const PLATFORM_SCHEMA_NAMES: Readonly<Record<string, string>> = {
  systemuser: "SystemUser",
  role: "Role",
  team: "Team",
};
export const entitySchemaName = (logicalName: string): string => PLATFORM_SCHEMA_NAMES[logicalName] ?? logicalName;

/**
 * One side of an N:N: navigation pane settings and the side's ordinal. `RelationshipRoleType` and the cascade
 * elements belong to 1:N relationships only; an exported N:N has neither, nor a description.
 */
function manyToManyRole(navigationProperty: string, ordinal: 1 | 2): XmlElement {
  return el(
    "EntityRelationshipRole",
    {},
    leaf("NavPaneDisplayOption", "UseCollectionName"),
    leaf("NavPaneArea", "Details"),
    leaf("NavPaneOrder", 10000),
    leaf("NavigationPropertyName", navigationProperty),
    leaf("AssociationRoleOrdinal", ordinal),
  );
}

export function manyToMany(relationship: ManyToManyRelationship): XmlElement {
  return el(
    "EntityRelationship",
    { Name: relationship.schemaName },
    leaf("EntityRelationshipType", "ManyToMany"),
    leaf("IsCustomizable", 1),
    leaf("IntroducedVersion", INTRODUCED_VERSION),
    leaf("IsHierarchical", 0),
    leaf("FirstEntityName", entitySchemaName(relationship.entity1)),
    leaf("SecondEntityName", entitySchemaName(relationship.entity2)),
    leaf("IntersectEntityName", relationship.intersectEntityName),
    leaf("IsValidForAdvancedFind", 1),
    el(
      "EntityRelationshipRoles",
      {},
      manyToManyRole(relationship.entity1NavigationProperty, 1),
      manyToManyRole(relationship.entity2NavigationProperty, 2),
    ),
  );
}

interface SystemRelationship {
  readonly name: (table: string) => string;
  readonly referenced: string;
  readonly attribute: string;
  readonly description: string;
}

/**
 * The system 1:N relationships an organization-owned table exports: created by, modified by and organization. The
 * `…onbehalfby` lookups are exported as attributes but not as relationships (real-exports/README.md).
 */
const SYSTEM_RELATIONSHIPS: readonly SystemRelationship[] = [
  {
    name: (t) => `lk_${t}_createdby`,
    referenced: "SystemUser",
    attribute: "CreatedBy",
    description: "Unique identifier of the user who created the record.",
  },
  {
    name: (t) => `lk_${t}_modifiedby`,
    referenced: "SystemUser",
    attribute: "ModifiedBy",
    description: "Unique identifier of the user who modified the record.",
  },
  {
    name: (t) => `organization_${t}`,
    referenced: "Organization",
    attribute: "OrganizationId",
    description: "Unique identifier for the organization",
  },
];

function oneToMany(table: TableShape, system: SystemRelationship): XmlElement {
  return el(
    "EntityRelationship",
    { Name: system.name(table.logicalName) },
    leaf("EntityRelationshipType", "OneToMany"),
    leaf("IsCustomizable", 1),
    leaf("IntroducedVersion", PLATFORM_INTRODUCED_VERSION),
    leaf("IsHierarchical", 0),
    leaf("ReferencingEntityName", table.logicalName),
    leaf("ReferencedEntityName", system.referenced),
    leaf("CascadeAssign", "NoCascade"),
    leaf("CascadeDelete", "NoCascade"),
    leaf("CascadeArchive", "NoCascade"),
    leaf("CascadeReparent", "NoCascade"),
    leaf("CascadeShare", "NoCascade"),
    leaf("CascadeUnshare", "NoCascade"),
    leaf("ReferencingAttributeName", system.attribute),
    el("RelationshipDescription", {}, descriptions(system.description)),
  );
}

export function systemRelationships(table: TableShape): XmlElement[] {
  if (table.ownership !== "OrganizationOwned") {
    throw new Error(`${table.logicalName}: only organization-owned tables are supported by the solution packer`);
  }
  return SYSTEM_RELATIONSHIPS.map((system) => oneToMany(table, system));
}

export function entityRelationships(
  tables: readonly TableShape[],
  relationships: readonly ManyToManyRelationship[],
): XmlElement {
  const all = [...relationships.map(manyToMany), ...tables.flatMap(systemRelationships)];
  const key = (r: XmlElement) => String(r.attrs.Name).toLowerCase();
  return el(
    "EntityRelationships",
    {},
    all.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)),
  );
}
