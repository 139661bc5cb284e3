/** What an agent's app gets back from `resolveEffectiveProfile`. Plain data, so it serializes as is. */

/** Direct: the user is assigned to the profile. Default: the user has none, so the app's built-in default applies. */
export type ProfileReason = "Direct" | "Default";

export interface ProfileSummary {
  readonly id: string;
  readonly name: string;
  readonly uniqueName: string;
  /** The AppChoice value (schema/model.ts). */
  readonly app: number;
  readonly isDefault: boolean;
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

export interface EffectiveProfile {
  readonly reason: ProfileReason;
  readonly profile: ProfileSummary;
  readonly sessionTemplates: readonly EffectiveSessionTemplate[];
  readonly productivityPane: ProductivityPane;
  readonly allActiveChannels: boolean;
  /** Sorted by sortOrder, then label. */
  readonly channelProviders: readonly EffectiveChannelProvider[];
}
