/** solution.xml: identity, version, managed flag, publisher and root components, shaped like real exports. */
import { ChatLicenseVariable, ModelDrivenApp } from "../../schema";
import { el, leaf, serialize, type XmlElement } from "./xml";
import { label } from "./labels";
import { braced } from "./ids";
import { ComponentType } from "./app";
import { choiceColumns } from "./optionsets";
import { XSI_NAMESPACE, type SolutionContent } from "./customizations";
import {
  LANGUAGE_CODE,
  PUBLISHER,
  SOLUTION_DESCRIPTION,
  SOLUTION_DISPLAY_NAME,
  SOLUTION_UNIQUE_NAME,
} from "./metadata";

const nil = (name: string): XmlElement => el(name, { "xsi:nil": "true" });

const ADDRESS_FIELDS = [
  "City",
  "County",
  "Country",
  "Fax",
  "FreightTermsCode",
  "ImportSequenceNumber",
  "Latitude",
  "Line1",
  "Line2",
  "Line3",
  "Longitude",
  "Name",
  "PostalCode",
  "PostOfficeBox",
  "PrimaryContactName",
] as const;
const ADDRESS_FIELDS_AFTER_SHIPPING = [
  "StateOrProvince",
  "Telephone1",
  "Telephone2",
  "Telephone3",
  "TimeZoneRuleVersionNumber",
  "UPSZone",
  "UTCOffset",
  "UTCConversionTimeZoneCode",
] as const;

function address(number: number): XmlElement {
  return el(
    "Address",
    {},
    leaf("AddressNumber", number),
    leaf("AddressTypeCode", 1),
    ADDRESS_FIELDS.map(nil),
    leaf("ShippingMethodCode", 1),
    ADDRESS_FIELDS_AFTER_SHIPPING.map(nil),
  );
}

function publisher(): XmlElement {
  return el(
    "Publisher",
    {},
    leaf("UniqueName", PUBLISHER.uniqueName),
    el("LocalizedNames", {}, label("LocalizedName", PUBLISHER.displayName)),
    el("Descriptions", {}, label("Description", PUBLISHER.description)),
    nil("EMailAddress"),
    nil("SupportingWebsiteUrl"),
    leaf("CustomizationPrefix", PUBLISHER.prefix),
    leaf("CustomizationOptionValuePrefix", PUBLISHER.optionValuePrefix),
    el("Addresses", {}, address(1), address(2)),
  );
}

export function rootComponents(content: SolutionContent): XmlElement {
  const byName = (type: number, schemaName: string) => el("RootComponent", { type, schemaName, behavior: 0 });
  return el(
    "RootComponents",
    {},
    content.tables.map((t) => byName(ComponentType.Entity, t.logicalName)),
    choiceColumns(content.tables).map((c) => byName(ComponentType.OptionSet, c.optionSetName)),
    content.roles.map((r) => el("RootComponent", { type: ComponentType.Role, id: braced(r.id), behavior: 0 })),
    byName(ComponentType.SiteMap, ModelDrivenApp.uniqueName),
    content.controls.map((c) => byName(ComponentType.CustomControl, c.solutionName)),
    byName(ComponentType.AppModule, ModelDrivenApp.uniqueName),
    byName(ComponentType.EnvironmentVariableDefinition, ChatLicenseVariable.schemaName),
    content.webResources.map((w) => byName(ComponentType.WebResource, w.name)),
  );
}

export function solutionDocument(content: SolutionContent, version: string, managed: boolean): XmlElement {
  return el(
    "ImportExportXml",
    {
      version: "9.1.0.643",
      SolutionPackageVersion: "9.1",
      languagecode: LANGUAGE_CODE,
      generatedBy: "CrmLive",
      "xmlns:xsi": XSI_NAMESPACE,
    },
    el(
      "SolutionManifest",
      {},
      leaf("UniqueName", SOLUTION_UNIQUE_NAME),
      el("LocalizedNames", {}, label("LocalizedName", SOLUTION_DISPLAY_NAME)),
      el("Descriptions", {}, label("Description", SOLUTION_DESCRIPTION)),
      leaf("Version", version),
      leaf("Managed", managed ? 1 : 0),
      publisher(),
      rootComponents(content),
      el("MissingDependencies"),
    ),
  );
}

export const solutionXml = (content: SolutionContent, version: string, managed: boolean): string =>
  serialize(solutionDocument(content, version, managed));
