import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "@testing-library/react";
import { demoData } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { LIST_VIEW_STORAGE_KEY, type ViewStorage } from "./listViewState";
import { prefetchFirstPage, useProfileList, type PrefetchedPage } from "./useProfileList";

function List(props: {
  repository: MemoryProfileRepository;
  renders: { count: number };
  storage?: ViewStorage;
  prefetched?: PrefetchedPage;
}): React.ReactElement {
  const list = useProfileList(props.repository, true, props.storage, [], props.prefetched);
  props.renders.count++;
  return <p>{list.state.status === "ready" ? `${list.state.page.rows.length} rows` : list.state.status}</p>;
}

function memoryStorage(view?: object): ViewStorage {
  const items = new Map<string, string>(view ? [[LIST_VIEW_STORAGE_KEY, JSON.stringify(view)]] : []);
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

const pageRequests = (repository: MemoryProfileRepository) =>
  repository.requests.filter((r) => r.startsWith("GET apm_appprofiles?$count=true"));

describe("useProfileList", () => {
  it("sends the first page's request from the commit, before the browser paints, with no second render first", () => {
    const repository = new MemoryProfileRepository(demoData());
    const renders = { count: 0 };
    const container = document.createElement("div");
    // Outside act: React 16 runs a plain effect only later (after the paint), a layout effect within render().
    ReactDOM.render(<List repository={repository} renders={renders} />, container);
    expect(repository.requests[0]).toBe("GET apm_appprofiles?$count=true");
    expect(renders.count).toBe(1);
    act(() => {
      ReactDOM.unmountComponentAtNode(container);
    });
  });

  it("takes the first page init asked for, so that page is one request, not two", async () => {
    const repository = new MemoryProfileRepository(demoData());
    const storage = memoryStorage();
    const prefetched = prefetchFirstPage(repository, storage, []);
    expect(pageRequests(repository)).toHaveLength(1);
    const container = document.createElement("div");
    await act(async () => {
      ReactDOM.render(
        <List repository={repository} renders={{ count: 0 }} storage={storage} prefetched={prefetched} />,
        container,
      );
    });
    expect(container.textContent).toBe(`${(await prefetched.page).rows.length} rows`);
    expect(pageRequests(repository)).toHaveLength(1);
    act(() => {
      ReactDOM.unmountComponentAtNode(container);
    });
  });

  it("asks again when the early page answers another view (the admin changed it since)", async () => {
    const repository = new MemoryProfileRepository(demoData());
    const prefetched = prefetchFirstPage(repository, memoryStorage({ status: "inactive" }), []);
    const container = document.createElement("div");
    await act(async () => {
      ReactDOM.render(
        <List repository={repository} renders={{ count: 0 }} storage={memoryStorage()} prefetched={prefetched} />,
        container,
      );
    });
    expect(pageRequests(repository)).toHaveLength(2);
    act(() => {
      ReactDOM.unmountComponentAtNode(container);
    });
  });
});
