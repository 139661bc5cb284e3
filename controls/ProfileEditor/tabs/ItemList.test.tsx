import * as React from "react";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { EditorStringKey } from "../../shared/manifest";
import { createTranslate } from "../../shared/strings";
import { readResx } from "../../shared/testing/fakeContext";
import { renderElement } from "../../shared/testing/render";
import { ItemList, type ItemColumn } from "./ItemList";

interface Row {
  id: string;
  name: string;
}

const resx = readResx("ProfileEditor");
const strings = createTranslate<EditorStringKey>((key) => resx[key] ?? "");
const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: `u${i}`, name: `User ${i}` }));

/** An ItemList whose cells count their renders, with removal wired as a tab wires it. */
function Harness(props: { initial: Row[]; renders: { count: number } }): React.ReactElement {
  const [items, setItems] = React.useState(props.initial);
  const [errors, setErrors] = React.useState<Record<string, string | undefined>>({ "item:u1": "Refused." });
  const columns = React.useMemo(
    (): ItemColumn<Row>[] => [
      {
        key: "name",
        name: "Name",
        render: (r) => {
          props.renders.count++;
          return r.name;
        },
      },
    ],
    [props.renders],
  );
  return (
    <ItemList
      label="Users assigned to this profile"
      items={items}
      columns={columns}
      itemName={(r) => r.name}
      onRemove={(r) => {
        setItems((current) => current.filter((x) => x.id !== r.id));
        // As the reducer does: a new errors object, the removed row's message cleared.
        setErrors((current) => ({ ...current, [`item:${r.id}`]: undefined, form: undefined }));
      }}
      errors={errors}
      emptyText="No users."
      readOnly={false}
      strings={strings}
    />
  );
}

function open(n: number) {
  const renders = { count: 0 };
  renderElement(<Harness initial={rows(n)} renders={renders} />);
  const grid = screen.getByRole("grid", { name: "Users assigned to this profile" });
  return { renders, grid };
}

describe("ItemList", () => {
  it("renders only the rows in view of 2,000, and still tells assistive technology how many there are", () => {
    const { grid } = open(2000);
    // The header row plus every item row.
    expect(grid).toHaveAttribute("aria-rowcount", "2001");
    const shown = within(grid).getAllByRole("row").length - 1;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(100);
    expect(within(grid).getByRole("rowheader", { name: /User 0/ })).toBeInTheDocument();
    expect(within(grid).queryByText("User 1999")).not.toBeInTheDocument();
    expect(within(grid).getByText("Refused.")).toBeInTheDocument();
    expect(within(grid).getByRole("columnheader", { name: "Remove" })).toBeInTheDocument();
  });

  it("renders as many rows for 2,000 items as for 200: the cost doesn't grow with the list", () => {
    const small = open(200).renders.count;
    document.body.innerHTML = "";
    const large = open(2000).renders.count;
    expect(large).toBe(small);
  });

  it("removing one of 2,000 renders only the rows new to the view: the rows that move up keep their cells", async () => {
    const user = userEvent.setup();
    const { renders, grid } = open(2000);
    const shownBefore = new Set(
      within(grid)
        .getAllByRole("rowheader")
        .map((cell) => cell.textContent),
    );
    renders.count = 0;
    await user.click(within(grid).getByRole("button", { name: "Remove User 5" }));
    expect(within(grid).queryByText("User 5")).not.toBeInTheDocument();
    expect(grid).toHaveAttribute("aria-rowcount", "2000");
    const entered = within(grid)
      .getAllByRole("rowheader")
      .filter((cell) => !shownBefore.has(cell.textContent));
    expect(entered.length).toBeGreaterThan(0);
    expect(renders.count).toBe(entered.length);
  });

  it("says so when there are no rows", () => {
    renderElement(<Harness initial={[]} renders={{ count: 0 }} />);
    expect(screen.getByText("No users.")).toBeInTheDocument();
  });
});
