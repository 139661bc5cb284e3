import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "@testing-library/react";
import { demoData } from "../shared/testing/fixtures";
import { MemoryProfileAccess } from "../shared/testing/memoryAccess";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { useProfileEditor } from "./useProfileEditor";

function Status(props: { repository: MemoryProfileRepository; access: MemoryProfileAccess; profileKey: string }) {
  const { state } = useProfileEditor(props.repository, props.profileKey, "user", undefined, props.access);
  return <p>{state.status}</p>;
}

/** The repositories, with the profile's read held until `release` (so what goes out beside it shows). */
function heldProfileRead() {
  const repository = new MemoryProfileRepository(demoData("yes"));
  const access = new MemoryProfileAccess(repository, { roles: [], teams: [], members: [], holders: [], teamRoles: [] });
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => (release = resolve));
  for (const read of ["getProfile", "getProfileByUniqueName"] as const) {
    const original = repository[read].bind(repository);
    jest.spyOn(repository, read).mockImplementation(async (key: string) => {
      await held;
      return original(key);
    });
  }
  const profile = repository.data.profiles[0];
  return { repository, access, release, profile };
}

async function renderStatus(props: React.ComponentProps<typeof Status>) {
  const container = document.createElement("div");
  await act(async () => {
    ReactDOM.render(<Status {...props} />, container);
  });
  return container;
}

describe("useProfileEditor's load", () => {
  it("reads the rank, roles and teams beside the profile when it is addressed by id: no wait for its answer", async () => {
    const { repository, access, release, profile } = heldProfileRead();
    const container = await renderStatus({ repository, access, profileKey: profile.id });
    expect(container.textContent).toBe("loading");
    expect(access.requests).toEqual([`GET apm_appprofiles(${profile.id})`]);
    await act(async () => release());
    expect(container.textContent).toBe("ready");
    expect(access.requests).toHaveLength(1);
    ReactDOM.unmountComponentAtNode(container);
  });

  it("waits for the profile's id when the form gives its unique name", async () => {
    const { repository, access, release, profile } = heldProfileRead();
    const container = await renderStatus({ repository, access, profileKey: String(profile.fields.apm_uniquename) });
    expect(access.requests).toEqual([]);
    await act(async () => release());
    expect(container.textContent).toBe("ready");
    expect(access.requests).toEqual([`GET apm_appprofiles(${profile.id})`]);
    ReactDOM.unmountComponentAtNode(container);
  });
});
