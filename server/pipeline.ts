/**
 * The plugin pipeline: privilege check, PreValidation, PreOperation, the operation, PostOperation — all inside the
 * caller's transaction, so a refusal at any stage leaves nothing behind. Every write through the API comes here.
 */
import type Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { manyToManyRelationships, type AnyTable, type ManyToManyRelationship } from "../schema";
import { Stage, type EntityReference, type PluginExecutionContext } from "../handlers/context";
import { runStage } from "../handlers/registrations";
import { normalizeRelationshipContexts } from "../handlers/normalize";
import { DataverseError } from "./errors";
import { newId } from "./ids";
import { etag } from "./odata";
import { createOrganizationService } from "./orgService";
import { tableByName } from "./storage/layout";
import * as rows from "./storage/rows";
import { requirePrivilege, type Caller } from "./users";
import { createState, updateState } from "./state";

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
        await this.runAround(context, service, () => {
          const version = rows.insertRow(this.db, table, id, target.attributes as rows.RawRow, caller.userId);
          return { table, id, version };
        });
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
        await this.runAround(context, service, () => {
          version = rows.updateRow(this.db, table, id, target.attributes as rows.RawRow, caller.userId);
        });
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
        await this.runAround(context, service, () => rows.deleteRow(this.db, table, id));
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
    requirePrivilege(caller, table1.logicalName, "append");
    requirePrivilege(caller, table2.logicalName, table2.platform ? "read" : "appendto");
    for (const ref of [request.record, request.related]) {
      const table = tableByName(ref.logicalName);
      if (!rows.readRow(this.db, table, ref.id)) throw notFound(table, ref.id);
    }
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
      const preImage = rows.readRow(this.db, table1, profile.id);
      const context = {
        ...normalized,
        preEntityImage: preImage && { logicalName: table1.logicalName, id: profile.id, attributes: preImage },
      };
      await this.runAround(context, service, () => {
        for (const related of normalized.inputParameters.RelatedEntities) {
          if (request.message === "Associate") rows.associate(this.db, relationship, profile.id, related.id);
          else rows.disassociate(this.db, relationship, profile.id, related.id);
        }
      });
    }
    return {};
  }

  private async runAround(
    context: Omit<PluginExecutionContext, "stage">,
    service: ReturnType<typeof createOrganizationService>,
    operation: () => unknown,
  ): Promise<void> {
    const at = (stage: Stage) => ({ ...context, stage }) as PluginExecutionContext;
    await runStage(Stage.PreValidation, at(Stage.PreValidation), service);
    await runStage(Stage.PreOperation, at(Stage.PreOperation), service);
    operation();
    await runStage(Stage.PostOperation, at(Stage.PostOperation), service);
  }
}

export function relationshipByNavigation(table: AnyTable, navigation: string): ManyToManyRelationship | undefined {
  return manyToManyRelationships.find(
    (r) =>
      (r.entity1 === table.logicalName && r.entity1NavigationProperty === navigation) ||
      (r.entity2 === table.logicalName && r.entity2NavigationProperty === navigation),
  );
}
