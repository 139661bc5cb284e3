/** Issue 11 #3 and #6: the host page's sessions are random, unguessable, and bounded in number. */
import { Sessions, SESSION_COOKIE } from "../../host/sessions";
import type { DemoUser } from "../../server/seed";

const users = [
  { key: "admin", fullname: "Admin", userId: "a", token: "t1" },
  { key: "agent", fullname: "Agent", userId: "b", token: "t2" },
] as DemoUser[];

it("maps a random session id to a demo user, and nothing else signs in", () => {
  const sessions = new Sessions(users);
  const id = sessions.create("agent");
  expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(sessions.userOf(`${SESSION_COOKIE}=${id}`)?.user.key).toBe("agent");
  expect(sessions.userOf(`other=1; ${SESSION_COOKIE}=${id}`)?.user.key).toBe("agent");
  expect(sessions.userOf("apm_user=admin")).toBeUndefined();
  expect(sessions.userOf(`${SESSION_COOKIE}=${"A".repeat(43)}`)).toBeUndefined();
  expect(sessions.userOf(`${SESSION_COOKIE}=constructor`)).toBeUndefined();
  expect(sessions.userOf(undefined)).toBeUndefined();
  expect(sessions.switchUser(id, "__proto__")).toBe(false);
  expect(sessions.switchUser(id, "admin")).toBe(true);
  expect(sessions.userOf(`${SESSION_COOKIE}=${id}`)?.user.key).toBe("admin");
  expect(Sessions.cookie(id)).toBe(`${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict`);
});

it("keeps at most 1,000 sessions, forgetting the oldest first", () => {
  const sessions = new Sessions(users);
  const first = sessions.create();
  const ids = Array.from({ length: 5000 }, () => sessions.create());
  expect(sessions.userOf(`${SESSION_COOKIE}=${first}`)).toBeUndefined();
  expect(sessions.userOf(`${SESSION_COOKIE}=${ids[ids.length - 1]}`)?.user.key).toBe("admin");
  expect(sessions.userOf(`${SESSION_COOKIE}=${ids[ids.length - 1000]}`)).toBeDefined();
  expect(sessions.userOf(`${SESSION_COOKIE}=${ids[ids.length - 1001]}`)).toBeUndefined();
});

it("never forgets a session in use, however many new ones arrive", () => {
  const sessions = new Sessions(users);
  const mine = sessions.create("agent");
  for (let i = 0; i < 5000; i++) {
    sessions.create();
    if (i % 500 === 0) sessions.userOf(`${SESSION_COOKIE}=${mine}`);
  }
  expect(sessions.userOf(`${SESSION_COOKIE}=${mine}`)?.user.key).toBe("agent");
});
