/** Hostile FetchXML is refused with a 400 in Dataverse's shape before it reaches SQLite (issue 11, defect 7). */
import { AppProfile } from "../../../schema";
import { DataverseError } from "../../errors";
import { executeQuery } from "../execute";
import { createFixture } from "../test-fixture";
import { parseFetchXml } from "./parse";

const { db } = createFixture();

function refusal(xml: string): DataverseError {
  try {
    executeQuery(db, AppProfile, parseFetchXml(AppProfile, xml));
  } catch (error) {
    if (error instanceof DataverseError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

test.each([
  [
    "deeply nested filters",
    `<fetch><entity name="apm_appprofile">${"<filter>".repeat(1500)}<condition attribute="apm_name" operator="eq" value="a" />${"</filter>".repeat(1500)}</entity></fetch>`,
  ],
  ["deeply nested elements", `<fetch>${"<a>".repeat(8000)}${"</a>".repeat(8000)}</fetch>`],
  [
    "too many link-entities",
    `<fetch><entity name="apm_appprofile">${'<link-entity name="systemuser" from="systemuserid" to="createdby" />'.repeat(16)}</entity></fetch>`,
  ],
  ["an entity declaration", `<!DOCTYPE x [<!ENTITY a "aaaa">]><fetch><entity name="apm_appprofile" /></fetch>`],
  ["more than 32 KB", `<fetch><entity name="apm_appprofile">${" ".repeat(40000)}</entity></fetch>`],
  [
    "501 conditions",
    `<fetch><entity name="apm_appprofile"><filter type="or">${'<condition attribute="apm_app" operator="eq" value="1" />'.repeat(501)}</filter></entity></fetch>`,
  ],
  ["an unknown element", `<fetch><entity name="apm_appprofile"><script /></entity></fetch>`],
  [
    "a non-numeric value",
    `<fetch><entity name="apm_appprofile"><filter><condition attribute="apm_app" operator="eq" value="x" /></filter></entity></fetch>`,
  ],
])("%s", (_, xml) => {
  const error = refusal(xml);
  expect(error.status).toBe(400);
  expect(error.code).toMatch(/^0x[0-9A-Fa-f]{8}$/);
});
