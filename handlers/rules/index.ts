/** The pure rules: the handlers enforce them server side, and the controls call them for live validation. */
export * from "./problem";
export * from "./uniqueName";
export * from "./text";
export * from "./chatLicense";
export * from "./channelProvider";
export * from "./sessionTemplate";
export * from "./builtIn";
export * from "./userAssignment";
export * from "./assignment";
