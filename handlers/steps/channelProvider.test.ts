import { ChannelProvider } from "../../schema";
import { InvalidPluginExecutionError } from "../errors";
import { createContext, updateContext } from "../testing/contexts";
import { seedFixtures } from "../testing/fixtures";
import { executeInMemory } from "../testing/pipeline";

const provider = (channelUrl: string, trustedDomain: string) => ({
  apm_name: "Fabrikam",
  apm_label: "Fabrikam",
  apm_channelurl: channelUrl,
  apm_trusteddomain: trustedDomain,
});

describe("channel provider URL (rule 8)", () => {
  it("creates a provider on the trusted domain or a subdomain", async () => {
    const { service } = seedFixtures();
    await executeInMemory(createContext(ChannelProvider, provider("https://fabrikam.com/w", "fabrikam.com")), service);
    await executeInMemory(
      createContext(ChannelProvider, provider("https://a.b.fabrikam.com/w", "https://fabrikam.com")),
      service,
    );
  });

  it.each([
    [
      "http://fabrikam.com/w",
      "fabrikam.com",
      "apm_channelurl",
      /must start with https:\/\/ \(it starts with http:\/\/\)/,
    ],
    [
      "https://notfabrikam.com/w",
      "fabrikam.com",
      "apm_channelurl",
      /host "notfabrikam.com" is outside the trusted domain "fabrikam.com"/,
    ],
    ["https://fabrikam.com/w", "http://fabrikam.com", "apm_trusteddomain", /must use https, not http/],
    ["https://fabrikam.com/w", "", "apm_trusteddomain", /^Enter the trusted domain/],
  ])("refuses %s in %s", async (url, domain, attribute, message) => {
    const { service } = seedFixtures();
    const error = await executeInMemory(createContext(ChannelProvider, provider(url, domain)), service).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidPluginExecutionError);
    expect(error).toMatchObject({ attribute });
    expect((error as Error).message).toMatch(message);
    expect(service.rows(ChannelProvider.logicalName)).toHaveLength(1);
  });

  it("merges the update over the stored row", async () => {
    const { service, provider: row } = seedFixtures();
    const moved = updateContext(ChannelProvider, row.id, { apm_channelurl: "https://voice.fabrikam.com/w" });
    await expect(executeInMemory(moved, service)).rejects.toThrow(/outside the trusted domain "contoso.com"/);
    await executeInMemory(updateContext(ChannelProvider, row.id, { apm_label: "Renamed" }), service);
    await executeInMemory(
      updateContext(ChannelProvider, row.id, {
        apm_channelurl: "https://fabrikam.com/w",
        apm_trusteddomain: "fabrikam.com",
      }),
      service,
    );
  });
});
