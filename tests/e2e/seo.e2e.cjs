// What readers without JavaScript and crawlers see (issue 14), in Chromium
// against `candor demo` (tests/e2e/run.sh): the product page's
// server-rendered reviews with JavaScript off, the "Show more reviews" link
// to the next server-rendered page, the category page's 48 star badges with
// and without JavaScript (one ratings request for all of them), and, with
// JavaScript on, the layout shift while the widget takes over (reported from
// the browser's PerformanceObserver) and that it never asks for the first
// page the server already put into the element.
"use strict";
const assert = require("node:assert/strict");
const { launch, sleep } = require("./lib.cjs");

const BASE = process.env.CANDOR_URL;
if (!BASE) throw new Error("CANDOR_URL is not set (run tests/e2e/run.sh)");

const WORDS = (
  "amber basil cedar delta ember fjord garnet harbor indigo juniper kelp lantern meadow nickel " +
  "orchid pepper quartz raven saffron timber umber velvet willow xenon yarrow zephyr almond birch " +
  "cobalt dune eagle flint glacier hazel iris jasper kiwi lilac maple nutmeg olive pine quill reef " +
  "sage thistle ultra violet walnut yew zinc acorn bramble clover dahlia elm fern ginger heather"
).split(" ");

/** 23 reviews of a product of its own, each from its own address (the demo
 * allows 20 submissions per address an hour) and with words no other uses
 * (near-duplicates would be held as a campaign). */
async function seedManyReviews(product) {
  for (let i = 0; i < 23; i++) {
    const response = await fetch(`${BASE}/api/v1/sites/demo/reviews`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i + 1}` },
      body: JSON.stringify({
        kind: "review",
        rating: 1 + (i % 5),
        product,
        text: `Our ${WORDS[i * 2]} ${WORDS[i * 2 + 1]} arrived.`,
      }),
    });
    if (response.status !== 201) throw new Error(`seed ${i}: ${response.status} ${await response.text()}`);
  }
}

async function withoutJavaScript(browser) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(BASE + "/");
  const reviews = page.locator("candor-reviews li.review");
  const shown = await reviews.count();
  assert.ok(shown >= 1, "the product page shows the server-rendered reviews");
  assert.ok(await reviews.first().isVisible(), "and they are visible");
  assert.match(await page.locator("candor-reviews").innerText(), /publishes every review/);

  const product = "e2e-seo-" + Date.now();
  await seedManyReviews(product);
  await page.goto(`${BASE}/api/v1/sites/demo/products/${product}/reviews.html?layout=page`);
  assert.equal(await page.locator("li.review").count(), 20);
  await page.locator("a.more-link").click();
  await page.waitForURL(/page=2/);
  assert.equal(await page.locator("li.review").count(), 3, "the next page has the other 3");
  assert.equal(await page.locator("a.more-link").count(), 0);

  await page.goto(BASE + "/kitchen.html");
  const stars = page.locator("candor-stars");
  assert.equal(await stars.count(), 48);
  assert.match(await stars.first().innerText(), /\(\d+\)/, "server-rendered stars without JavaScript");
  await context.close();
  return { shown };
}

async function withJavaScript(browser) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__candorCls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.__candorCls += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  const page = await context.newPage();
  const firstPage = [];
  const ratings = [];
  page.on("request", (request) => {
    const url = request.url();
    if (/\/api\/v1\/sites\/demo\/reviews\?/.test(url) && !/page=[2-9]/.test(url)) firstPage.push(url);
    if (url.includes("/ratings?")) ratings.push(url);
  });
  await page.goto(BASE + "/");
  await page.waitForSelector("candor-reviews article.review", { timeout: 20000 });
  await sleep(1500);
  const cls = await page.evaluate(() => window.__candorCls);
  assert.equal(firstPage.length, 0, "the widget starts from the server-rendered first page");

  await page.goto(BASE + "/kitchen.html");
  await page.waitForFunction(() => document.querySelectorAll("candor-stars .candor-stars-count").length === 48);
  await sleep(500);
  const kitchenCls = await page.evaluate(() => window.__candorCls);
  assert.equal(ratings.length, 1, "one ratings request for 48 products");
  await context.close();
  return { cls, kitchenCls, firstPageRequests: firstPage.length, ratingsRequests: ratings.length };
}

(async () => {
  const browser = await launch();
  try {
    const off = await withoutJavaScript(browser);
    const on = await withJavaScript(browser);
    console.log(
      `seo e2e: ok — without JavaScript ${off.shown} reviews shown, next page followed; ` +
        `with JavaScript: product page CLS ${on.cls.toFixed(3)}, first-page list requests ` +
        `${on.firstPageRequests}; category page CLS ${on.kitchenCls.toFixed(3)}, ` +
        `ratings requests ${on.ratingsRequests} for 48 badges`,
    );
  } catch (error) {
    console.error("seo e2e failed:", error);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
})();
