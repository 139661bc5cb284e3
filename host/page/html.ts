/** The host page: platform libraries first (as the platform loads them), then the controls and the shell. */
export function hostPageHtml(controls: readonly string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>App Profile Manager (local)</title>
<style>
  body { margin: 0; font-family: "Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", sans-serif; background: #f3f2f1; color: #323130; }
  header { display: flex; align-items: center; gap: 16px; height: 48px; padding: 0 16px; background: #0f3b63; color: #fff; }
  header h1 { font-size: 16px; font-weight: 600; margin: 0; flex: 1; }
  header label { font-size: 13px; }
  header select { margin-left: 6px; }
  .shell { display: flex; min-height: calc(100vh - 48px); }
  nav { width: 200px; background: #fff; border-right: 1px solid #edebe9; padding: 8px 0; }
  nav a { display: block; padding: 8px 16px; color: #323130; text-decoration: none; font-size: 14px; }
  nav a[aria-current="page"] { background: #edebe9; font-weight: 600; }
  main { flex: 1; padding: 16px; min-width: 0; }
  .commandbar { display: flex; gap: 8px; margin-bottom: 12px; }
  .surface { background: #fff; box-shadow: 0 1.6px 3.6px rgba(0,0,0,.13); padding: 16px; border-radius: 2px; }
  table.simple { border-collapse: collapse; width: 100%; font-size: 14px; }
  table.simple th, table.simple td { text-align: left; padding: 8px; border-bottom: 1px solid #edebe9; }
</style>
</head>
<body>
<header>
  <h1>App Profile Manager</h1>
  <label>Signed in as <select id="user-switcher" aria-label="Signed-in demo user"></select></label>
</header>
<div class="shell">
  <nav aria-label="Site map"><a href="#/profiles" id="nav-profiles">App profiles</a><a href="#/channelproviders" id="nav-providers">Channel providers</a></nav>
  <main id="main"></main>
</div>
<script>/* Fluent loads its icon font from here, not from a CDN (the machine may be offline). */ window.FabricConfig = { iconBaseUrl: "/platform/fonts/", fontBaseUrl: "" };</script>
<script src="/platform/react.js"></script>
<script src="/platform/react-dom.js"></script>
<script src="/platform/fluent.js"></script>
<script src="/host.js"></script>
${controls.map((c) => `<script src="/controls/${c}/bundle.js"></script>`).join("\n")}
<script>AppProfileManagerHost.start();</script>
</body>
</html>
`;
}
