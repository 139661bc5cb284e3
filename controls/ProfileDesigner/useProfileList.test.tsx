import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "@testing-library/react";
import { demoData } from "../shared/testing/fixtures";
import { MemoryProfileRepository } from "../shared/testing/memoryRepository";
import { useProfileList } from "./useProfileList";

function List(props: { repository: MemoryProfileRepository; renders: { count: number } }): React.ReactElement {
  const list = useProfileList(props.repository, true, undefined);
  props.renders.count++;
  return <p>{list.state.status}</p>;
}

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
});
