/**
 * Rule 8: a channel provider's URL must be https:// and its host inside the trusted domain. The trusted domain may be
 * written as a bare host ("contoso.com") or an https origin ("https://contoso.com"); a host is inside it when it equals
 * the domain or is a subdomain of it. A port written in the trusted domain must match too.
 */
import { ProviderColumn } from "../columns";
import { quote, type RuleProblem } from "./problem";

export interface TrustedDomain {
  readonly host: string;
  /** "" for https's default port. */
  readonly port: string;
}

const DOMAIN_EXAMPLE = `contoso.com or https://contoso.com`;
const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

const trusted = (message: string): RuleProblem => ({ attribute: ProviderColumn.trustedDomain, message });
const channel = (message: string): RuleProblem => ({ attribute: ProviderColumn.channelUrl, message });
const withoutTrailingDot = (host: string) => host.replace(/\.$/, "");

function tryUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Reads a trusted domain, or says what is wrong with it. */
export function parseTrustedDomain(value: string | null | undefined): TrustedDomain | RuleProblem {
  const text = (value ?? "").trim();
  if (text === "") return trusted(`Enter the trusted domain: the provider's host, such as ${DOMAIN_EXAMPLE}.`);
  if (text.includes("*")) {
    return trusted(
      `Write the trusted domain without "*": ${quote(text.replace(/^\*\.?/, ""))} already covers its subdomains.`,
    );
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1];
  if (scheme !== undefined && scheme.toLowerCase() !== "https") {
    return trusted(`The trusted domain must use https, not ${scheme}: write it as ${DOMAIN_EXAMPLE}.`);
  }
  const url = tryUrl(scheme === undefined ? `https://${text}` : text);
  if (!url || url.username || url.password) {
    return trusted(`The trusted domain ${quote(text)} is not a host name: write it as ${DOMAIN_EXAMPLE}.`);
  }
  if (url.pathname !== "/" || url.search || url.hash) {
    return trusted(
      `The trusted domain ${quote(text)} is a page, not a domain: remove ${quote(url.pathname + url.search + url.hash)} ` +
        `and keep ${quote(url.origin)}.`,
    );
  }
  const host = withoutTrailingDot(url.hostname);
  if (!HOST_PATTERN.test(host) && !host.startsWith("[")) {
    return trusted(`The trusted domain ${quote(text)} is not a host name: write it as ${DOMAIN_EXAMPLE}.`);
  }
  return { host, port: url.port };
}

export function isTrustedDomain(parsed: TrustedDomain | RuleProblem): parsed is TrustedDomain {
  return "host" in parsed;
}

export function validateTrustedDomain(value: string | null | undefined): RuleProblem | undefined {
  const parsed = parseTrustedDomain(value);
  return isTrustedDomain(parsed) ? undefined : parsed;
}

/** True when `host` is the domain itself or one of its subdomains ("a.contoso.com" yes, "notcontoso.com" no). */
export function isHostInDomain(host: string, domain: string): boolean {
  const h = withoutTrailingDot(host.toLowerCase());
  const d = withoutTrailingDot(domain.toLowerCase());
  return h === d || h.endsWith(`.${d}`);
}

/** Checks the channel URL on its own, and against the trusted domain when that one is valid. */
export function validateChannelUrl(
  channelUrl: string | null | undefined,
  trustedDomain: string | null | undefined,
): RuleProblem | undefined {
  const text = (channelUrl ?? "").trim();
  if (text === "") return channel(`Enter the channel URL: the https address of the provider's widget.`);
  const url = tryUrl(text);
  if (!url || !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return channel(
      `The channel URL ${quote(text)} is not a full web address: write it as https://host/path, ` +
        `for example https://contoso.com/widget.html.`,
    );
  }
  if (url.protocol !== "https:") {
    return channel(
      `The channel URL must start with https:// (it starts with ${url.protocol}//): use the provider's https address.`,
    );
  }
  const domain = parseTrustedDomain(trustedDomain);
  if (!isTrustedDomain(domain)) return undefined;
  const shownDomain = domain.port ? `${domain.host}:${domain.port}` : domain.host;
  if (!isHostInDomain(url.hostname, domain.host)) {
    return channel(
      `The channel URL's host ${quote(url.hostname)} is outside the trusted domain ${quote(shownDomain)}: use an https URL ` +
        `on ${domain.host} or one of its subdomains, or change the trusted domain to the provider's domain.`,
    );
  }
  if (domain.port !== "" && url.port !== domain.port) {
    return channel(
      `The channel URL uses port ${url.port || "443"}, but the trusted domain ${quote(shownDomain)} names port ` +
        `${domain.port}: use the same port in both.`,
    );
  }
  return undefined;
}

/** Every problem of a provider's URL columns, channel URL first, so a form can show each at its field. */
export function channelProviderProblems(row: {
  readonly apm_channelurl?: string | null;
  readonly apm_trusteddomain?: string | null;
}): RuleProblem[] {
  const problems = [
    validateChannelUrl(row.apm_channelurl, row.apm_trusteddomain),
    validateTrustedDomain(row.apm_trusteddomain),
  ];
  return problems.filter((p): p is RuleProblem => p !== undefined);
}
