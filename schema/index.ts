export * from "./define";
export * from "./model";
