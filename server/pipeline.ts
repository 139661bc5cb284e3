/**
 * The plugin pipeline: privilege check, PreValidation, PreOperation, the operation, PostOperation — all inside the
 * caller's transaction, so a refusal at any stage leaves nothing behind. Every write through the API comes here.
 * At each stage, the steps registered in the environment (a webhook's, `sdkmessageprocessingsteps`) run first, as
 * Dataverse calls them, then the product's handlers (which stand in for the same rules in a local environment).
 */
import type Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import type { AnyTable, ManyToManyRelationship } from "../schema";
import { serverRelationships } from "./platform";
import { Stage, type EntityReference, type PluginExecutionContext } from "../handlers/context";
import { runStage } from "../handlers/registrations";
import { normalizeRelationshipContexts } from "../handlers/normalize";
import { DataverseError } from "./errors";
import { newId } from "./ids";
import { etag } from "./odata";
import { createOrganizationService } from "./orgService";
import { tableByName } from "./storage/layout";
import * as rows from "./storage/rows";
import { runRemoteSteps, type RemoteCall } from "./solution/remoteSteps";
import { requirePrivilege, type Caller } from "./users";
import {
  assignsRoles,
  changesTeamMembers,
  refuseRoleOnAccessTeam,
  requireRoleAssignment,
  requireTeamMembershipChange,
} from "./roleAssignment";
import { createState, updateState } from "./state";
import { auditCreate, auditDelete, auditRelationship, auditUpdate } from "./audit";

export type WriteRequest =
  | { message: "Create"; table: AnyTable; id?: string; attributes: rows.RawRow }
  | { message: "Update"; table: AnyTable; id: string; attributes: rows.RawRow; ifMatch?: string }
  | { message: "Delete"; table: AnyTable; id: string; ifMatch?: string }
  | {
      message: "Associate" | "Disassociate";
      relationship: ManyToManyRelationship;
      record: EntityReference;
      related: EntityReference;
    };

export interface WriteResult {
  readonly table?: AnyTable;
  readonly id?: string;
  readonly version?: number;
}

function notFound(table: AnyTable, id: string): DataverseError {
  return new DataverseError("NotFound", `${table.logicalName} With Id = ${id} Does Not Exist`);
}

function checkEtag(ifMatch: string | undefined, current: unknown): void {
  if (ifMatch === undefined || ifMatch === "*") return;
  if (ifMatch !== etag(current)) {
    throw new DataverseError(
      "ConcurrencyVersionMismatch",
      "The version of the existing record doesn't match the RowVersion property provided. " +
        "Someone else changed it after you read it: reload the record and apply your change again.",
    );
  }
}

export class Pipeline {
  constructor(private readonly db: Database.Database) {}

  /** Runs one write; the caller owns the transaction and the write lock. */
  async execute(request: WriteRequest, caller: Caller): Promise<WriteResult> {
    const service = createOrganizationService(this.db);
    const base = { initiatingUserId: caller.userId, isSystem: caller.isSystem, correlationId: randomUUID() };
    // Audits of this call (server/audit.ts): who, and one transaction id for all of them.
    const audit = { userId: caller.userId, transactionId: base.correlationId };
    switch (request.message) {
      case "Create": {
        const { table } = request;
        requirePrivilege(caller, table.logicalName, "create");
        const id = request.id ?? newId();
        if (rows.readRow(this.db, table, id)) {
          throw new DataverseError(
            "DuplicateRecord",
            `A record with the id ${id} already exists in '${table.logicalName}'.`,
          );
        }
        const attributes = createState(table, id, request.attributes);
        const target = { logicalName: table.logicalName, id, attributes };
        const context = {
          ...base,
          messageName: "Create",
          primaryEntityName: table.logicalName,
          inputParameters: { Target: target },
        } as const;
        const remote = { message: "Create", table, id, attributes: request.attributes } as const;
        await this.runAround(
          context,
          service,
          () => {
            rows.insertRow(this.db, table, id, target.attributes as rows.RawRow, caller.userId);
            auditCreate(this.db, table, id, rows.readRow(this.db, table, id)!, audit);
          },
          { ...remote, userId: caller.userId, correlationId: base.correlationId },
        );
        return { table, id, version: rows.readRow(this.db, table, id)?.versionnumber as number };
      }
      case "Update": {
        const { table, id } = request;
        requirePrivilege(caller, table.logicalName, "write");
        const pre = rows.readRow(this.db, table, id);
        if (!pre) throw notFound(table, id);
        checkEtag(request.ifMatch, pre.versionnumber);
        const attributes = updateState(table, id, request.attributes, pre);
        const target = { logicalName: table.logicalName, id, attributes };
        const context = {
          ...base,
          messageName: "Update",
          primaryEntityName: table.logicalName,
          inputParameters: { Target: target },
          preEntityImage: { logicalName: table.logicalName, id, attributes: pre },
        } as const;
        let version = 0;
        const remote = { message: "Update", table, id, attributes: request.attributes, preImage: pre } as const;
        await this.runAround(
          context,
          service,
          () => {
            version = rows.updateRow(this.db, table, id, target.attributes as rows.RawRow, caller.userId);
            auditUpdate(this.db, table, id, pre, rows.readRow(this.db, table, id)!, audit);
          },
          { ...remote, userId: caller.userId, correlationId: base.correlationId },
        );
        return { table, id, version };
      }
      case "Delete": {
        const { table, id } = request;
        requirePrivilege(caller, table.logicalName, "delete");
        const pre = rows.readRow(this.db, table, id);
        if (!pre) throw notFound(table, id);
        checkEtag(request.ifMatch, pre.versionnumber);
        const context = {
          ...base,
          messageName: "Delete",
          primaryEntityName: table.logicalName,
          inputParameters: { Target: { logicalName: table.logicalName, id } },
          preEntityImage: { logicalName: table.logicalName, id, attributes: pre },
        } as const;
        const removed = () => {
          rows.deleteRow(this.db, table, id);
          auditDelete(this.db, table, id, pre, audit);
        };
        await this.runAround(context, service, removed, {
          message: "Delete",
          table,
          id,
          preImage: pre,
          userId: caller.userId,
          correlationId: base.correlationId,
        });
        return { table, id };
      }
      case "Associate":
      case "Disassociate":
        return this.executeRelationship(request, caller, base, service);
    }
  }

  private async executeRelationship(
    request: Extract<WriteRequest, { message: "Associate" | "Disassociate" }>,
    caller: Caller,
    base: { initiatingUserId: string; isSystem: boolean; correlationId: string },
    service: ReturnType<typeof createOrganizationService>,
  ): Promise<WriteResult> {
    const { relationship } = request;
    const table1 = tableByName(relationship.entity1);
    const table2 = tableByName(relationship.entity2);
    if (assignsRoles(relationship)) {
      // Assigning a security role (to a user or a team) is its own privilege: Read and Assign on Security Role.
      requireRoleAssignment(caller);
    } else if (changesTeamMembers(relationship)) {
      requireTeamMembershipChange(caller);
    } else {
      // An N:N associate or disassociate needs Append on both tables ("you must have Append privilege for both tables
      // being associated", Learn: power-platform/admin/security-roles-privileges): prvAppendUser for systemuser,
      // never Read. The second table is checked first, so a user missing both hears of the one roles rarely grant.
      requirePrivilege(caller, table2.logicalName, "append");
      requirePrivilege(caller, table1.logicalName, "append");
    }
    const found = new Map<string, rows.RawRow>();
    for (const ref of [request.record, request.related]) {
      const table = tableByName(ref.logicalName);
      const row = rows.readRow(this.db, table, ref.id);
      if (!row) throw notFound(table, ref.id);
      found.set(ref.logicalName, row);
    }
    if (request.message === "Associate") refuseRoleOnAccessTeam(relationship, found.get("team"));
    // The registered steps get the request as it was made (Target and RelatedEntities as sent), once.
    const recordTable = tableByName(request.record.logicalName);
    const remote = (stage: 10 | 20 | 40) =>
      runRemoteSteps(this.db, {
        message: request.message,
        stage,
        table: recordTable,
        id: request.record.id,
        relationship: relationship.schemaName,
        related: [request.related],
        userId: caller.userId,
        correlationId: base.correlationId,
      });
    await remote(Stage.PreValidation);
    await remote(Stage.PreOperation);
    const contexts = normalizeRelationshipContexts({
      ...base,
      messageName: request.message,
      stage: Stage.PreValidation,
      primaryEntityName: request.record.logicalName,
      inputParameters: {
        Target: request.record,
        Relationship: relationship.schemaName,
        RelatedEntities: [request.related],
      },
    });
    for (const normalized of contexts) {
      const profile = normalized.inputParameters.Target;
      const targetTable = tableByName(profile.logicalName);
      const preImage = rows.readRow(this.db, targetTable, profile.id);
      const context = {
        ...normalized,
        preEntityImage: preImage && { logicalName: targetTable.logicalName, id: profile.id, attributes: preImage },
      };
      await this.runAround(context, service, () => {
        for (const related of normalized.inputParameters.RelatedEntities) {
          // The intersect's columns are entity1's then entity2's, whichever side the request came from.
          const [id1, id2] =
            profile.logicalName === relationship.entity1 ? [profile.id, related.id] : [related.id, profile.id];
          if (request.message === "Associate") rows.associate(this.db, relationship, id1, id2);
          else rows.disassociate(this.db, relationship, id1, id2);
          auditRelationship(this.db, request.message, relationship, id1, id2, {
            userId: caller.userId,
            transactionId: base.correlationId,
          });
        }
      });
    }
    await remote(Stage.PostOperation);
    return {};
  }

  private async runAround(
    context: Omit<PluginExecutionContext, "stage">,
    service: ReturnType<typeof createOrganizationService>,
    operation: () => unknown,
    remote?: Omit<RemoteCall, "stage">,
  ): Promise<void> {
    const at = (stage: Stage) => ({ ...context, stage }) as PluginExecutionContext;
    const registered = (stage: 10 | 20 | 40) => (remote ? runRemoteSteps(this.db, { ...remote, stage }) : undefined);
    await registered(Stage.PreValidation);
    await runStage(Stage.PreValidation, at(Stage.PreValidation), service);
    await registered(Stage.PreOperation);
    await runStage(Stage.PreOperation, at(Stage.PreOperation), service);
    operation();
    await registered(Stage.PostOperation);
    await runStage(Stage.PostOperation, at(Stage.PostOperation), service);
  }
}

export function relationshipByNavigation(table: AnyTable, navigation: string): ManyToManyRelationship | undefined {
  return serverRelationships.find(
    (r) =>
      (r.entity1 === table.logicalName && r.entity1NavigationProperty === navigation) ||
      (r.entity2 === table.logicalName && r.entity2NavigationProperty === navigation),
  );
}
