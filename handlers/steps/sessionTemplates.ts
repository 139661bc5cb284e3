/** Rule 6 on session template rows and on the profile ↔ session template relationship. */
import { AppProfile, AppProfileSessionTemplate, SessionTemplate } from "../../schema/model";
import { ProfileColumn, TemplateColumn } from "../columns";
import type { Entity, EntityReference, OrganizationService, PluginHandler } from "../context";
import {
  validateSessionTemplate,
  validateTemplateChangeInProfile,
  validateTemplatesForProfile,
  type SessionTemplateRow,
} from "../rules";
import { mergedTarget, targetEntity } from "./images";
import { refuseIf } from "./refuse";

const templateColumns = Object.values(TemplateColumn);

function templateRow(entity: Entity): SessionTemplateRow {
  return { ...(entity.attributes as SessionTemplateRow), apm_sessiontemplateid: entity.id ?? null };
}

/** The templates a request adds; ones that do not exist are left to the host, which answers 404. */
async function requestedTemplates(service: OrganizationService, related: readonly EntityReference[]) {
  const rows = await Promise.all(
    related.map((r) => service.retrieve(SessionTemplate.logicalName, r.id, templateColumns)),
  );
  return rows.filter((r): r is Entity => r !== undefined).map(templateRow);
}

async function templatesInProfile(service: OrganizationService, profile: EntityReference) {
  const rows = await service.retrieveRelated(
    AppProfileSessionTemplate.schemaName,
    profile,
    SessionTemplate.logicalName,
    templateColumns,
  );
  return rows.map(templateRow);
}

/** Create/Update of a template: an entity template names its entity. */
export const validateSessionTemplateRow: PluginHandler = async (context, service) => {
  const target = targetEntity(context);
  if (!target) return;
  const touches = TemplateColumn.type in target.attributes || TemplateColumn.entity in target.attributes;
  if (context.messageName === "Update" && !touches) return;
  refuseIf(validateSessionTemplate((await mergedTarget(context, service)) as SessionTemplateRow));
};

/** Associate, before the transaction: only entity templates, and one per entity among the request's own templates. */
export const validateTemplatesInRequest: PluginHandler = async (context, service) => {
  if (context.messageName !== "Associate") return;
  refuseIf(validateTemplatesForProfile(await requestedTemplates(service, context.inputParameters.RelatedEntities), []));
};

/** Associate, inside the transaction: one template per entity, counting what the profile already has. */
export const requireOneTemplatePerEntity: PluginHandler = async (context, service) => {
  if (context.messageName !== "Associate") return;
  const { Target, RelatedEntities } = context.inputParameters;
  const [candidates, existing] = await Promise.all([
    requestedTemplates(service, RelatedEntities),
    templatesInProfile(service, Target),
  ]);
  refuseIf(validateTemplatesForProfile(candidates, existing));
};

/** Update of a template that profiles hold: it must stay an entity template and not clash with their others. */
export const keepProfilesValidOnTemplateChange: PluginHandler = async (context, service) => {
  const target = targetEntity(context);
  const id = target?.id;
  if (context.messageName !== "Update" || !target || !id) return;
  if (!(TemplateColumn.type in target.attributes) && !(TemplateColumn.entity in target.attributes)) return;
  const changed = { ...((await mergedTarget(context, service)) as SessionTemplateRow), apm_sessiontemplateid: id };
  const self = { logicalName: SessionTemplate.logicalName, id };
  const profiles = await service.retrieveRelated(AppProfileSessionTemplate.schemaName, self, AppProfile.logicalName, [
    ProfileColumn.id,
    ProfileColumn.name,
  ]);
  for (const profile of profiles) {
    const ref = { logicalName: AppProfile.logicalName, id: profile.id ?? "" };
    const others = (await templatesInProfile(service, ref)).filter(
      (t) => t.apm_sessiontemplateid?.toLowerCase() !== id.toLowerCase(),
    );
    const name = String(profile.attributes[ProfileColumn.name] ?? profile.id);
    refuseIf(validateTemplateChangeInProfile(changed, name, others));
  }
};
