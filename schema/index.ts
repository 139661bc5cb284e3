export * from "./define";
export * from "./model";
export * from "./state";
