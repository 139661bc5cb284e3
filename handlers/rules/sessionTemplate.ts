/**
 * Rule 6: only entity session templates can be added to a profile, an entity template names its entity,
 * and a profile has at most one template per entity.
 */
import { AppProfileSessionTemplate, SessionTemplateTypeChoice } from "../../schema/model";
import { TemplateColumn } from "../columns";
import { quote, type RuleProblem } from "./problem";

/**
 * A session template as the Web API returns it, with its id. Spelled out because the schema's `Attributes<T>` does
 * not accept the concrete tables (its TableDefinition constraint is invariant in the columns).
 */
export interface SessionTemplateRow {
  readonly apm_sessiontemplateid?: string | null;
  readonly apm_name?: string | null;
  readonly apm_uniquename?: string | null;
  readonly apm_type?: number | null;
  readonly apm_entitylogicalname?: string | null;
}

/** How messages name a template: its name, else its unique name, else its id. */
export function templateLabel(template: SessionTemplateRow): string {
  return quote(template.apm_name || template.apm_uniquename || template.apm_sessiontemplateid || "(unnamed)");
}

const sameEntity = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
const sameId = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.toLowerCase() === b.toLowerCase();
const isEntityTemplate = (template: SessionTemplateRow) => template.apm_type === SessionTemplateTypeChoice.Entity.value;
const hasEntity = (template: SessionTemplateRow) => (template.apm_entitylogicalname ?? "").trim() !== "";

/** The template itself: an entity template needs the entity it opens. */
export function validateSessionTemplate(template: SessionTemplateRow): RuleProblem | undefined {
  if (isEntityTemplate(template) && !hasEntity(template)) {
    return {
      attribute: TemplateColumn.entity,
      message: `The entity session template ${templateLabel(template)} needs an entity: enter the logical name of the table it opens, such as "account".`,
    };
  }
  return undefined;
}

/** Can this template be added to a profile at all? */
export function validateTemplateForProfile(template: SessionTemplateRow): RuleProblem | undefined {
  if (!isEntityTemplate(template)) {
    return {
      attribute: TemplateColumn.type,
      message:
        `The session template ${templateLabel(template)} is a ${SessionTemplateTypeChoice.Generic.label.toLowerCase()} ` +
        `template: only ${SessionTemplateTypeChoice.Entity.label.toLowerCase()} templates can be added to a profile. ` +
        `Choose an entity template.`,
    };
  }
  return validateSessionTemplate(template);
}

/** Does adding `candidate` clash with a template the profile already has (the same one, or one for the same entity)? */
export function findTemplateConflict(
  candidate: SessionTemplateRow,
  inProfile: readonly SessionTemplateRow[],
): RuleProblem | undefined {
  const same = inProfile.find((t) => sameId(t.apm_sessiontemplateid, candidate.apm_sessiontemplateid));
  if (same) {
    return {
      attribute: AppProfileSessionTemplate.schemaName,
      message: `The session template ${templateLabel(candidate)} is already in this profile: it can be added only once.`,
    };
  }
  const clash = inProfile.find((t) => sameEntity(t.apm_entitylogicalname, candidate.apm_entitylogicalname));
  if (clash) {
    return {
      attribute: TemplateColumn.entity,
      message:
        `The profile already has the session template ${templateLabel(clash)} for the entity ` +
        `${quote(clash.apm_entitylogicalname ?? "")}, and a profile can have only one template per entity: ` +
        `remove ${templateLabel(clash)} from the profile first, or choose a template for another entity.`,
    };
  }
  return undefined;
}

/** Adding several templates at once: each must fit the profile and the ones added before it in the same request. */
export function validateTemplatesForProfile(
  candidates: readonly SessionTemplateRow[],
  inProfile: readonly SessionTemplateRow[],
): RuleProblem | undefined {
  const accepted = [...inProfile];
  for (const candidate of candidates) {
    const found = validateTemplateForProfile(candidate) ?? findTemplateConflict(candidate, accepted);
    if (found) return found;
    accepted.push(candidate);
  }
  return undefined;
}

/** Changing a template that profiles already hold must keep each of those profiles valid. */
export function validateTemplateChangeInProfile(
  changed: SessionTemplateRow,
  profileName: string,
  othersInProfile: readonly SessionTemplateRow[],
): RuleProblem | undefined {
  if (!isEntityTemplate(changed)) {
    return {
      attribute: TemplateColumn.type,
      message:
        `The session template ${templateLabel(changed)} is in the app profile ${quote(profileName)}, and profiles hold ` +
        `only entity templates: remove it from ${quote(profileName)} before making it generic.`,
    };
  }
  const clash = othersInProfile.find((t) => sameEntity(t.apm_entitylogicalname, changed.apm_entitylogicalname));
  if (clash) {
    return {
      attribute: TemplateColumn.entity,
      message:
        `The app profile ${quote(profileName)} already has the session template ${templateLabel(clash)} for the entity ` +
        `${quote(clash.apm_entitylogicalname ?? "")}, and a profile can have only one template per entity: choose another ` +
        `entity, or remove one of the two templates from ${quote(profileName)} first.`,
    };
  }
  return undefined;
}
