// Checks a running scripts/two-nodes.sh in Debian's Chromium, as docs/multi-node.md walks through it:
// the board through nginx (photographed), a sign-in on node a whose cookie node b accepts, and a status
// changed on node a appearing, without a reload, on a board page that node b served.
// Usage: node scripts/two-nodes-check.mjs TWO_NODES_DIR SCREENSHOT.png
// (scripts/two-nodes.sh prints the folder; its two-nodes.env holds the addresses.)
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

const [folder, screenshot] = process.argv.slice(2);
const env = Object.fromEntries(readFileSync(`${folder}/two-nodes.env`, "utf8").trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2)));
const logs = readFileSync(`${folder}/node-a.log`, "utf8") + readFileSync(`${folder}/node-b.log`, "utf8");
const oneTime = process.env.ONE_TIME_PASSWORD || /One-time password: (\S+)/.exec(logs)?.[1];
const password = "Two-Nodes-Password-2026";
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) process.exitCode = 1;
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  // 1. The board through nginx, live (its hub connection went through nginx's WebSocket upgrade).
  const viewer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const board = await viewer.newPage();
  const answer = await board.goto(env.PORTAL_URL + "/");
  await board.waitForSelector(".board[data-live=on]");
  check(answer.status() === 200 && !(await answer.allHeaders())["set-cookie"], `board through nginx ${env.PORTAL_URL}: 200, live, no Set-Cookie`);
  await board.screenshot({ path: screenshot, fullPage: false });
  console.log(`     photographed: ${screenshot}`);

  // 2. Sign in on node a; node b reads the same cookie (data-protection keys in the database).
  const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await staff.newPage();
  await page.goto(env.NODE_A_URL + "/account/login");
  await page.fill("#email", "admin@localhost");
  if (oneTime) {
    await page.fill("#password", oneTime);
    await page.click(".account-card button[type=submit]");
    await page.fill("#current", oneTime);
    await page.fill("#new", password);
    await page.fill("#confirm", password);
    await page.click(".account-card button[type=submit]");
  } else {
    await page.fill("#password", password);
    await page.click(".account-card button[type=submit]");
  }
  await page.waitForSelector(".console[data-interactive=on]");
  check(true, `signed in on node a ${env.NODE_A_URL}`);
  // Cookies belong to a host, not a port: the same browser sends node a's cookie to node b.
  const onB = await staff.newPage();
  await onB.goto(env.NODE_B_URL + "/admin/audit");
  await onB.waitForSelector(".console[data-interactive=on]");
  check(!onB.url().includes("/account/login"), `node b ${env.NODE_B_URL} accepts node a's sign-in cookie (console at ${new URL(onB.url()).pathname})`);
  await onB.screenshot({ path: screenshot.replace(/\.png$/, "-console-on-b.png") });

  // 3. A change committed on node a shows on a board page node b served, without a reload.
  const boardOnB = await viewer.newPage();
  await boardOnB.goto(env.NODE_B_URL + "/");
  await boardOnB.waitForSelector(".board[data-live=on]");
  const slug = "global-parts-logistics";
  const row = boardOnB.locator(`.system-row[data-system=${slug}] .status-chip`).first();
  const before = await row.getAttribute("data-status");
  const next = before === "Offline" ? "restoring" : "offline";
  const app = env.PORTAL_APP;
  const key = execFileSync("dotnet", [app, "admin", "api-keys", "create", "--name", `Two-node check ${Date.now()}`, "--scope", "read", "--scope", "status:write"], {
    env: { ...process.env, ASPNETCORE_ENVIRONMENT: "Production", Portal__Database__Provider: "PostgreSQL", ConnectionStrings__Portal: env.CONNECTION_STRING, Portal__DataFolder: `${folder}/command-line` },
    encoding: "utf8",
  }).trim().split("\n").pop();
  const changed = Date.now();
  const patch = await fetch(`${env.NODE_A_URL}/api/v1/systems/${slug}`, {
    method: "PATCH",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify({ status: next, reason: "Two-node check: changed on node a" }),
  });
  check(patch.ok, `status of ${slug} changed on node a: ${before} -> ${next} (${patch.status})`);
  await boardOnB.waitForSelector(`.system-row[data-system=${slug}] .status-chip[data-status=${next[0].toUpperCase() + next.slice(1)}]`, { timeout: 10_000 });
  check(true, `the board page node b served shows it ${Date.now() - changed} ms after the request, without a reload`);
  await boardOnB.screenshot({ path: screenshot.replace(/\.png$/, "-board-on-b.png") });
} finally {
  await browser.close();
}
