/**
 * The service document (`GET /api/data/v9.2/`) and the CSDL `$metadata` document, both generated from the one
 * schema: entity types with their keys, alternate keys and navigation properties, the entity sets, and the
 * functions and actions this server serves. Learn: webapi/web-api-service-documents.
 */
import type { AnyTable } from "../../schema";
import { serverTables } from "../platform";
import { entityModel, type Property } from "../odata";
import { edmTypes } from "../odata/model";
import { SolutionStore } from "../solution/store";
import type { WebApi } from "./service";
import { API_PATH, json, type ApiRequest, type ApiResponse } from "./types";

const NS = "Microsoft.Dynamics.CRM";

function installedTables(api: WebApi): AnyTable[] {
  const store = SolutionStore.of(api.dbs.writer);
  return serverTables.filter((t) => store.hasTable(t.logicalName));
}

/** The entity sets, as Dataverse lists them in its service document. */
export function serviceDocument(api: WebApi, request: ApiRequest): ApiResponse {
  const base = new URL(API_PATH, request.url);
  return json(200, {
    "@odata.context": `${base}$metadata`,
    value: installedTables(api).map((t) => ({ name: t.entitySetName, kind: "EntitySet", url: t.entitySetName })),
  });
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string,
  );
const attrs = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([k, v]) => ` ${k}="${escape(v)}"`)
    .join("");

/** Functions and actions with their parameters; an action appears only when this server serves it. */
const operations: { name: string; kind: "Function" | "Action"; xml: string }[] = [
  {
    name: "WhoAmI",
    kind: "Function",
    xml: `<Function Name="WhoAmI"><ReturnType Type="mscrm.WhoAmIResponse" Nullable="false"/></Function>`,
  },
  {
    name: "RetrieveUserPrivileges",
    kind: "Function",
    xml:
      `<Function Name="RetrieveUserPrivileges" IsBound="true"><Parameter Name="entity" Type="mscrm.systemuser" Nullable="false"/>` +
      `<ReturnType Type="mscrm.RetrieveUserPrivilegesResponse" Nullable="false"/></Function>`,
  },
  {
    name: "ImportSolution",
    kind: "Action",
    xml:
      `<Action Name="ImportSolution">` +
      `<Parameter Name="OverwriteUnmanagedCustomizations" Type="Edm.Boolean" Nullable="false"/>` +
      `<Parameter Name="PublishWorkflows" Type="Edm.Boolean" Nullable="false"/>` +
      `<Parameter Name="CustomizationFile" Type="Edm.Binary" Nullable="false"/>` +
      `<Parameter Name="ImportJobId" Type="Edm.Guid"/></Action>`,
  },
  { name: "PublishAllXml", kind: "Action", xml: `<Action Name="PublishAllXml"/>` },
];

const complexTypes =
  `<EnumType Name="PrivilegeDepth"><Member Name="Basic" Value="0"/><Member Name="Local" Value="1"/>` +
  `<Member Name="Deep" Value="2"/><Member Name="Global" Value="3"/></EnumType>` +
  `<ComplexType Name="WhoAmIResponse"><Property Name="BusinessUnitId" Type="Edm.Guid" Nullable="false"/>` +
  `<Property Name="UserId" Type="Edm.Guid" Nullable="false"/><Property Name="OrganizationId" Type="Edm.Guid" Nullable="false"/></ComplexType>` +
  `<ComplexType Name="RolePrivilege"><Property Name="Depth" Type="mscrm.PrivilegeDepth" Nullable="false"/>` +
  `<Property Name="PrivilegeId" Type="Edm.Guid" Nullable="false"/><Property Name="BusinessUnitId" Type="Edm.Guid" Nullable="false"/>` +
  `<Property Name="PrivilegeName" Type="Edm.String" Unicode="false"/></ComplexType>` +
  `<ComplexType Name="RetrieveUserPrivilegesResponse"><Property Name="RolePrivileges" Type="Collection(mscrm.RolePrivilege)"/></ComplexType>`;

/** The names in WebApiOptions.functions (a Record or a Map), without depending on which. */
function servedActions(api: WebApi): Set<string> {
  const functions = api.options.functions as unknown;
  if (functions instanceof Map) return new Set([...functions.keys()].map(String));
  return new Set(Object.keys((functions as Record<string, unknown> | undefined) ?? {}));
}

function propertyXml(property: Property): string {
  return `<Property${attrs({ Name: property.name, Type: edmTypes[property.type] })}${property.type === "guid" ? ' Nullable="false"' : ""}/>`;
}

function alternateKeysXml(table: AnyTable): string {
  if (table.alternateKeys.length === 0) return "";
  const records = table.alternateKeys.map(
    (key) =>
      `<Record Type="OData.Community.Keys.V1.AlternateKey"><PropertyValue Property="Key"><Collection>` +
      key.columns
        .map(
          (c) =>
            `<Record Type="OData.Community.Keys.V1.PropertyRef"><PropertyValue Property="Alias"${attrs({ String: c })}/>` +
            `<PropertyValue Property="Name"${attrs({ PropertyPath: c })}/></Record>`,
        )
        .join("") +
      `</Collection></PropertyValue></Record>`,
  );
  return `<Annotation Term="OData.Community.Keys.V1.AlternateKeys"><Collection>${records.join("")}</Collection></Annotation>`;
}

function entityTypeXml(table: AnyTable, installed: ReadonlySet<string>): string {
  const model = entityModel(table);
  const parts = [`<EntityType${attrs({ Name: table.logicalName })}>`];
  parts.push(`<Key><PropertyRef${attrs({ Name: model.primaryId.name })}/></Key>`);
  for (const property of model.allProperties) parts.push(propertyXml(property));
  for (const nav of model.singleNavigations.values()) {
    if (!installed.has(nav.target.logicalName)) continue;
    const valueProperty = model.allProperties.find((p) => p.type === "lookup" && p.navigationProperty === nav.name);
    parts.push(
      `<NavigationProperty${attrs({ Name: nav.name, Type: `mscrm.${nav.target.logicalName}` })}>` +
        `<ReferentialConstraint${attrs({ Property: valueProperty?.name ?? nav.column, ReferencedProperty: nav.target.primaryIdAttribute })}/>` +
        `</NavigationProperty>`,
    );
  }
  for (const nav of model.collectionNavigations.values()) {
    if (!installed.has(nav.target.logicalName)) continue;
    parts.push(
      `<NavigationProperty${attrs({ Name: nav.name, Type: `Collection(mscrm.${nav.target.logicalName})` })}/>`,
    );
  }
  parts.push(alternateKeysXml(table), `</EntityType>`);
  return parts.join("");
}

function entitySetXml(table: AnyTable, installed: ReadonlySet<string>): string {
  const model = entityModel(table);
  const bindings = [...model.singleNavigations.values(), ...model.collectionNavigations.values()]
    .filter((n) => installed.has(n.target.logicalName))
    .map((n) => `<NavigationPropertyBinding${attrs({ Path: n.name, Target: n.target.entitySetName })}/>`);
  return `<EntitySet${attrs({ Name: table.entitySetName, EntityType: `mscrm.${table.logicalName}` })}>${bindings.join("")}</EntitySet>`;
}

/** The CSDL document, as `application/xml`. */
export function metadataDocument(api: WebApi): ApiResponse {
  const installedList = installedTables(api);
  const installed = new Set(installedList.map((t) => t.logicalName));
  const actions = servedActions(api);
  const served = operations.filter((o) => o.kind === "Function" || actions.has(o.name));
  const imports = served
    .filter((o) => !o.xml.includes('IsBound="true"'))
    .map((o) =>
      o.kind === "Function"
        ? `<FunctionImport Name="${o.name}" Function="mscrm.${o.name}"/>`
        : `<ActionImport Name="${o.name}" Action="mscrm.${o.name}"/>`,
    );
  const xml =
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">` +
    `<edmx:Reference Uri="http://vocabularies.odata.org/OData.Community.Keys.V1.xml">` +
    `<edmx:Include Namespace="OData.Community.Keys.V1" Alias="Keys"/></edmx:Reference>` +
    `<edmx:DataServices><Schema Namespace="${NS}" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">` +
    installedList.map((t) => entityTypeXml(t, installed)).join("") +
    complexTypes +
    served.map((o) => o.xml).join("") +
    `<EntityContainer Name="System">` +
    installedList.map((t) => entitySetXml(t, installed)).join("") +
    imports.join("") +
    `</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
  return { status: 200, headers: { "Content-Type": "application/xml", "OData-Version": "4.0" }, body: xml };
}
