/**
 * Tokens for the webhook's calls back into Dataverse: a fixed token (APM_DATAVERSE_TOKEN, e.g. a local server's
 * admin token), or an application user's client credentials (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET).
 */
export type TokenProvider = () => Promise<string>;

export async function tokenProviderFromEnvironment(
  serverUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TokenProvider> {
  const fixed = env.APM_DATAVERSE_TOKEN;
  if (fixed) return async () => fixed;
  const { AZURE_TENANT_ID: tenant, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: clientSecret } = env;
  if (!tenant || !clientId || !clientSecret) {
    throw new Error(
      "Set APM_DATAVERSE_TOKEN, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for an application user " +
        "of the environment, so the webhook can read the rows its handlers check.",
    );
  }
  // Loaded only when used: tests and local runs need no Entra ID library.
  const { ConfidentialClientApplication } = await import("@azure/msal-node");
  const app = new ConfidentialClientApplication({
    auth: { clientId, clientSecret, authority: `https://login.microsoftonline.com/${tenant}` },
  });
  const scopes = [`${new URL(serverUrl).origin}/.default`];
  return async () => {
    const result = await app.acquireTokenByClientCredential({ scopes });
    if (!result?.accessToken) throw new Error("Entra ID returned no access token for the Dataverse environment.");
    return result.accessToken;
  };
}
