/**
 * The editor's requests over the Web API (webApiCore.ts for what it shares with the designer): the profile by its
 * alternate key, the pickers' searches, the role check, the save's one $batch and activation.
 */
import {
  AppProfile,
  ChannelProvider,
  SessionTemplate,
  SessionTemplateTypeChoice,
  SystemUser,
  privilegeName,
} from "../../../schema/model";
import { STATE_COLUMN, STATUS_COLUMN, StateCode, StatusCode } from "../../../schema/state";
import type { ProfileRecord, ProfileSave, SaveResult } from "./model";
import { providerColumns, templateColumns, toProvider, toTemplate, type WebApiRow } from "./mapping";
import { RepositoryError, type EditorRepository } from "./ProfileRepository";
import { allOf, containsAny } from "../odata";
import { profilePageHeaders } from "./profilePage";
import type { BatchRequest } from "./batch";
import { sendBatch, sendJson } from "./webApiFetch";
import { alternateKey, GUID, queryOptions, SEARCH_PAGE_SIZE, WebApiRepositoryCore } from "./webApiCore";

export class EditorWebApiRepository extends WebApiRepositoryCore implements EditorRepository {
  /** By alternate key: context.webAPI takes a GUID only, so our fetch. */
  async getProfileByUniqueName(uniqueName: string): Promise<ProfileRecord | undefined> {
    const key = alternateKey(AppProfile.alternateKeys[0].columns[0], uniqueName);
    return this.readProfile(() =>
      sendJson(this.send, "GET", `${AppProfile.entitySetName}(${key})${this.profileOptions()}`).then((a) => a.body),
    );
  }

  async searchSessionTemplates(text: string) {
    const rows = await this.retrieveRows(
      SessionTemplate.logicalName,
      queryOptions({
        select: templateColumns,
        filter: allOf(
          `apm_type eq ${SessionTemplateTypeChoice.Entity.value}`,
          containsAny(["apm_name", "apm_entitylogicalname"], text),
        ),
        orderBy: ["apm_name asc"],
        top: SEARCH_PAGE_SIZE,
      }),
    );
    return rows.map(toTemplate);
  }

  async searchChannelProviders(text: string) {
    const rows = await this.retrieveRows(
      ChannelProvider.logicalName,
      queryOptions({
        select: providerColumns,
        // Active providers only, as a lookup's view offers active rows: an inactive one is never given to agents.
        filter: allOf("statecode eq 0", containsAny(["apm_name", "apm_label"], text)),
        orderBy: ["apm_sortorder asc", "apm_name asc"],
        top: SEARCH_PAGE_SIZE,
      }),
    );
    return rows.map(toProvider);
  }

  /**
   * RetrieveUserPrivileges bound to the user: their roles' privileges and those inherited from their teams (Learn:
   * dotnet/api/microsoft.crm.sdk.messages.retrieveuserprivilegesrequest), so any role that reads profiles counts.
   */
  async canReadProfiles(userId: string): Promise<boolean> {
    if (!GUID.test(userId)) throw new RepositoryError("refused", `'${userId}' is not a user id (a GUID).`);
    const body = await this.getJson(
      `${SystemUser.entitySetName}(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`,
      profilePageHeaders,
    );
    const wanted = privilegeName(AppProfile.logicalName, "read").toLowerCase();
    const privileges = Array.isArray(body.RolePrivileges) ? (body.RolePrivileges as { PrivilegeName?: unknown }[]) : [];
    return privileges.some((p) => typeof p.PrivilegeName === "string" && p.PrivilegeName.toLowerCase() === wanted);
  }

  /**
   * One $batch with one change set (Learn: webapi/execute-batch-operations-using-web-api): PATCH (If-Match) first so
   * a stale ETag stops everything, then the disassociations, then the associations. The PATCH is sent even with no
   * column change, so every save is checked against the ETag and returns the new one; except for a built-in profile
   * (`relationshipsOnly`), whose row the server lets no one but the system update: there only the $ref changes go,
   * and the ETag stays as it was.
   */
  async saveProfile(save: ProfileSave): Promise<SaveResult> {
    const requests: BatchRequest[] = save.relationshipsOnly
      ? []
      : [
          {
            method: "PATCH",
            url: `${this.recordUrl(AppProfile.entitySetName, save.profileId)}?$select=${AppProfile.primaryIdAttribute}`,
            headers: { "If-Match": save.etag, Prefer: "return=representation" },
            body: { ...save.changedFields },
          },
        ];
    for (const change of save.disassociate) {
      requests.push(this.disassociateRequest(change.relationship, change.profileId, change.relatedId));
    }
    for (const change of save.associate) {
      requests.push(this.associateRequest(change.relationship, change.profileId, change.relatedId));
    }
    const parts = await this.call(() => sendBatch(this.send, [{ changeSet: requests }]));
    if (save.relationshipsOnly) return { etag: save.etag };
    const updated = parts[0]?.body as WebApiRow | undefined;
    const etag = typeof updated?.["@odata.etag"] === "string" ? updated["@odata.etag"] : undefined;
    return { etag };
  }

  /**
   * Learn: webapi/update-delete-entities-using-web-api: statecode always sent with its statuscode. Our fetch:
   * context.webAPI.updateRecord sends no If-Match.
   */
  async setProfileActive(profileId: string, etag: string, active: boolean): Promise<SaveResult> {
    const [state, status] = active ? [StateCode.Active, StatusCode.Active] : [StateCode.Inactive, StatusCode.Inactive];
    const updated = await this.call(() =>
      sendJson(
        this.send,
        "PATCH",
        `${AppProfile.entitySetName}(${profileId})?$select=${AppProfile.primaryIdAttribute}`,
        {
          headers: { "If-Match": etag, Prefer: "return=representation" },
          body: { [STATE_COLUMN]: state.value, [STATUS_COLUMN]: status.value },
        },
      ),
    );
    const newEtag = updated.body["@odata.etag"];
    return { etag: typeof newEtag === "string" ? newEtag : undefined };
  }
}
