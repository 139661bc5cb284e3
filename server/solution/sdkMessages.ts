/**
 * The platform's SDK messages and their filters, as every environment has them: the messages a step can be
 * registered on (`sdkmessages`), and one filter per message and table (`sdkmessagefilters`, PrimaryObjectTypeCode
 * the table's logical name) for every table the environment has. Associate and Disassociate have no table filter:
 * their steps are registered for "any entity" (real-exports/sdk-message-ids.md). Ids: Create's is the one real exports
 * show (9ebdbb1b-…); the others are this server's own, derived from the name, as a deploy looks them up by name.
 */
import type Database from "better-sqlite3";
import { SdkMessage, SdkMessageFilter } from "../../schema";
import { serverTables } from "../platform";
import { readRow, insertRow } from "../storage/rows";
import { SYSTEM_USER_ID } from "../users";
import { nameBasedGuid } from "./metadataIds";
import { SolutionStore } from "./store";

const REAL_IDS: Readonly<Record<string, string>> = { Create: "9ebdbb1b-ea3e-db11-86a7-000a3a5473e8" };

/** Messages with one filter per table. */
const TABLE_MESSAGES = ["Create", "Update", "Delete", "Retrieve", "RetrieveMultiple"] as const;
/** Messages registered for any table. */
const ANY_TABLE_MESSAGES = ["Associate", "Disassociate"] as const;

export const sdkMessageId = (name: string): string => REAL_IDS[name] ?? nameBasedGuid(`sdkmessage:${name}`);
const filterId = (message: string, table: string) => nameBasedGuid(`sdkmessagefilter:${message}:${table}`);

/** Adds what is missing (idempotent): called at start and after every import. */
export function ensureSdkMessages(db: Database.Database): void {
  const store = SolutionStore.of(db);
  const insert = (
    table: typeof SdkMessage | typeof SdkMessageFilter,
    id: string,
    attributes: Record<string, string | boolean>,
  ) => {
    if (!readRow(db, table, id)) insertRow(db, table, id, attributes, SYSTEM_USER_ID);
  };
  for (const name of [...TABLE_MESSAGES, ...ANY_TABLE_MESSAGES]) insert(SdkMessage, sdkMessageId(name), { name });
  for (const table of serverTables) {
    if (!store.hasTable(table.logicalName)) continue;
    for (const message of TABLE_MESSAGES) {
      insert(SdkMessageFilter, filterId(message, table.logicalName), {
        name: `${message} of ${table.logicalName}`,
        sdkmessageid: sdkMessageId(message),
        primaryobjecttypecode: table.logicalName,
        secondaryobjecttypecode: "none",
        iscustomprocessingstepallowed: true,
      });
    }
  }
}
