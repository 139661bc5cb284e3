/**
 * The page's own Fluent parts, laid out like a model-driven app (issue 12, item 8): the signed-in user switcher,
 * the site map, the form's command bar and the one notice for a user without access.
 */
import type { IDropdownOption } from "@fluentui/react";
import { Fluent, React, ReactDOM } from "./platform";
import type { Session } from "./context";

type User = Session["users"][number];

/** Renders one Fluent element into a container the page owns (the controls' containers are theirs). */
export function renderInto(container: Element, element: React.ReactElement): void {
  ReactDOM.render(<Fluent.ThemeProvider>{element}</Fluent.ThemeProvider>, container);
}

function persona(user: User | undefined): React.ReactElement | null {
  if (!user) return null;
  return <Fluent.Persona text={user.fullname} secondaryText={user.key} size={Fluent.PersonaSize.size24} />;
}

/**
 * A Fluent Dropdown of the demo users, each as a Persona. `onSwitch` resolves false when the person chose to stay
 * (unsaved changes), and the selection goes back to the signed-in user.
 */
export function UserSwitcher(props: { session: Session; onSwitch: (key: string) => Promise<boolean> }) {
  const { session } = props;
  const [selected, setSelected] = React.useState(session.user.key);
  const byKey = new Map(session.users.map((user) => [user.key, user]));
  const options: IDropdownOption[] = session.users.map((user) => ({ key: user.key, text: user.fullname }));
  return (
    <>
      {/* The signed-in user's key, for scripts and tests that read the page (the Dropdown isn't a form field). */}
      <input type="hidden" id="user-switcher" value={selected} />
      <Fluent.Dropdown
        ariaLabel="Signed-in demo user"
        title="Signed in as"
        selectedKey={selected}
        options={options}
        dropdownWidth="auto"
        styles={{ root: { width: 220, maxWidth: "50vw" }, title: { height: 36, lineHeight: 34 } }}
        onRenderTitle={(items) => persona(byKey.get(String(items?.[0]?.key)))}
        onRenderOption={(option) => persona(byKey.get(String(option?.key)))}
        onChange={(_event, option) => {
          if (!option) return;
          const key = String(option.key);
          setSelected(key);
          void props.onSwitch(key).then((switched) => {
            if (!switched) setSelected(session.user.key);
          });
        }}
      />
    </>
  );
}

export type Route = "profiles" | "channelproviders";

/** The site map: Fluent Nav with real links (each opens in a new tab with the browser's own commands). */
export function SiteMap(props: { current: Route }): React.ReactElement {
  return (
    <Fluent.Nav
      ariaLabel="Site map"
      selectedKey={props.current}
      groups={[
        {
          links: [
            { key: "profiles", name: "App profiles", url: "#/profiles", icon: "Contact", id: "nav-profiles" },
            {
              key: "channelproviders",
              name: "Channel providers",
              url: "#/channelproviders",
              icon: "Phone",
              id: "nav-providers",
            },
          ],
        },
      ]}
      styles={{ root: { width: "100%" } }}
    />
  );
}

/** The profile form's command bar: back to the list, and the form's own address to open in a new tab. */
export function FormCommandBar(props: { profileId: string }): React.ReactElement {
  return (
    <Fluent.CommandBar
      ariaLabel="Form commands"
      items={[
        { key: "back", text: "App profiles", iconProps: { iconName: "Back" }, href: "#/profiles" },
        {
          key: "newtab",
          text: "Open in new tab",
          iconProps: { iconName: "OpenInNewTab" },
          href: `/#/profiles/${props.profileId}`,
          target: "_blank",
          rel: "noopener",
        },
      ]}
      overflowButtonProps={{ ariaLabel: "More commands" }}
      styles={{ root: { padding: 0, background: "transparent" } }}
    />
  );
}

/** A user without any role: one sentence, no commands (issue 12, item 6). */
export function NoAccessNotice(): React.ReactElement {
  return (
    <Fluent.MessageBar messageBarType={Fluent.MessageBarType.warning} isMultiline>
      You don&apos;t have access to app profiles: ask for the App Profile User role.
    </Fluent.MessageBar>
  );
}

/** The page itself failed (a bundle missing, the server down): one sentence, with what to do. */
export function PageError(props: { message: string }): React.ReactElement {
  return (
    <Fluent.MessageBar messageBarType={Fluent.MessageBarType.error} isMultiline>
      {props.message}
    </Fluent.MessageBar>
  );
}
