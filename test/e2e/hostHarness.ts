/** Starts the host page (what `npm start` serves) on a temporary data folder, with a browser and a Web API client. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DynamicsWebApi } from "dynamics-web-api";
import { startHost, type Host } from "../../host/server";
import { SESSION_COOKIE } from "../../host/sessions";
import { launchBrowser, screenshotPath } from "./browser";

export interface E2E {
  readonly host: Host;
  readonly browser: Browser;
  /** A fresh browser context signed in as the demo user. */
  open(user?: string): Promise<{ context: BrowserContext; page: Page }>;
  /**
   * Headers a same-origin request of the page carries when signed in as `user`: its session cookie and its
   * Origin (the host refuses writes without both).
   */
  pageHeaders(user?: string): Record<string, string>;
  /** The server's rows, read as the admin over the Web API (what the UI saved). */
  api(): DynamicsWebApi;
  screenshot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "apm-e2e-"));
  const host = await startHost({ dataDir, port: 0 });
  const browser = await launchBrowser();
  const admin = host.server.users.find((u) => u.key === "admin")!;
  return {
    host,
    browser,
    async open(user = "admin") {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      // The page signs in on load; a test that opens it as someone else brings that user's session.
      await context.addCookies([
        { name: SESSION_COOKIE, value: host.createSession(user), url: host.url, httpOnly: true, sameSite: "Strict" },
      ]);
      const page = await context.newPage();
      page.on("pageerror", (error) => console.error(`Page error: ${error.message}`));
      await page.goto(host.url);
      return { context, page };
    },
    pageHeaders: (user = "admin") => ({ Cookie: `${SESSION_COOKIE}=${host.createSession(user)}`, Origin: host.url }),
    api: () =>
      new DynamicsWebApi({
        serverUrl: host.server.url,
        dataApi: { version: "9.2" },
        onTokenRefresh: async () => admin.token,
      }),
    screenshot: async (page, name) => {
      await page.screenshot({ path: screenshotPath(name), fullPage: true });
    },
    async stop() {
      await browser.close();
      await host.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
