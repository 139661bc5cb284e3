import { AppChoice, SessionTemplateTypeChoice } from "../../schema";
import {
  channelProviderProblems,
  isChatLicenseAvailable,
  isHostInDomain,
  parseTrustedDomain,
  validateAppChoice,
  validateChannelUrl,
  validateProfileDescription,
  validateProfileName,
  validateTemplatesForProfile,
  validateTrustedDomain,
} from ".";

describe("trusted domain and channel URL (rule 8)", () => {
  it.each([
    ["contoso.com", { host: "contoso.com", port: "" }],
    ["https://Contoso.com/", { host: "contoso.com", port: "" }],
    ["https://contoso.com:8443", { host: "contoso.com", port: "8443" }],
    ["contoso.com.", { host: "contoso.com", port: "" }],
  ])("reads %j", (value, expected) => {
    expect(parseTrustedDomain(value)).toEqual(expected);
  });

  it.each([
    [undefined, /^Enter the trusted domain/],
    ["http://contoso.com", /must use https, not http/],
    ["*.contoso.com", /without "\*": "contoso.com" already covers its subdomains/],
    ["https://contoso.com/widget", /is a page, not a domain: remove "\/widget" and keep "https:\/\/contoso.com"/],
    ["contoso com", /is not a host name/],
    ["https://user@contoso.com", /is not a host name/],
  ])("refuses the trusted domain %j", (value, message) => {
    expect(validateTrustedDomain(value)).toEqual({
      attribute: "apm_trusteddomain",
      message: expect.stringMatching(message),
    });
  });

  it.each([
    ["https://contoso.com", "contoso.com", true],
    ["https://a.contoso.com", "contoso.com", true],
    ["https://notcontoso.com", "contoso.com", false],
    ["https://contoso.com.evil.net", "contoso.com", false],
    ["https://contoso.com@evil.net/", "contoso.com", false],
    ["https://contoso.com:8443/w", "https://contoso.com:8443", true],
    ["https://contoso.com/w", "https://contoso.com:8443", false],
  ])("%s inside %s: %s", (url, domain, inside) => {
    expect(validateChannelUrl(url, domain) === undefined).toBe(inside);
  });

  it("says what is wrong with the channel URL", () => {
    expect(validateChannelUrl("", "contoso.com")?.message).toMatch(/^Enter the channel URL/);
    expect(validateChannelUrl("contoso.com/widget", "contoso.com")?.message).toMatch(/is not a full web address/);
    expect(validateChannelUrl("ftp://contoso.com", "contoso.com")?.message).toMatch(/it starts with ftp:\/\//);
    expect(validateChannelUrl("https://fabrikam.com/w", "contoso.com")?.message).toBe(
      'The channel URL\'s host "fabrikam.com" is outside the trusted domain "contoso.com": use an https URL on contoso.com or one of its subdomains, or change the trusted domain to the provider\'s domain.',
    );
  });

  it("lists each field's problem for a form", () => {
    expect(
      channelProviderProblems({ apm_channelurl: "http://x.com", apm_trusteddomain: "http://x.com" }).map(
        (p) => p.attribute,
      ),
    ).toEqual(["apm_channelurl", "apm_trusteddomain"]);
    expect(isHostInDomain("A.Contoso.COM.", "contoso.com")).toBe(true);
  });
});

describe("name, description, app choice", () => {
  it("uses the schema's limits", () => {
    expect(validateProfileName("x".repeat(100))).toBeUndefined();
    expect(validateProfileName("   ")?.message).toBe("Enter a name: the name is required.");
    expect(validateProfileDescription(undefined)).toBeUndefined();
    expect(validateProfileDescription(42)?.message).toBe("The description must be text, not number.");
  });

  it("reads the license variable as yes/true in any case", () => {
    expect(["yes", "Yes", "TRUE", " true "].map(isChatLicenseAvailable)).toEqual([true, true, true, true]);
    expect(["no", "1", "", undefined, null].map(isChatLicenseAvailable)).toEqual([false, false, false, false, false]);
  });

  it("gates the Omnichannel choice only", () => {
    expect(validateAppChoice(AppChoice.CustomerServiceWorkspace.value, false)).toBeUndefined();
    expect(validateAppChoice(AppChoice.OmnichannelForCustomerService.value, true)).toBeUndefined();
    expect(validateAppChoice(AppChoice.OmnichannelForCustomerService.value, false)?.message).toMatch(
      /apm_ChatLicenseAvailable/,
    );
    expect(validateAppChoice(null, true)?.message).toBe(
      "Choose an app: Customer Service workspace or Omnichannel for Customer Service.",
    );
  });
});

describe("session templates for a profile (rule 6)", () => {
  const entity = SessionTemplateTypeChoice.Entity.value;
  it("checks each candidate against the profile and the candidates before it", () => {
    const a = { apm_sessiontemplateid: "1", apm_name: "A", apm_type: entity, apm_entitylogicalname: "account" };
    const b = { apm_sessiontemplateid: "2", apm_name: "B", apm_type: entity, apm_entitylogicalname: "Account" };
    const c = { apm_sessiontemplateid: "3", apm_uniquename: "x_c", apm_type: entity, apm_entitylogicalname: " " };
    expect(validateTemplatesForProfile([a], [])).toBeUndefined();
    expect(validateTemplatesForProfile([a, b], [])?.message).toMatch(/template "A" for the entity "account"/);
    expect(validateTemplatesForProfile([b], [a])?.attribute).toBe("apm_entitylogicalname");
    expect(validateTemplatesForProfile([c], [])?.message).toMatch(/^The entity session template "x_c" needs an entity/);
  });
});
