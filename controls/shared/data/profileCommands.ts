/**
 * Delete and Clone of one profile (issue 12, items 1 and 2): the request bodies, built without I/O so they can be
 * tested on their own. The repositories send them.
 */
import {
  AppProfileChannelProvider,
  AppProfileSessionTemplate,
  AppProfileSystemUser,
  type ManyToManyRelationship,
} from "../../../schema/model";
import { editableProfileColumns, type ProfileRecord } from "./model";
import { profileNavigation, relatedTableOf } from "./mapping";

/** What a clone changes: its names; `moveUsers` also moves the source's users to it (rule 9: one profile per user). */
export interface ProfileClone {
  readonly source: ProfileRecord;
  readonly name: string;
  readonly uniqueName: string;
  readonly moveUsers: boolean;
}

/** `nav@odata.bind` with every related row, as Dataverse associates rows on create. */
function bindsOf(relationship: ManyToManyRelationship, ids: readonly string[]): Record<string, string[]> {
  if (ids.length === 0) return {};
  const set = relatedTableOf(relationship.schemaName).entitySetName;
  return { [`${profileNavigation(relationship)}@odata.bind`]: ids.map((id) => `/${set}(${id})`) };
}

/**
 * The POST body of the clone: every editable column of the source with the new names, and its templates and
 * providers (and users, when moved) bound in the same request (Learn: data-platform/webapi/create-entity-web-api
 * "Associate table rows on create"). apm_isdefault is system only and not sent: a clone is always custom.
 */
export function cloneBody(clone: ProfileClone): Record<string, unknown> {
  const { source } = clone;
  const columns = Object.fromEntries(editableProfileColumns.map((column) => [column, source.fields[column]]));
  return {
    ...columns,
    apm_name: clone.name,
    apm_uniquename: clone.uniqueName,
    ...bindsOf(
      AppProfileSessionTemplate,
      source.sessionTemplates.map((t) => t.id),
    ),
    ...bindsOf(
      AppProfileChannelProvider,
      source.channelProviders.map((p) => p.id),
    ),
    ...(clone.moveUsers
      ? bindsOf(
          AppProfileSystemUser,
          source.users.map((u) => u.id),
        )
      : {}),
  };
}
