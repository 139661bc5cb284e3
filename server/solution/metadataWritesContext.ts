/**
 * What every metadata write shares: only a System Administrator or System Customizer may make one (Dataverse's
 * prvCreateEntity and friends), and the `MSCRM.SolutionUniqueName` header names the unmanaged solution that receives
 * the component, whose publisher's customization prefix every new name must carry.
 * Learn: webapi/use-web-api-metadata, webapi/create-update-entity-definitions-using-web-api ("Tip": the header).
 */
import { DataverseError } from "../errors";
import type { Caller } from "../users";
import type { WebApi } from "../webapi/service";
import type { ApiRequest } from "../webapi/types";
import { MetadataStore, type PublisherRecord } from "./metadataWritesStore";
import { SolutionStore } from "./store";

/** The platform's System Customizer role (its role template id), which may customize the system as well. */
export const SYSTEM_CUSTOMIZER_ROLE_ID = "119f245c-3cc8-4b62-b31c-d1a046ced15d";

/** The Default Solution's publisher: what a write without the header is made in (prefix `new`). */
export const DEFAULT_PUBLISHER: PublisherRecord = {
  publisherid: "d21aab71-79e7-11dd-8874-00188b01e34f",
  uniquename: "DefaultPublisher",
  friendlyname: "Default Publisher",
  customizationprefix: "new",
  customizationoptionvalueprefix: 10000,
};

export function requireCustomizer(caller: Caller, privilege: string): void {
  if (caller.isSystem || caller.roleIds.includes(SYSTEM_CUSTOMIZER_ROLE_ID)) return;
  throw new DataverseError(
    "PrivilegeDenied",
    `Principal user (Id=${caller.userId}, type=8, roleCount=${caller.roleIds.length}) is missing ${privilege} privilege. ` +
      `Only a System Administrator or System Customizer may change table, column, relationship, choice or role definitions.`,
  );
}

export interface SolutionContext {
  /** Unique name of the solution the component is added to; undefined for the Default Solution. */
  readonly solution?: string;
  readonly publisher: PublisherRecord;
}

/** The solution named by `MSCRM.SolutionUniqueName` (404 when it doesn't exist, as Dataverse answers). */
export function solutionContext(api: WebApi, request: ApiRequest): SolutionContext {
  const name = request.headers["mscrm.solutionuniquename"]?.trim();
  if (!name) return { publisher: DEFAULT_PUBLISHER };
  const metadata = MetadataStore.of(api.dbs.writer);
  const installed = SolutionStore.of(api.dbs.writer).solution(name);
  const created = metadata.get("solution", name);
  const publisher = created && metadata.get("publisher", created.publisherid);
  if (created && publisher && !installed?.managed) return { solution: created.uniquename, publisher };
  if (installed?.managed) {
    throw new DataverseError(
      "InvalidArgument",
      `The solution ${installed.uniqueName} is managed: components can't be added to it. Name an unmanaged solution in MSCRM.SolutionUniqueName.`,
    );
  }
  throw new DataverseError(
    "NotFound",
    `The given solution unique name (${name}) is not valid. Create the solution (POST solutions) before adding components to it.`,
  );
}
