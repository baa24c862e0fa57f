// Load-time benchmark: time from the widget script's start to the first
// rendered review list on the demo product page, in headless Chromium, with a
// cold cache each time. Prints the median of 10 loads (and min/max), also
// measured from navigation start.
//
//   CANDOR_URL=http://127.0.0.1:8080 node tests/e2e/bench.cjs [loads]
"use strict";
const { launch } = require("./lib.cjs");

const BASE = process.env.CANDOR_URL || "http://127.0.0.1:8080";
const LOADS = Number(process.argv[2] || 10);

// Injected before the page's scripts: notes when the first review appears.
function watchForList() {
  const tick = () => {
    const host = document.querySelector("candor-reviews");
    if (host && host.shadowRoot && host.shadowRoot.querySelector(".reviews li")) {
      window.__listAt = performance.now();
    } else {
      setTimeout(tick, 2);
    }
  };
  tick();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

(async () => {
  const browser = await launch();
  const fromScript = [];
  const fromNavigation = [];
  const boot = []; // script start -> the list request leaves (download, compile, mount)
  const request = []; // the list request itself (network + server)
  const render = []; // answer -> first review on screen (parse + render)
  for (let i = 0; i < LOADS; i += 1) {
    const context = await browser.newContext(); // cold HTTP cache
    const page = await context.newPage();
    await page.addInitScript(watchForList);
    await page.goto(BASE + "/");
    await page.waitForFunction(() => window.__listAt, null, { timeout: 20000, polling: 50 });
    const t = await page.evaluate(() => {
      const entries = performance.getEntriesByType("resource");
      const script = entries.find((e) => e.name.endsWith("/widget/candor.js"));
      const list = entries.find((e) => e.name.includes("/reviews?"));
      return {
        list: window.__listAt,
        script: script ? script.startTime : 0,
        requestStart: list ? list.startTime : 0,
        requestEnd: list ? list.responseEnd : 0,
      };
    });
    fromScript.push(t.list - t.script);
    fromNavigation.push(t.list);
    boot.push(t.requestStart - t.script);
    request.push(t.requestEnd - t.requestStart);
    render.push(t.list - t.requestEnd);
    await context.close();
  }
  await browser.close();
  const fmt = (xs) =>
    `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(`first review list, ${LOADS} cold loads of ${BASE}/`);
  console.log(`  from widget script start: ${fmt(fromScript)}`);
  console.log(`  from navigation start:    ${fmt(fromNavigation)}`);
  console.log("  where the time goes (medians):");
  console.log(`    script start -> list request (download, compile, mount): ${median(boot).toFixed(0)} ms`);
  console.log(`    list request (network + server):                        ${median(request).toFixed(0)} ms`);
  console.log(`    answer -> first review rendered:                        ${median(render).toFixed(0)} ms`);
})();
