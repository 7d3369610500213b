// Photographs the portal's pages for docs/screenshots with Debian's Chromium.
// Usage: node scripts/screenshots.mjs http://127.0.0.1:5099 docs/screenshots
import { chromium } from "playwright-core";

const [base, out] = process.argv.slice(2);
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

await browser.close();
