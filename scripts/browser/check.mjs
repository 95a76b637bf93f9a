// Opens addin-audit HTML reports in headless Chromium (Debian's `chromium`) and fails on
// anything a reader would meet: a console message of error or warning level (a content
// security policy violation is one), a script error, a request leaving the page, text wider
// than a phone, or a page that does not print. Writes a screenshot of each.
//
// node check.mjs <report.html> <screenshot.png> <expected text>... [-- <report.html> ...]
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const groups = [];
let current = [];
for (const a of process.argv.slice(2)) {
  if (a === "--") {
    groups.push(current);
    current = [];
  } else {
    current.push(a);
  }
}
groups.push(current);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

let failures = 0;
const fail = (file, why) => {
  failures += 1;
  console.error(`FAIL ${file}: ${why}`);
};

for (const [file, shot, ...expected] of groups) {
  const before = failures;
  const url = pathToFileURL(resolve(file)).href;
  for (const [label, viewport] of [
    ["desktop", { width: 1000, height: 800 }],
    ["phone", { width: 375, height: 700 }],
  ]) {
    const page = await browser.newPage({ viewport });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") {
        fail(file, `${label}: console ${m.type()}: ${m.text()}`);
      }
    });
    page.on("pageerror", (e) => fail(file, `${label}: script error: ${e.message}`));
    page.on("request", (r) => {
      if (r.url() !== url) fail(file, `${label}: the page requested ${r.url()}`);
    });
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response || !response.ok()) fail(file, `${label}: did not load`);
    const body = await page.innerText("body");
    for (const text of expected) {
      if (!body.includes(text)) fail(file, `${label}: does not say "${text}"`);
    }
    // Only code may scroll sideways (inside its own box); the page itself never does.
    const wide = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    if (wide > 0) fail(file, `${label}: the page is ${wide}px wider than the screen`);
    if (label === "desktop") {
      await page.screenshot({ path: shot, fullPage: true });
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      if (pdf.length < 1000) fail(file, "printing gave an empty document");
    } else {
      await page.screenshot({ path: shot.replace(/\.png$/, "-phone.png"), fullPage: true });
    }
    await page.close();
  }
  if (failures === before) console.log(`ok ${file}`);
}

await browser.close();
process.exit(failures === 0 ? 0 : 1);
