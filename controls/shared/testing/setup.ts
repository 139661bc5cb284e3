/**
 * Component test setup: jest-dom matchers, and waiting times that survive a busy CI machine: `findBy…` waits 10 s,
 * and a test gets 150 s, because the longest user-event walks through Fluent UI take about 30 s at a load of 10 on
 * two cores (29.4 s of the global 30 s when measured) and 40-57 s at a load of 15-20 (a save's field message then
 * took more than 5 s to show).
 */
import "@testing-library/jest-dom";
import { configure } from "@testing-library/react";
import { registrations } from "../../../handlers/registrations";
import { setCheckSteps } from "../data/checks";

configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(150_000);
// Components rendered without their index.ts check every registration (an index.ts narrows it to its own steps).
setCheckSteps(registrations);

// The designer keeps its list's search, sort and page in session storage; each test starts from a fresh session.
beforeEach(() => {
  if (typeof window !== "undefined") window.sessionStorage.clear();
});
