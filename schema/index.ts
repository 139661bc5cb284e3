export * from "./define";
export * from "./model";
export * from "./pluginRegistration";
export * from "./state";
