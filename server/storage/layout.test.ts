/** A data folder written before statecode/statuscode and the new systemuser columns keeps its rows and gains them. */
import Database from "better-sqlite3";
import { tables } from "../../schema";
import { createSchema } from "./layout";

describe("createSchema on an older data folder", () => {
  it("adds the state columns to every existing table (rows Active) and new platform columns with their defaults", () => {
    const db = new Database(":memory:");
    db.exec(`CREATE TABLE apm_appprofile (apm_appprofileid TEXT PRIMARY KEY, apm_name TEXT)`);
    db.exec(`CREATE TABLE systemuser (systemuserid TEXT PRIMARY KEY, fullname TEXT)`);
    db.exec(`INSERT INTO apm_appprofile VALUES ('p1', 'Old profile')`);
    db.exec(`INSERT INTO systemuser VALUES ('u1', 'Old user')`);
    createSchema(
      db,
      tables.filter((t) => t.platform),
    );
    expect(db.prepare("SELECT statecode, statuscode FROM apm_appprofile").get()).toEqual({
      statecode: 0,
      statuscode: 1,
    });
    expect(db.prepare("SELECT statecode, isdisabled, accessmode, applicationid FROM systemuser").get()).toEqual({
      statecode: 0,
      isdisabled: 0,
      accessmode: 0,
      applicationid: null,
    });
    // Run twice: nothing to add the second time.
    expect(() =>
      createSchema(
        db,
        tables.filter((t) => t.platform),
      ),
    ).not.toThrow();
  });
});
