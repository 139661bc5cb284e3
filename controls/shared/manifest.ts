/**
 * Names that the ControlManifest.Input.xml files, the .resx files, the index.ts adapters and the tests share.
 * Keep them in sync with the XML; `manifest.test.ts` checks that they are.
 */
export const CONTROL_NAMESPACE = "AppProfileManager";

export const ProfileDesignerManifest = {
  constructor: "ProfileDesigner",
  properties: {
    /** Output text property: the id of the profile the admin selected (a dataset control has no bound property). */
    selectedProfileId: "selectedProfileId",
  },
  dataSets: {
    /** The records of the view the control replaces (the App Profiles public view). */
    profiles: "profiles",
  },
} as const;

export const ProfileEditorManifest = {
  constructor: "ProfileEditor",
  properties: {
    /**
     * Bound text property: a key of the profile. The profile form binds it to `apm_uniquename` (the alternate key);
     * a host page may pass the id. Empty on a New form, whose record doesn't exist yet.
     */
    profileKey: "profileKey",
    /** Optional input: where *Add channel providers* goes (relative to the page or absolute). */
    channelProviderConfigUrl: "channelProviderConfigUrl",
  },
  /** A field control on the profile form: no data set. */
  dataSets: {},
} as const;

/**
 * The app's own list of channel providers (its default view, Active Channel Providers), used when the host configures
 * no URL. `appname` keeps it in this app rather than the user's default one (Learn: model-driven-apps/
 * open-forms-views-dialogs-reports-url). Solutions/test/providerPages.test.ts checks the names against the solution.
 */
export const DEFAULT_CHANNEL_PROVIDER_CONFIG_URL =
  "/main.aspx?appname=apm_AppProfileManager&pagetype=entitylist&etn=apm_channelprovider";

/** Inputs and outputs as the generated ManifestTypes.d.ts would declare them (kept by hand so tsc needs no build). */
export interface ProfileDesignerInputs {
  profiles: ComponentFramework.PropertyTypes.DataSet;
}
export interface ProfileDesignerOutputs {
  selectedProfileId?: string;
}
export interface ProfileEditorInputs {
  profileKey: ComponentFramework.PropertyTypes.StringProperty;
  channelProviderConfigUrl: ComponentFramework.PropertyTypes.StringProperty;
}
export type ProfileEditorOutputs = Record<string, never>;

export type { CommonStringKey, DesignerStringKey, EditorStringKey } from "./stringKeys";
