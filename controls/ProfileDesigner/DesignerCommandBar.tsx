/**
 * The designer's command bar, a Fluent CommandBar as in a model-driven grid: commands that don't fit the width go
 * into the overflow menu. A disabled command says why in its tooltip (and its accessible description).
 */
import * as React from "react";
import {
  CommandBar,
  CommandBarButton,
  TooltipHost,
  type IButtonProps,
  type ICommandBarItemProps,
  type IComponentAsProps,
} from "@fluentui/react";
import { useStableId } from "../shared/components/useStableId";

export interface DesignerCommand {
  readonly key: string;
  readonly text: string;
  readonly icon: string;
  readonly onClick: () => void;
  /** Why the command is off; undefined when it can run. */
  readonly disabledReason?: string;
  readonly opensDialog?: boolean;
  /** What the command does, when its text alone can't say (shown as its title while it can run). */
  readonly tooltip?: string;
}

/** One stable component for every item (a new one per render would remount the buttons and lose focus). */
function ButtonWithReason(props: IComponentAsProps<ICommandBarItemProps>): React.ReactElement {
  const { defaultRender: _defaultRender, ...item } = props;
  const reason = (item.data as { reason?: string } | undefined)?.reason;
  const tooltipId = useStableId("apm-command");
  const button = item as IButtonProps;
  if (!reason) return <CommandBarButton {...button} />;
  return (
    <TooltipHost content={reason} id={tooltipId} tooltipProps={{ role: "tooltip" }}>
      <CommandBarButton {...button} allowDisabledFocus aria-describedby={tooltipId} />
    </TooltipHost>
  );
}

export function DesignerCommandBar(props: {
  commands: readonly DesignerCommand[];
  label: string;
  moreLabel: string;
}): React.ReactElement {
  const items = props.commands.map(
    (command): ICommandBarItemProps => ({
      key: command.key,
      text: command.text,
      iconProps: { iconName: command.icon },
      disabled: command.disabledReason !== undefined,
      // In the overflow menu the reason is the item's title.
      title: command.disabledReason ?? command.tooltip,
      onClick: () => command.onClick(),
      "aria-haspopup": command.opensDialog ? "dialog" : undefined,
      data: { reason: command.disabledReason },
      commandBarButtonAs: ButtonWithReason,
    }),
  );
  return (
    <CommandBar
      items={items}
      ariaLabel={props.label}
      overflowButtonProps={{ ariaLabel: props.moreLabel, title: props.moreLabel }}
      styles={{ root: { padding: 0 } }}
    />
  );
}
