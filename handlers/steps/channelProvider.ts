/** Rule 8: a channel provider's URL is https:// and inside its trusted domain (on Update, the target over the row). */
import { ProviderColumn } from "../columns";
import type { PluginHandler } from "../context";
import { channelProviderProblems } from "../rules";
import { mergedTarget, targetEntity } from "./images";
import { refuseIf } from "./refuse";

export const validateChannelProviderUrl: PluginHandler = async (context, service) => {
  const target = targetEntity(context);
  if (!target) return;
  const touches = Object.values(ProviderColumn).some((c) => c in target.attributes);
  if (context.messageName === "Update" && !touches) return;
  const row = await mergedTarget(context, service);
  refuseIf(
    channelProviderProblems({
      apm_channelurl: row[ProviderColumn.channelUrl] as string | null | undefined,
      apm_trusteddomain: row[ProviderColumn.trustedDomain] as string | null | undefined,
    })[0],
  );
};
