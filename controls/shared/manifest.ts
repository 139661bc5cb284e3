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

/** Model-driven page that lists channel providers, used when the host configures no URL. */
export const DEFAULT_CHANNEL_PROVIDER_CONFIG_URL = "/main.aspx?pagetype=entitylist&etn=apm_channelprovider";

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

/** Resource keys of strings both controls show. */
export const CommonStrings = {
  appCustomerServiceWorkspace: "App_CustomerServiceWorkspace",
  appOmnichannel: "App_Omnichannel",
  fieldName: "Field_Name",
  fieldUniqueName: "Field_UniqueName",
  fieldUniqueNameHelp: "Field_UniqueName_Help",
  fieldDescription: "Field_Description",
  fieldApp: "Field_App",
  licenseUnavailable: "License_Unavailable",
  loading: "Loading",
  loadError: "Load_Error",
  retry: "Retry",
  fixErrors: "Fix_Errors",
  readOnlyPrivilege: "ReadOnly_Privilege",
  pickerNoResults: "Picker_NoResults",
  pickerSearching: "Picker_Searching",
  pickerClose: "Picker_Close",
  removeItem: "Remove_Item",
  dismiss: "Dismiss",
} as const;

export const DesignerStrings = {
  ...CommonStrings,
  displayName: "ProfileDesigner_Display_Key",
  description: "ProfileDesigner_Desc_Key",
  profilesDisplay: "Profiles_Display_Key",
  selectedProfileIdDisplay: "SelectedProfileId_Display_Key",
  selectedProfileIdDesc: "SelectedProfileId_Desc_Key",
  title: "Designer_Title",
  newProfile: "Command_NewProfile",
  refresh: "Command_Refresh",
  searchLabel: "Search_Label",
  searchPlaceholder: "Search_Placeholder",
  listLabel: "List_Label",
  listEmpty: "List_Empty",
  pageRange: "Page_Range",
  pageRangeCapped: "Page_Range_Capped",
  pagePrevious: "Page_Previous",
  pageNext: "Page_Next",
  pagingLabel: "Paging_Label",
  columnName: "Column_Name",
  columnUniqueName: "Column_UniqueName",
  columnApp: "Column_App",
  columnBuiltIn: "Column_BuiltIn",
  columnUsers: "Column_Users",
  columnStatus: "Column_Status",
  statusActive: "Status_Active",
  statusInactive: "Status_Inactive",
  statusFilterLabel: "StatusFilter_Label",
  statusFilterActive: "StatusFilter_Active",
  statusFilterInactive: "StatusFilter_Inactive",
  statusFilterAll: "StatusFilter_All",
  builtInTooltip: "BuiltIn_Tooltip",
  builtInAriaLabel: "BuiltIn_AriaLabel",
  panelTitle: "Panel_Title",
  create: "Command_Create",
  cancel: "Command_Cancel",
  createError: "Create_Error",
  created: "Created",
  searchByUser: "Command_SearchByUser",
  searchByUserTitle: "SearchByUser_Title",
  searchByUserIntro: "SearchByUser_Intro",
  searchByUserClose: "SearchByUser_Close",
  searchByUserLabel: "SearchByUser_SearchLabel",
  searchByUserPlaceholder: "SearchByUser_Placeholder",
  searchByUserHint: "SearchByUser_Hint",
  searchByUserFound: "SearchByUser_Found",
  searchByUserFoundOne: "SearchByUser_FoundOne",
  searchByUserNone: "SearchByUser_None",
  searchByUserUsersLabel: "SearchByUser_UsersLabel",
  searchByUserLoading: "SearchByUser_Loading",
  searchByUserLoaded: "SearchByUser_Loaded",
  searchByUserError: "SearchByUser_Error",
  searchByUserResultsLabel: "SearchByUser_ResultsLabel",
  columnProfile: "Column_Profile",
  columnReason: "Column_Reason",
  reasonDirect: "Reason_Direct",
  reasonDirectHelp: "Reason_Direct_Help",
  reasonDefault: "Reason_Default",
  reasonDefaultHelp: "Reason_Default_Help",
} as const;

export const EditorStrings = {
  ...CommonStrings,
  displayName: "ProfileEditor_Display_Key",
  description: "ProfileEditor_Desc_Key",
  profileKeyDisplay: "ProfileKey_Display_Key",
  profileKeyDesc: "ProfileKey_Desc_Key",
  configUrlDisplay: "ChannelProviderConfigUrl_Display_Key",
  configUrlDesc: "ChannelProviderConfigUrl_Desc_Key",
  tabsLabel: "Tabs_Label",
  tabGeneral: "Tab_General",
  tabSessionTemplates: "Tab_SessionTemplates",
  tabProductivityPane: "Tab_ProductivityPane",
  tabChannels: "Tab_Channels",
  tabUsers: "Tab_Users",
  save: "Command_Save",
  discard: "Command_Discard",
  reload: "Command_Reload",
  saved: "Saved",
  saveError: "Save_Error",
  conflict: "Conflict",
  unsaved: "Unsaved",
  builtInReadOnly: "BuiltIn_ReadOnly",
  deactivate: "Command_Deactivate",
  activate: "Command_Activate",
  inactiveNotice: "Inactive_Notice",
  stateFailed: "State_Failed",
  noProfile: "No_Profile",
  saveFirst: "Save_First",
  templatesAdd: "Templates_Add",
  templatesSearchLabel: "Templates_SearchLabel",
  templatesEmpty: "Templates_Empty",
  templatesEntityTaken: "Templates_EntityTaken",
  templatesListLabel: "Templates_ListLabel",
  columnName: "Column_Name",
  columnEntity: "Column_Entity",
  paneToggle: "Pane_Toggle",
  paneMode: "Pane_Mode",
  paneCollapsed: "Pane_Collapsed",
  paneExpanded: "Pane_Expanded",
  paneTools: "Pane_Tools",
  paneSmartAssist: "Pane_SmartAssist",
  paneCallScript: "Pane_CallScript",
  paneToolsKept: "Pane_ToolsKept",
  on: "Toggle_On",
  off: "Toggle_Off",
  channelsAllActive: "Channels_AllActive",
  channelsAllActiveHelp: "Channels_AllActive_Help",
  channelsVoice: "Channels_Voice",
  channelsAddProviders: "Channels_AddProviders",
  channelsAddProvidersHelp: "Channels_AddProviders_Help",
  channelsAddToProfile: "Channels_AddToProfile",
  channelsSearchLabel: "Channels_SearchLabel",
  channelsEmpty: "Channels_Empty",
  channelsListLabel: "Channels_ListLabel",
  columnLabel: "Column_Label",
  columnChannelUrl: "Column_ChannelUrl",
  columnSortOrder: "Column_SortOrder",
  pickerAlreadyAdded: "Picker_AlreadyAdded",
  usersAdd: "Users_Add",
  usersSearchLabel: "Users_SearchLabel",
  usersEmpty: "Users_Empty",
  usersListLabel: "Users_ListLabel",
  usersHasOther: "Users_HasOther",
  usersMoveHere: "Users_MoveHere",
  usersMoving: "Users_Moving",
  columnUser: "Column_User",
  columnUserName: "Column_UserName",
  // Delete and Clone on the profile form (issue 12).
  deleteCommand: "Command_Delete",
  deleteBuiltIn: "Delete_BuiltIn",
  deleteTitle: "Delete_Title",
  deleteConfirmUsers: "Delete_Confirm_Users",
  deleteConfirmOneUser: "Delete_Confirm_OneUser",
  deleteConfirmNoUsers: "Delete_Confirm_NoUsers",
  deleteConfirm: "Delete_Confirm",
  deleting: "Deleting",
  deleteFailed: "Delete_Failed",
  cancel: "Command_Cancel",
  cloneCommand: "Command_Clone",
  cloneTitle: "Clone_Title",
  cloneIntro: "Clone_Intro",
  cloneName: "Clone_Name",
  cloneUniqueName: "Clone_UniqueName",
  cloneMoveUsers: "Clone_MoveUsers",
  cloneMoveUsersHelp: "Clone_MoveUsers_Help",
  cloneCreate: "Clone_Create",
  cloning: "Cloning",
  cloneFailed: "Clone_Failed",
  cloneNameRequired: "Clone_NameRequired",
  // Related lists and pickers (issue 12, item 7 and the speed budgets).
  columnRemove: "Column_Remove",
  pickerAdded: "Picker_Added",
  pickerStaysOpen: "Picker_StaysOpen",
  usersPickerHelp: "Users_PickerHelp",
  usersWithoutRole: "Users_WithoutRole",
  templatesPickerHelp: "Templates_PickerHelp",
  templatesNoResults: "Templates_NoResults",
} as const;

export type CommonStringKey = keyof typeof CommonStrings;
export type DesignerStringKey = keyof typeof DesignerStrings;
export type EditorStringKey = keyof typeof EditorStrings;
