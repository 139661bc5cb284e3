/** Component test setup: jest-dom matchers, and a waiting time for `findBy…` that survives a busy CI machine. */
import "@testing-library/jest-dom";
import { configure } from "@testing-library/react";

configure({ asyncUtilTimeout: 5000 });
