import { API_BASE, PROFILE_ROUTE } from "./routes";

/** The host page: the boot script, then the platform libraries (as the platform loads them) and the shell. */
/**
 * Starts what the page needs before its first control can mount (the signed-in user, that user's privileges and the
 * route's control strings and bundle) while the 1.1 MB of platform scripts still load and parse: a model-driven page
 * likewise arrives with its global context and a control with its strings. host/page/boot.ts reads these promises;
 * main.ts runs the bundle (and each other control's when a page first shows it).
 */
const bootScript = `window.__apmBoot = (() => {
  const json = (url) => fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(url + " answered " + r.status))));
  const session = json("/session");
  const control = ${PROFILE_ROUTE}.test(location.hash) ? "ProfileEditor" : "ProfileDesigner";
  const bundle = document.createElement("link");
  Object.assign(bundle, { rel: "preload", as: "script", href: "/controls/" + control + "/bundle.js" });
  document.head.appendChild(bundle);
  const privileges = session.then((s) => json("${API_BASE}systemusers(" + s.user.userId + ")/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()"));
  const strings = { [control]: json("/controls/" + control + "/strings.json") };
  for (const p of [session, privileges, strings[control]]) p.catch(() => undefined);
  return { session, privileges, strings };
})();`;

export function hostPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>App Profile Manager (local)</title>
<style>
  /* From 320 px to wide screens nothing scrolls sideways: every column may shrink (min-width: 0) and long words wrap. */
  *, *::before, *::after { box-sizing: border-box; }
  /* clip, not hidden: "hidden" makes body a scroll container, and the designer's sticky command bar and headers then
     stick to a body that never scrolls instead of to the window. */
  html, body { max-width: 100%; overflow-x: clip; }
  body { margin: 0; font-family: "Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", sans-serif; background: #f3f2f1; color: #323130; overflow-wrap: anywhere; }
  header { display: flex; align-items: center; gap: 12px; min-height: 48px; padding: 4px 16px; background: #0f3b63; color: #fff; flex-wrap: wrap; }
  header h1 { font-size: 16px; font-weight: 600; margin: 0; flex: 1 1 auto; min-width: 0; }
  .shell { display: flex; min-height: calc(100vh - 48px); }
  .sitemap { width: 200px; flex: none; background: #fff; border-right: 1px solid #edebe9; padding: 8px 0; }
  main { flex: 1; padding: 16px; min-width: 0; }
  .commandbar { margin-bottom: 12px; min-width: 0; }
  .surface { background: #fff; box-shadow: 0 1.6px 3.6px rgba(0,0,0,.13); padding: 16px; border-radius: 2px; min-width: 0; }
  table.simple { border-collapse: collapse; width: 100%; font-size: 14px; }
  table.simple th, table.simple td { text-align: left; padding: 8px; border-bottom: 1px solid #edebe9; }
  /* Narrow screens: the site map goes above the page, and table rows become labelled blocks (tables reflow). */
  @media (max-width: 640px) {
    .shell { flex-direction: column; }
    .sitemap { width: 100%; border-right: 0; border-bottom: 1px solid #edebe9; padding: 0; }
    main { padding: 8px; }
    .surface { padding: 8px; }
    table.simple thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    table.simple tr { display: block; border-bottom: 1px solid #edebe9; padding: 4px 0; }
    table.simple td { display: block; border: 0; padding: 2px 8px; }
    table.simple td::before { content: attr(data-label) ": "; font-weight: 600; }
  }
</style>
</head>
<body>
<header>
  <h1>App Profile Manager</h1>
  <div id="user-switcher-host"></div>
</header>
<div class="shell">
  <div class="sitemap" id="site-map"></div>
  <main id="main"></main>
</div>
<script>/* Fluent loads its icon font from here, not from a CDN (the machine may be offline). */ window.FabricConfig = { iconBaseUrl: "/platform/fonts/", fontBaseUrl: "" };</script>
<script>${bootScript}</script>
<script src="/platform/react.js"></script>
<script src="/platform/react-dom.js"></script>
<script src="/platform/fluent.js"></script>
<script src="/host.js"></script>
<script>AppProfileManagerHost.start();</script>
</body>
</html>
`;
}
