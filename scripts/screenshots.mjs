// Photographs the portal's pages for docs/screenshots with Debian's Chromium.
// Usage: node scripts/screenshots.mjs http://127.0.0.1:5099 docs/screenshots ONE-TIME-ADMIN-PASSWORD
import { chromium } from "playwright-core";

const [base, out, adminPassword] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});

const shots = [
  { name: "board", path: "/", viewport: { width: 1280, height: 900 }, colorScheme: "light" },
  { name: "board-dark", path: "/", viewport: { width: 1280, height: 900 }, colorScheme: "dark" },
  { name: "board-phone", path: "/", viewport: { width: 390, height: 844 }, colorScheme: "light", isMobile: true },
  { name: "system", path: "/systems/online-vehicle-registration", viewport: { width: 1280, height: 900 }, colorScheme: "light" },
  { name: "statement", path: "/statements/2", viewport: { width: 1280, height: 900 }, colorScheme: "light" },
];

for (const shot of shots) {
  const context = await browser.newContext({ viewport: shot.viewport, colorScheme: shot.colorScheme, isMobile: !!shot.isMobile });
  const page = await context.newPage();
  await page.goto(base + shot.path);
  await page.waitForSelector("[data-live=on]");
  await page.waitForTimeout(300); // let MudBlazor apply the dark palette after the circuit starts
  await page.screenshot({ path: `${out}/${shot.name}.png`, fullPage: true });
  console.log(`${out}/${shot.name}.png`);
  await context.close();
}

// The console: sign in as the bootstrap administrator, choose a password, take every role.
if (adminPassword) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const page = await context.newPage();
  await page.goto(base + "/account/login");
  await page.fill("#email", "admin@localhost");
  await page.fill("#password", adminPassword);
  await page.click(".account-card button[type=submit]");
  await page.fill("#current", adminPassword);
  await page.fill("#new", "Screenshot-Password-2026");
  await page.fill("#confirm", "Screenshot-Password-2026");
  await page.click(".account-card button[type=submit]");
  await page.waitForSelector(".console[data-interactive=on]");
  await page.goto(base + "/admin/people");
  await page.waitForSelector(".console[data-interactive=on]");
  await page.getByRole("button", { name: "Roles" }).first().click();
  for (const role of ["Publisher", "Approver", "Operator"]) {
    await page.getByLabel(role, { exact: true }).check();
  }
  await page.getByRole("button", { name: "Save roles" }).click();
  await page.waitForSelector("text=Admin, Approver, Operator, Publisher");
  // New roles reach the cookie at the next sign-in.
  await page.goto(base + "/account/login");
  await page.fill("#email", "admin@localhost");
  await page.fill("#password", "Screenshot-Password-2026");
  await page.click(".account-card button[type=submit]");
  await page.waitForSelector(".console[data-interactive=on]");

  for (const shot of [
    { name: "console-status", path: "/admin/status" },
    { name: "console-statement-editor", path: "/admin/statements/new" },
    { name: "console-statements", path: "/admin/statements" },
    { name: "console-people", path: "/admin/people" },
    { name: "console-audit", path: "/admin/audit" },
  ]) {
    await page.goto(base + shot.path);
    await page.waitForSelector(".console[data-interactive=on]");
    if (shot.name === "console-statement-editor") {
      await page.locator("[data-testid=title]").fill("Supplier payments resume on Monday");
      await page.locator("[data-testid=body]").fill("Payments restart on **Monday** for all approved invoices.\n\n- Remittances by email\n- Questions to your buyer");
      await page.waitForSelector("[data-testid=preview-body] strong");
    }
    await page.screenshot({ path: `${out}/${shot.name}.png`, fullPage: false });
    console.log(`${out}/${shot.name}.png`);
  }

  // Viewers: invite one per audience in bulk (with one refused line, to show the report).
  await page.goto(base + "/admin/people");
  await page.waitForSelector(".console[data-interactive=on]");
  await page.locator("textarea[data-testid=bulk-csv], [data-testid=bulk-csv] textarea").first().fill([
    "email,name,organisation,audiences",
    "sam.supplier@partsco.example,Sam Supplier,PartsCo,suppliers",
    "rita.retailer@dealer.example,Rita Retailer,Central Motors,retailers",
    "colin.colleague@northwind-motors.example,Colin Colleague,,colleagues",
    "not-an-address,Nobody,,suppliers",
  ].join("\n"));
  await page.click("[data-testid=bulk-invite]");
  await page.waitForSelector("[data-testid=bulk-report]");
  // The whole page, clipped to the panel: an element shot would scroll it under the fixed app bar.
  const panel = await page.locator("[data-testid=bulk-invite-panel]").evaluate(element => {
    const box = element.getBoundingClientRect();
    return { x: box.x, y: box.y + window.scrollY, width: box.width, height: box.height };
  });
  await page.screenshot({ path: `${out}/console-bulk-invite.png`, fullPage: true, clip: panel });
  console.log(`${out}/console-bulk-invite.png`);
  const links = Object.fromEntries((await page.locator("textarea[data-testid=bulk-links], [data-testid=bulk-links] textarea").first().inputValue())
    .split("\n").filter(line => line.includes(",http") || line.includes(",/")).map(line => line.split(",")));

  await page.goto(base + "/admin/audiences");
  await page.waitForSelector(".console[data-interactive=on]");
  await page.screenshot({ path: `${out}/console-audiences.png` });
  console.log(`${out}/console-audiences.png`);
  await context.close();

  for (const viewer of [
    { email: "sam.supplier@partsco.example", name: "suppliers", path: "/suppliers", viewport: { width: 1280, height: 900 } },
    { email: "rita.retailer@dealer.example", name: "retailers-phone", path: "/retailers", viewport: { width: 390, height: 844 }, isMobile: true },
    { email: "colin.colleague@northwind-motors.example", name: "colleagues-phone", path: "/colleagues", viewport: { width: 390, height: 844 }, isMobile: true },
  ]) {
    const viewerContext = await browser.newContext({ viewport: viewer.viewport, colorScheme: "light", isMobile: !!viewer.isMobile });
    const viewerPage = await viewerContext.newPage();
    const link = links[viewer.email];
    await viewerPage.goto(link.startsWith("http") ? link : base + link);
    await viewerPage.fill("#password", "Screenshot-Password-2026");
    await viewerPage.fill("#confirm", "Screenshot-Password-2026");
    await viewerPage.click(".account-card button[type=submit]");
    await viewerPage.waitForURL(/\/account\/login/);
    await viewerPage.fill("#email", viewer.email);
    await viewerPage.fill("#password", "Screenshot-Password-2026");
    await viewerPage.click(".account-card button[type=submit]");
    await viewerPage.waitForURL(new RegExp(viewer.path + "$"));
    await viewerPage.waitForSelector("[data-live=on]");
    await viewerPage.waitForTimeout(300); // let the chart measure itself and draw
    await viewerPage.screenshot({ path: `${out}/${viewer.name}.png`, fullPage: !viewer.isMobile });
    console.log(`${out}/${viewer.name}.png`);
    await viewerContext.close();
  }
}

await browser.close();
