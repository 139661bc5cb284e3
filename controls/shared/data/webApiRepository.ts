/**
 * Every request of both controls on one object, for code that is not a control bundle (the integration tests, the
 * command-line tools): the editor's repository with the designer's list, Search by user, create and bulk delete.
 * Each control's index.ts builds only its own (designerWebApi.ts, editorWebApi.ts).
 */
import type { ProfileRepository } from "./ProfileRepository";
import { DesignerWebApiRepository, type DesignerWebApiOptions } from "./designerWebApi";
import { EditorWebApiRepository } from "./editorWebApi";

export { alternateKey, conditionFilter, queryOptions, type WebApiRepositoryOptions } from "./webApiCore";

export class WebApiProfileRepository extends EditorWebApiRepository implements ProfileRepository {
  private readonly designer: DesignerWebApiRepository;

  constructor(options: DesignerWebApiOptions) {
    super(options);
    this.designer = new DesignerWebApiRepository(options);
  }

  listProfilePage: ProfileRepository["listProfilePage"] = (query) => this.designer.listProfilePage(query);
  effectiveProfiles: ProfileRepository["effectiveProfiles"] = (userId) => this.designer.effectiveProfiles(userId);
  createProfile: ProfileRepository["createProfile"] = (profile) => this.designer.createProfile(profile);
  deleteProfiles: ProfileRepository["deleteProfiles"] = (targets) => this.designer.deleteProfiles(targets);
}
