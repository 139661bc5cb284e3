/** An in-memory database with a few rows, for the read side's unit tests. */
import Database from "better-sqlite3";
import { AppChoice, ProductivityPaneModeChoice, SessionTemplateTypeChoice, type AnyTable } from "../../schema";
import { createSchema, ident } from "../storage/layout";
import { executeQuery, parseQueryOptions, retrieveOne, type ReadSettings, type WebApiRow } from ".";

export const ids = {
  alice: "10000000-0000-4000-8000-000000000001",
  bob: "10000000-0000-4000-8000-000000000002",
  carol: "10000000-0000-4000-8000-000000000003",
  alpha: "20000000-0000-4000-8000-000000000001",
  beta: "20000000-0000-4000-8000-000000000002",
  gamma: "20000000-0000-4000-8000-000000000003",
  delta: "20000000-0000-4000-8000-000000000004",
  zeta: "20000000-0000-4000-8000-000000000005",
  caseForm: "30000000-0000-4000-8000-000000000001",
  contactForm: "30000000-0000-4000-8000-000000000002",
  search: "30000000-0000-4000-8000-000000000003",
  chatDefinition: "40000000-0000-4000-8000-000000000001",
  otherDefinition: "40000000-0000-4000-8000-000000000002",
  chatValue: "50000000-0000-4000-8000-000000000001",
} as const;

export const CSW = AppChoice.CustomerServiceWorkspace.value;
export const OMNI = AppChoice.OmnichannelForCustomerService.value;

type Values = Record<string, string | number | null>;

function insert(
  db: Database.Database,
  table: string,
  values: Values,
  version: number,
  day: number,
  by: string | null,
): void {
  const row: Values = {
    createdon: `2020-01-${String(day).padStart(2, "0")}T08:00:00.000Z`,
    modifiedon: `2020-01-${String(day).padStart(2, "0")}T09:00:00.000Z`,
    versionnumber: version,
    createdby: by,
    modifiedby: by,
    ...values,
  };
  const names = Object.keys(row);
  db.prepare(
    `INSERT INTO ${ident(table)} (${names.map(ident).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`,
  ).run(...names.map((n) => row[n]));
}

function link(db: Database.Database, table: string, a: string, b: string, columnA: string, columnB: string): void {
  db.prepare(`INSERT INTO ${ident(table)} (${ident(columnA)}, ${ident(columnB)}) VALUES (?, ?)`).run(a, b);
}

/** `statements` records every SQL statement the database runs, to check how many queries a read takes. */
export function createFixture(): { db: Database.Database; statements: string[] } {
  const statements: string[] = [];
  const db = new Database(":memory:", { verbose: (sql) => statements.push(String(sql)) });
  createSchema(db);
  let version = 100;
  const user = (id: string, fullname: string, domainname: string) =>
    insert(db, "systemuser", { systemuserid: id, fullname, domainname }, version++, 1, null);
  user(ids.alice, "Alice Admin", "alice@contoso.com");
  user(ids.bob, "Bob Agent", "bob@contoso.com");
  user(ids.carol, "Carol", "carol@contoso.com");

  const profile = (id: string, values: Values, day: number, by: string) =>
    insert(
      db,
      "apm_appprofile",
      {
        apm_appprofileid: id,
        apm_app: CSW,
        apm_isdefault: 0,
        apm_productivitypaneenabled: 0,
        apm_productivitypanemode: ProductivityPaneModeChoice.Collapsed.value,
        ...values,
      },
      version++,
      day,
      by,
    );
  profile(
    ids.alpha,
    { apm_name: "Alpha", apm_uniquename: "apm_alpha", apm_description: "50% off", apm_isdefault: 1 },
    1,
    ids.alice,
  );
  profile(
    ids.beta,
    { apm_name: "Beta", apm_uniquename: "apm_beta", apm_description: "O'Brien's", apm_app: OMNI },
    2,
    ids.bob,
  );
  profile(ids.gamma, { apm_name: "Gamma", apm_uniquename: "apm_gamma", apm_description: null }, 3, ids.alice);
  profile(
    ids.delta,
    { apm_name: "delta_x", apm_uniquename: "apm_delta", apm_description: "a_b", apm_app: OMNI },
    4,
    ids.alice,
  );
  profile(ids.zeta, { apm_name: "Zeta a1x", apm_uniquename: "apm_zeta", apm_description: "5000 off" }, 5, ids.bob);

  const template = (id: string, name: string, type: number, entity: string | null) =>
    insert(
      db,
      "apm_sessiontemplate",
      {
        apm_sessiontemplateid: id,
        apm_name: name,
        apm_uniquename: `apm_${id.slice(-1)}`,
        apm_type: type,
        apm_entitylogicalname: entity,
      },
      version++,
      1,
      ids.alice,
    );
  template(ids.caseForm, "Case form", SessionTemplateTypeChoice.Entity.value, "incident");
  template(ids.contactForm, "Contact form", SessionTemplateTypeChoice.Entity.value, "contact");
  template(ids.search, "Search", SessionTemplateTypeChoice.Generic.value, null);

  const assign = (profileId: string, userId: string) =>
    link(db, "apm_appprofile_systemuser", profileId, userId, "apm_appprofileid", "systemuserid");
  assign(ids.alpha, ids.alice);
  assign(ids.alpha, ids.bob);
  assign(ids.beta, ids.carol);
  const addTemplate = (profileId: string, templateId: string) =>
    link(db, "apm_appprofile_sessiontemplate", profileId, templateId, "apm_appprofileid", "apm_sessiontemplateid");
  addTemplate(ids.alpha, ids.caseForm);
  addTemplate(ids.alpha, ids.contactForm);
  addTemplate(ids.alpha, ids.search);
  addTemplate(ids.beta, ids.contactForm);
  addTemplate(ids.gamma, ids.search);

  insert(
    db,
    "environmentvariabledefinition",
    { environmentvariabledefinitionid: ids.chatDefinition, schemaname: "apm_ChatLicenseAvailable", type: 100000002 },
    version++,
    1,
    null,
  );
  insert(
    db,
    "environmentvariabledefinition",
    { environmentvariabledefinitionid: ids.otherDefinition, schemaname: "apm_Other", type: 100000000 },
    version++,
    1,
    null,
  );
  insert(
    db,
    "environmentvariablevalue",
    {
      environmentvariablevalueid: ids.chatValue,
      schemaname: "apm_ChatLicenseAvailable",
      value: "yes",
      environmentvariabledefinitionid: ids.chatDefinition,
    },
    version++,
    1,
    null,
  );
  statements.length = 0;
  return { db, statements };
}

/** Query options as decoded name/value pairs, as the HTTP layer hands them over. */
export type Params = Record<string, string>;

export function query(db: Database.Database, table: AnyTable, params: Params, settings: ReadSettings = {}) {
  return executeQuery(db, table, parseQueryOptions(table, new URLSearchParams(params), "collection"), settings);
}

export function retrieve(
  db: Database.Database,
  table: AnyTable,
  id: string,
  params: Params = {},
  settings: ReadSettings = {},
) {
  return retrieveOne(db, table, id, parseQueryOptions(table, new URLSearchParams(params), "single"), settings);
}

/** The primary ids of the rows a query returns, in order. */
export const idsOf = (rows: WebApiRow[], table: AnyTable): unknown[] => rows.map((r) => r[table.primaryIdAttribute]);
