/** The N:N relationships, each with its intersect entity and the navigation property on both sides. */
import type { ManyToManyRelationship } from "../../schema";
import { el, leaf, type XmlElement } from "./xml";
import { descriptions } from "./labels";
import { INTRODUCED_VERSION } from "./attributes";

/** Platform tables keep their schema names (`SystemUser`) in relationship definitions. */
const PLATFORM_SCHEMA_NAMES: Readonly<Record<string, string>> = { systemuser: "SystemUser" };
export const entitySchemaName = (logicalName: string): string => PLATFORM_SCHEMA_NAMES[logicalName] ?? logicalName;

function role(navigationProperty: string): XmlElement {
  return el(
    "EntityRelationshipRole",
    {},
    leaf("NavPaneDisplayOption", "UseCollectionName"),
    leaf("NavPaneArea", "Details"),
    leaf("NavPaneOrder", 10000),
    leaf("NavigationPropertyName", navigationProperty),
    leaf("RelationshipRoleType", 0),
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
    leaf("CascadeAssign", "NoCascade"),
    leaf("CascadeDelete", "NoCascade"),
    leaf("CascadeReparent", "NoCascade"),
    leaf("CascadeShare", "NoCascade"),
    leaf("CascadeUnshare", "NoCascade"),
    leaf("IsValidForAdvancedFind", 1),
    el("RelationshipDescription", {}, descriptions("")),
    el(
      "EntityRelationshipRoles",
      {},
      role(relationship.entity1NavigationProperty),
      role(relationship.entity2NavigationProperty),
    ),
  );
}
