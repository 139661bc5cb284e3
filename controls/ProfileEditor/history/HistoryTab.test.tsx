/**
 * Issue 14: the editor's History tab, by role and label: newest first with who, when and old → new, linked records
 * by name, the kind filter and pages (each a request to the source), the empty, error and no-privilege states, user
 * text shown as text; and Learn's recorded audit answers read through the same data path the control uses.
 */
import * as React from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RepositoryError } from "../../shared/data/ProfileRepository";
import type { WebApiFetch } from "../../shared/data/webApiFetch";
import type { HistoryFilter } from "../../shared/history/auditTrail";
import { readAuditDetail } from "../../shared/history/auditTrail";
import { webApiHistorySource, type HistoryItem, type ProfileHistorySource } from "../../shared/history/historySource";
import * as learn from "../../shared/history/learnAuditShapes";
import type { EditorStringKey } from "../../shared/manifest";
import { createTranslate } from "../../shared/strings";
import { readResx } from "../../shared/testing/fakeContext";
import { renderElement } from "../../shared/testing/render";
import { HistoryTab } from "./HistoryTab";

const resx = readResx("ProfileEditor");
const strings = createTranslate<EditorStringKey>((key) => resx[key] ?? "");
const formatDateTime = (iso: string) => `at ${iso}`;
const profileId = "11111111-0000-4000-8000-000000000001";

const item = (auditId: string, kind: HistoryItem["kind"], extra: Partial<HistoryItem> = {}): HistoryItem => ({
  auditId,
  kind,
  at: "2026-12-01T10:00:00Z",
  userName: "Avery Admin",
  changes: [],
  ...extra,
});
const entries: HistoryItem[] = [
  item("a4", "disassociate", {
    link: {
      kind: "users",
      relationship: "apm_appprofile_systemuser",
      relatedTable: "systemuser",
      relatedId: "u1",
      name: "Noa Norole",
    },
  }),
  item("a3", "associate", {
    at: "2026-12-01T09:30:00Z",
    userName: '<img src=x onerror="alert(1)">',
    link: {
      kind: "sessionTemplates",
      relationship: "apm_appprofile_sessiontemplate",
      relatedTable: "apm_sessiontemplate",
      relatedId: "t1",
      name: "Case",
    },
  }),
  item("a2", "update", {
    changes: [
      { column: "apm_name", from: "Before", to: "After" },
      { column: "apm_description", from: null, to: "Now described" },
      { column: "apm_app", from: 192350000, to: 192350001 },
      { column: "apm_smartassistenabled", from: false, to: true },
    ],
  }),
  item("a1", "create", { changes: [{ column: "apm_name", from: null, to: "Before" }] }),
];

function fakeSource(answer?: (filter: HistoryFilter, page: number) => Promise<HistoryItem[]>) {
  const calls: [HistoryFilter, number, number][] = [];
  const source: ProfileHistorySource = {
    async readPage(_id, filter, page, pageSize) {
      calls.push([filter, page, pageSize]);
      const all = answer ? await answer(filter, page) : entries.filter((e) => filter === "all" || e.kind === filter);
      return { items: all.slice(0, pageSize), page, hasMore: all.length > pageSize };
    },
  };
  return { source, calls };
}

const render = (source: ProfileHistorySource, pageSize?: number) =>
  renderElement(
    <HistoryTab
      profileId={profileId}
      source={source}
      strings={strings}
      formatDateTime={formatDateTime}
      pageSize={pageSize}
    />,
  );

const rows = async () =>
  within(await screen.findByRole("list", { name: "Changes to this profile, newest first" }))
    .getAllByRole("listitem")
    .filter((li) => li.parentElement?.tagName === "OL")
    .map((li) => li.textContent);

describe("the History tab", () => {
  it("lists changes newest first: who, when, old → new with display names and labels, and what was added or removed", async () => {
    render(fakeSource().source);
    expect(screen.getByText("Loading…")).toBeInTheDocument();
    expect(await rows()).toEqual([
      "Removed by Avery Adminat 2026-12-01T10:00:00ZUser: Noa Norole",
      'Added by <img src=x onerror="alert(1)">at 2026-12-01T09:30:00ZSession template: Case',
      "Changed by Avery Adminat 2026-12-01T10:00:00Z" +
        "Name: Before → After" +
        "Description: (empty) → Now described" +
        "App: Customer Service workspace → Omnichannel for Customer Service" +
        "Smart assist: Off → On",
      "Created by Avery Adminat 2026-12-01T10:00:00ZName: Before",
    ]);
    // User text is text: the name's markup is not an element.
    expect(document.querySelector("img")).toBeNull();
    expect(screen.getAllByText("at 2026-12-01T10:00:00Z")[0].closest("time")).toHaveAttribute(
      "dateTime",
      "2026-12-01T10:00:00Z",
    );
  });

  it("filters by kind through the source, from the first page", async () => {
    const { source, calls } = fakeSource();
    render(source);
    await rows();
    await userEvent.click(screen.getByRole("button", { name: "Changed" }));
    await waitFor(() => expect(calls.at(-1)).toEqual(["update", 1, 25]));
    expect(screen.getByRole("button", { name: "Changed" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "All" })).toHaveAttribute("aria-pressed", "false");
    await waitFor(async () => expect(await rows()).toHaveLength(1));
    expect((await rows())[0]).toMatch(/^Changed by Avery Admin/);
    await userEvent.click(screen.getByRole("button", { name: "Created" }));
    await waitFor(() => expect(calls.at(-1)).toEqual(["create", 1, 25]));
  });

  it("pages: older and newer changes, a page at a time", async () => {
    const { source, calls } = fakeSource((_f, page) => Promise.resolve(page === 1 ? entries : entries.slice(2)));
    render(source, 2);
    expect(await rows()).toHaveLength(2);
    expect(screen.getByText("Page 1")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Newer changes" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Older changes" }));
    await screen.findByText("Page 2");
    expect(calls.at(-1)).toEqual(["all", 2, 2]);
    await userEvent.click(screen.getByRole("button", { name: "Newer changes" }));
    await screen.findByText("Page 1");
  });

  it("says so when nothing is recorded, and when nothing of a kind is", async () => {
    render(fakeSource(() => Promise.resolve([])).source);
    expect(await screen.findByText("No changes are recorded for this profile yet.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Removed" }));
    expect(await screen.findByText("No changes of this kind are recorded for this profile.")).toBeInTheDocument();
  });

  it("shows a failure as one sentence with Retry, and one notice without the audit privileges", async () => {
    let fail = true;
    render(
      fakeSource(() =>
        fail
          ? Promise.reject(new RepositoryError("unavailable", "socket hang up", { status: 503 }))
          : Promise.resolve(entries),
      ).source,
    );
    const alert = await screen.findByText(resx.loadUnavailable);
    expect(alert.textContent).not.toMatch(/socket/);
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await rows()).toHaveLength(4);
  });

  it("tells a user who may not read audits why, once, with no list", async () => {
    const denied = new RepositoryError("refused", "Principal user is missing prvReadAuditSummary privilege.", {
      status: 403,
      code: "0x80040220",
    });
    render(fakeSource(() => Promise.reject(denied)).source);
    expect(await screen.findByText(resx.historyNoPrivilege)).toBeInTheDocument();
    expect(screen.queryByRole("list")).toBeNull();
    expect(screen.queryByText(/prvRead/)).toBeNull();
  });
});

/** A Web API that answers with Learn's recorded shapes: the audit rows, and each row's RetrieveAuditDetails in $batch. */
function learnWebApi(): { send: WebApiFetch; paths: string[] } {
  const details = new Map<string, unknown>([
    [learn.audits.userAdded, learn.userAddedDetail],
    [learn.audits.appChanged, learn.appChangeDetail],
    [learn.audits.parentAccount, learn.parentAccountDetail],
  ]);
  const paths: string[] = [];
  const answer = (status: number, body: string, type = "application/json") =>
    Promise.resolve({
      ok: status < 400,
      status,
      headers: { get: (name: string) => (name.toLowerCase() === "content-type" ? type : null) },
      text: () => Promise.resolve(body),
    } as unknown as Response);
  const send: WebApiFetch = (path, init) => {
    paths.push(path);
    if (path.startsWith("audits?")) return answer(200, JSON.stringify(learn.auditRows));
    if (path === "$batch") {
      const ids = [
        ...String(init.body).matchAll(
          /GET \S*audits\(([0-9a-f-]{36})\)\/Microsoft\.Dynamics\.CRM\.RetrieveAuditDetails\(\) HTTP/g,
        ),
      ].map((m) => m[1]);
      const parts = ids.map(
        (id) =>
          `--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(details.get(id))}\r\n`,
      );
      return answer(200, `${parts.join("")}--b--\r\n`, "multipart/mixed; boundary=b");
    }
    if (path.startsWith("systemusers?"))
      return answer(200, JSON.stringify({ value: [{ systemuserid: learn.addedUserId, fullname: "TeamName Member" }] }));
    return answer(404, JSON.stringify({ error: { code: "0x8006088a", message: "Resource not found." } }));
  };
  return { send, paths };
}

describe("Learn's recorded audit answers, through the control's data path", () => {
  it("shows who (the row's formatted user name), when, option labels and lookup names Dataverse formatted, and the added user", async () => {
    const { send, paths } = learnWebApi();
    renderElement(
      <HistoryTab
        profileId={learn.profileId}
        source={webApiHistorySource(send, "https://contoso.crm.dynamics.com")}
        strings={strings}
        formatDateTime={formatDateTime}
      />,
    );
    expect(await rows()).toEqual([
      "Added by FirstName LastNameat 2022-05-12T22:21:40ZUser: TeamName Member",
      "Changed by FirstName LastNameat 2022-05-12T22:20:05ZApp: Customer Service workspace → Omnichannel for Customer Service",
      "Changed by FirstName LastNameat 2022-05-12T22:19:12Zparentaccountid: (empty) → A. Datum Corporation",
    ]);
    // The rows, one $batch of details, and one read of the linked user's name: the author came named.
    expect(paths.map((p) => p.split("?")[0])).toEqual(["audits", "$batch", "systemusers"]);
  });

  it("is why the rows come from audits: RetrieveRecordChangeHistory as Learn records it names no one and no time", () => {
    const [detail] = learn.recordChangeHistory.AuditDetailCollection.AuditDetails;
    expect(detail).not.toHaveProperty("AuditRecord");
    // The detail gives old → new only; who, when and what kind are the audit row's.
    expect(readAuditDetail({ AuditDetail: detail })).toEqual({
      changes: [{ column: "description", from: "Old description value", to: "New description value" }],
    });
  });
});
