/** What an agent's app gets back from `resolveEffectiveProfile`. Plain data, so it serializes as is. */

/**
 * Why the profile applies, in precedence order (issue 13): Direct, the user is assigned to it; Team, it is given to
 * a team the user is a member of (lowest rank wins); Role, it is given to a role the user holds directly or through a
 * team (lowest rank wins); CustomDefault, the app's own default; Default, the app's built-in profile.
 */
export type ProfileReason = "Direct" | "Team" | "Role" | "CustomDefault" | "Default";

/** The team or role that gives the profile (reason Team or Role). */
export interface ProfileVia {
  readonly id: string;
  readonly name: string;
}

export interface ProfileSummary {
  readonly id: string;
  readonly name: string;
  readonly uniqueName: string;
  /** The AppChoice value (schema/model.ts). */
  readonly app: number;
  readonly isDefault: boolean;
  /** Order among the app's profiles given through teams and roles (lowest wins); null when it has none. */
  readonly rank: number | null;
  readonly isCustomDefault: boolean;
}

export interface EffectiveSessionTemplate {
  readonly id: string;
  readonly name: string;
  readonly uniqueName: string;
  readonly entityLogicalName: string | null;
}

export interface ProductivityPane {
  readonly enabled: boolean;
  readonly mode: "collapsed" | "expanded";
  readonly smartAssist: boolean;
  readonly callScript: boolean;
}

export interface EffectiveChannelProvider {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly channelUrl: string;
  readonly trustedDomain: string;
  /** Channel Integration Framework API version, as its label: "1.0" or "2.0". */
  readonly apiVersion: string;
  readonly enableOutbound: boolean;
  readonly sortOrder: number;
}

/** Which profile applies and why, without what it holds (`resolveProfileChain`: an admin's Search by user). */
export interface EffectiveProfileChoice {
  readonly reason: ProfileReason;
  /** The team (reason Team) or role (reason Role) through which the profile applies; absent otherwise. */
  readonly via?: ProfileVia;
  readonly profile: ProfileSummary;
}

export interface EffectiveProfile extends EffectiveProfileChoice {
  readonly sessionTemplates: readonly EffectiveSessionTemplate[];
  readonly productivityPane: ProductivityPane;
  readonly allActiveChannels: boolean;
  /** Sorted by sortOrder, then label. */
  readonly channelProviders: readonly EffectiveChannelProvider[];
}
