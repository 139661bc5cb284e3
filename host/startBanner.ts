/** What `npm start` prints once everything listens: where things are, and a few things to try first. */

export interface BannerFacts {
  readonly pageUrl: string;
  readonly apiUrl: string;
  readonly tokensFile: string;
  readonly dataDir: string;
  /** Who the page signs in as. */
  readonly adminName: string;
  /** A demo user who can only read (the user switcher's agent). */
  readonly agentName?: string;
  /** A profile worth opening first. */
  readonly profile?: { readonly id: string; readonly name: string };
  /** A demo person to look up with Search by user. */
  readonly person?: string;
}

export function startBanner(facts: BannerFacts): string[] {
  const { pageUrl, apiUrl, tokensFile } = facts;
  const tryThis: string[] = [];
  if (facts.profile) tryThis.push(`Open a profile: ${pageUrl}/#/profiles/${facts.profile.id} (${facts.profile.name})`);
  if (facts.person) {
    const first = facts.person.split(" ")[0];
    tryThis.push(
      `Search by user: on App profiles, Search by user, type "${first}": the profile ${facts.person} gets in each app, and why`,
    );
  }
  if (facts.agentName)
    tryThis.push(`Sign in as an agent: the user switcher at the top right, ${facts.agentName} (everything read-only)`);
  tryThis.push(
    "Call the Web API as the admin:",
    `     TOKEN=$(node -p "require('${tokensFile}').users.find((u) => u.key === 'admin').token")`,
    `     curl -H "Authorization: Bearer $TOKEN" "${apiUrl}apm_appprofiles?\\$select=apm_name,apm_uniquename&\\$top=5"`,
  );
  let n = 0;
  return [
    "",
    "App Profile Manager is running.",
    `  Page     ${pageUrl}  (signed in as ${facts.adminName}, the demo admin)`,
    `  Web API  ${apiUrl}  (a bearer token per demo user in ${tokensFile})`,
    `  Data     ${facts.dataDir}  (kept between starts; delete the folder for fresh demo data)`,
    "",
    "Try this:",
    ...tryThis.map((line) => (line.startsWith("     ") ? line : `  ${++n}. ${line}`)),
    "",
    "Press Ctrl+C to stop.",
  ];
}
