/** Issue 14, Search by user: "Assigned by X on date" for a Direct row, from the profile's history source. */
import * as React from "react";
import { screen, waitFor } from "@testing-library/react";
import type { AssignmentSource } from "../shared/history/historySource";
import type { DesignerStringKey } from "../shared/manifest";
import { createTranslate } from "../shared/strings";
import { readResx } from "../shared/testing/fakeContext";
import { renderElement } from "../shared/testing/render";
import { AssignedBy } from "./AssignedBy";

const resx = readResx("ProfileDesigner");
const strings = createTranslate<DesignerStringKey>((key) => resx[key] ?? "");
const source = (answer: AssignmentSource["whoAssigned"]) => ({
  source: { whoAssigned: answer },
  formatDateTime: (iso: string) => `on-date ${iso}`,
});

describe("who assigned this user", () => {
  it("names who added the user to the profile and when", async () => {
    const asked: string[][] = [];
    renderElement(
      <AssignedBy
        profileId="p1"
        userId="u1"
        strings={strings}
        history={source((p, u) => {
          asked.push([p, u]);
          return Promise.resolve({ userName: "Avery <b>Admin</b>", at: "2026-12-01T10:00:00Z" });
        })}
      />,
    );
    expect(
      await screen.findByText("Assigned by Avery <b>Admin</b> on on-date 2026-12-01T10:00:00Z"),
    ).toBeInTheDocument();
    expect(asked).toEqual([["p1", "u1"]]);
    expect(document.querySelector("b")).toBeNull();
  });

  it("says nothing when no addition is recorded or the history can't be read", async () => {
    const { container, rerender } = renderElement(
      <AssignedBy profileId="p1" userId="u1" strings={strings} history={source(() => Promise.resolve(undefined))} />,
    );
    await waitFor(() => expect(container.textContent).toBe(""));
    rerender(
      <AssignedBy
        profileId="p1"
        userId="u2"
        strings={strings}
        history={source(() => Promise.reject(new Error("403")))}
      />,
    );
    await waitFor(() => expect(container.textContent).toBe(""));
  });
});
