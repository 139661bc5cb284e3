import { AppProfile, ChannelProvider, type AnyTable } from "../../schema";
import { DataverseError } from "../errors";
import { addressFromKey } from ".";

const id = "20000000-0000-4000-8000-00000000000a";

test("a GUID, with or without parentheses, in any case", () => {
  expect(addressFromKey(AppProfile, `(${id.toUpperCase()})`)).toEqual({ id });
  expect(addressFromKey(AppProfile, id)).toEqual({ id });
  expect(addressFromKey(AppProfile, `apm_appprofileid=${id}`)).toEqual({ id });
});

test("an alternate key, with doubled quotes and separators inside the value", () => {
  expect(addressFromKey(AppProfile, "(apm_uniquename='apm_x')")).toEqual({ key: { apm_uniquename: "apm_x" } });
  expect(addressFromKey(AppProfile, "apm_uniquename='O''Brien, (x)'")).toEqual({
    key: { apm_uniquename: "O'Brien, (x)" },
  });
});

test("a key of several columns, in any order", () => {
  const Table = {
    ...ChannelProvider,
    alternateKeys: [
      { logicalName: "label_order", displayName: "Label and order", columns: ["apm_label", "apm_sortorder"] },
    ],
  } as unknown as AnyTable;
  expect(addressFromKey(Table, "apm_sortorder=3,apm_label='x'")).toEqual({ key: { apm_label: "x", apm_sortorder: 3 } });
  expect(() => addressFromKey(Table, "apm_label='x'")).toThrow(
    "The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.apm_channelprovider'. " +
      "Ensure that the names and number of key properties match the type or alternate key(s) for the resource. " +
      "Use (<id>) or (apm_label,apm_sortorder).",
  );
});

test.each([
  ["(apm_name='x')", "The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.apm_appprofile'."],
  ["(apm_uniquename='x',apm_name='y')", "Use (<id>) or (apm_uniquename)."],
  ["(apm_uniquename='x',apm_uniquename='y')", "appears more than once"],
  ["('x')", "is not a valid id for 'apm_appprofile'"],
  ["(12345)", "is not a valid id"],
  ["(apm_uniquename='x'", "is not a valid key for 'apm_appprofiles'"],
  ["()", "is not a valid key"],
  ["(apm_uniquename=null)", "is not supported"],
])("%s is refused", (segment, message) => {
  let error: unknown;
  try {
    addressFromKey(AppProfile, segment);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DataverseError);
  expect(error).toMatchObject({ status: 400, message: expect.stringContaining(message) });
});

test("a table without alternate keys says to use the id", () => {
  expect(() => addressFromKey(ChannelProvider, "apm_name='x'")).toThrow("has no alternate keys; address it by id");
});
