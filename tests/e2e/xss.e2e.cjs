// Hostile input, rendered: every payload of tests/data/xss_payloads.txt is
// submitted as review text and author name, a merchant reply, a resolution
// note, a saved reply and an incident notice, through the real API of a
// `candor demo` server; then the storefront and the moderation panel render
// them in Debian's headless Chromium with alert/prompt/confirm trapped.
// Nothing may execute, no element the product did not create may appear,
// and nothing may widen the page.
//
//   CANDOR_URL=http://127.0.0.1:18480 node tests/e2e/xss.e2e.cjs
//
// Usually run through tests/e2e/run.sh.
"use strict";
const fs = require("fs");
const path = require("path");
const { launch, sleep, api } = require("./lib.cjs");

const BASE = process.env.CANDOR_URL || "http://127.0.0.1:8080";
const W = "candor-reviews";
const P = "#candor-panel";
const PAYLOADS = fs
  .readFileSync(path.join(__dirname, "..", "data", "xss_payloads.txt"), "utf8")
  .split("\n")
  .filter((line) => line.trim() && !line.startsWith("# "));

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function submit(payload, i) {
  const body = {
    kind: i % 2 ? "complaint" : "review",
    rating: i % 2 ? 1 : 4,
    lang: "en",
    product: "kettle-2000",
    text: payload.length >= 3 ? payload : payload + " ...",
    author_name: payload.slice(0, 80),
  };
  const response = await fetch(BASE + "/api/v1/sites/demo/reviews", {
    method: "POST",
    // Distinct documentation addresses, so the per-address limit allows all.
    headers: { "content-type": "application/json", "x-forwarded-for": `198.18.${i >> 8}.${i & 255}` },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (response.status !== 201) throw new Error(`payload ${i} refused: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** What a page holds that the product did not make: run in the page. */
function inspect(hostSelector) {
  const host = document.querySelector(hostSelector);
  const root = host && host.shadowRoot ? host.shadowRoot : document;
  const found = [];
  for (const el of root.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (["script", "iframe", "object", "embed", "base", "meta", "link", "video", "audio", "marquee", "math", "template", "noscript"].includes(tag)) {
      if (!(tag === "link" && el.getAttribute("rel") === "stylesheet" && !String(el.getAttribute("href")).startsWith("javascript:"))) {
        found.push("element " + tag);
      }
    }
    for (const attr of el.getAttributeNames()) {
      if (attr.startsWith("on")) found.push(`${tag}[${attr}]`);
      const value = el.getAttribute(attr) || "";
      if (/^\s*javascript:/i.test(value)) found.push(`${tag}[${attr}=javascript:]`);
    }
    if (tag === "img" && !el.closest("[data-product-img]")) {
      const src = el.getAttribute("src") || "";
      if (src === "x" || src.startsWith("x")) found.push("img src=x");
    }
  }
  return {
    found,
    pwned: window.__pwned,
    dialogs: window.__dialogs || 0,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}

async function trap(page) {
  await page.addInitScript(() => {
    window.__dialogs = 0;
    for (const name of ["alert", "prompt", "confirm", "print"]) {
      window[name] = () => {
        window.__dialogs += 1;
      };
    }
  });
  page.dialogs = [];
  page.on("dialog", (d) => {
    page.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
}

function check(label, result, page) {
  assert(result.pwned === undefined, `${label}: payload ${result.pwned} executed`);
  assert(result.dialogs === 0 && page.dialogs.length === 0, `${label}: a dialog opened: ${page.dialogs.join(" | ")}`);
  assert(result.found.length === 0, `${label}: foreign markup: ${[...new Set(result.found)].join(", ")}`);
  assert(result.overflow <= 1, `${label}: the page is ${result.overflow}px wider than the window`);
}

(async () => {
  const started = Date.now();
  // 1. Everything a hostile shopper and a careless merchant can write.
  const created = [];
  for (const [i, payload] of PAYLOADS.entries()) created.push(await submit(payload, i));
  const token = await api.login(BASE);
  const site = "/api/v1/sites/demo";
  const pick = created.filter((c) => c.status === "published");
  for (const [i, c] of pick.slice(0, 15).entries()) {
    await api.post(BASE, `${site}/reviews/${c.id}/replies`, token, { text: PAYLOADS[(i * 7) % PAYLOADS.length] + " — we are on it" });
  }
  for (const [i, c] of pick.slice(15, 25).entries()) {
    await api.post(BASE, `${site}/reviews/${c.id}/resolve`, token, { note: PAYLOADS[(i * 5 + 3) % PAYLOADS.length] + " refunded" });
  }
  for (const [i, p] of PAYLOADS.slice(0, 10).entries()) {
    await api.post(BASE, `${site}/saved-replies`, token, { title: p.slice(0, 100), text: p + " saved " + i });
  }
  await api.post(BASE, `${site}/incidents`, token, {
    topic: "delivery_late",
    text: PAYLOADS[0] + " " + PAYLOADS[1] + " deliveries are late this week",
    review_ids: pick.slice(25, 30).map((c) => c.id),
  });
  console.log(`  ${PAYLOADS.length} payloads submitted (${pick.length} published)`);

  const browser = await launch();
  let failed = 0;
  const run = async (name, fn) => {
    const t = Date.now();
    try {
      await fn();
      console.log(`ok   ${name} (${Date.now() - t} ms)`);
    } catch (err) {
      failed += 1;
      console.log(`FAIL ${name}: ${err.message}`);
    }
  };
  for (const width of [1280, 375]) {
    await run(`storefront at ${width}px renders every payload as text`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await trap(page);
      await page.goto(BASE + "/");
      await page.waitForSelector(`${W} .reviews li`, { timeout: 15000 });
      // Show more pages so the older payloads render too.
      for (let i = 0; i < 5; i++) {
        const more = await page.$(`${W} button.more`);
        if (!more) break;
        await more.click().catch(() => {});
        await sleep(400);
      }
      await sleep(800);
      const shown = await page.$eval(W, (e) => e.shadowRoot.textContent);
      assert(shown.includes("<script>window.__pwned=1</script>") || shown.includes("__pwned"), "the payloads are shown as text");
      check("storefront", await page.evaluate(inspect, W), page);
      await context.close();
    });
  }
  await run("the moderation panel renders every payload as text", async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 1400 }, bypassCSP: true });
    const page = await context.newPage();
    await trap(page);
    await page.goto(BASE + "/#candor-admin");
    await page.waitForSelector(`${P} .dialog`, { timeout: 15000 });
    await page.fill(`${P} #candor-login-email`, "merchant@demo.candor.test");
    await page.fill(`${P} #candor-login-password`, "candor-demo-2026");
    await page.click(`${P} .dialog button[type=submit]`);
    await page.waitForSelector(`${P} .items li`, { timeout: 15000 });
    // Open a few items: the detail shows the text, replies and saved replies.
    const items = await page.$$(`${P} .items li button`);
    for (const item of items.slice(0, 6)) {
      await item.click().catch(() => {});
      await sleep(300);
    }
    await sleep(500);
    check("panel", await page.evaluate(inspect, P), page);
    check("storefront under the panel", await page.evaluate(inspect, W), page);
    await context.close();
  });
  await browser.close();
  console.log(`${failed ? "FAILED" : "passed"}: xss (${Date.now() - started} ms)`);
  process.exit(failed ? 1 : 0);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
