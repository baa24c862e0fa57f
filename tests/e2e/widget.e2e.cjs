// End-to-end tests of the shopper widget against a real `candor demo`
// server, in Debian's headless Chromium through playwright-core.
//
//   CANDOR_URL=http://127.0.0.1:18480 node tests/e2e/widget.e2e.cjs
//
// Usually run through tests/e2e/run.sh, which builds the widget, starts the
// demo server on a free port with a fresh SQLite database and stops it after.
"use strict";
const fs = require("fs");
const path = require("path");
const { launch, shadowText, waitForShadowText, api, sleep, openForm } = require("./lib.cjs");

const BASE = process.env.CANDOR_URL || "http://127.0.0.1:8080";
const ARTIFACTS = path.join(__dirname, "..", "artifacts");
const W = "candor-reviews"; // Playwright's CSS engine pierces open shadow roots.

const tests = [];
const test = (name, fn, opts = {}) => tests.push({ name, fn, opts });
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const TEMPLATE_TEXT = "Terrible company, I do not recommend it to anyone. The worst service ever, avoid!";
const COMPLAINT_TEXT =
  "I ordered the Kettle 2000 on 3 November (order 58213). It arrived on 6 November with a dent " +
  "in the base and the lid does not close, so water spills when I pour. Support has not replied for two days.";

let shared = {}; // state passed between the scenario's steps


test("loads the demo page and reads reviews with replies and badges", async ({ page }) => {
  await page.goto(BASE + "/");
  await page.waitForSelector(`${W} .reviews li`, { timeout: 15000 });
  const text = await shadowText(page, W);
  assert(text.includes("cracked lid"), "the seeded complaint is listed");
  assert(text.includes("Resolved (confirmed by the customer)"), "resolved badge shown");
  assert(text.includes("Reply from the shop"), "merchant reply shown");
  assert(/answered in (\d+ minutes?|under a minute)/.test(text), "reply shows how fast it came");
  assert(!/\b0 minutes|\b1 stars/.test(text), "no '0 minutes' nor '1 stars' (issue 15 item 4)");
  assert(text.includes("This shop publishes every review"), "summary states the policy");
  assert(/Support (online|is open|is offline)/.test(text), "live status pill rendered");
});

test("a template-like text gets specific hints while typing", async ({ page }) => {
  await page.goto(BASE + "/");
  await openForm(page);
  await page.fill(`${W} textarea`, TEMPLATE_TEXT);
  await page.waitForSelector(`${W} .hints li`, { timeout: 5000 });
  const hints = await page.$$eval(`${W} .hints li`, (els) => els.map((e) => e.textContent));
  assert(hints.length > 0, "hints are listed");
  const live = await page.$eval(`${W} .hints`, (e) => e.getAttribute("aria-live"));
  assert(live === "polite", "hints are announced");
  // Submitting asks once before sending a template-like text.
  await page.click(`${W} .stars-input label:nth-child(1)`);
  await page.click(`${W} button[type=submit]`);
  await page.waitForSelector(`${W} .notice .warn`, { timeout: 3000 });
  const notice = await page.$eval(`${W} .notice`, (e) => e.textContent);
  assert(notice.includes("reads like a template"), "template verdict asks for details once");
});

test("a specific complaint is submitted and tracked with a countdown", async ({ page }) => {
  await page.goto(BASE + "/");
  await openForm(page);
  await page.check(`${W} input[name=kind][value=complaint]`);
  await page.click(`${W} .stars-input label:nth-child(2)`);
  await page.fill(`${W} textarea`, COMPLAINT_TEXT);
  await page.fill(`${W} #author_name`, "Elena E2E");
  await page.fill(`${W} #email`, "elena@example.test");
  await sleep(500);
  const hints = await shadowText(page, W, ".hints");
  assert(!hints.includes("template"), "a specific complaint is not called a template");
  // Issue 15 item 4: a complaint is called one.
  await page.getByRole("heading", { name: "Report a problem" }).waitFor({ timeout: 3000 });
  await page.getByLabel("Name shown with your complaint (optional)").waitFor({ timeout: 3000 });
  await page.click(`${W} button[type=submit]`);
  await page.waitForSelector(`${W} .card .countdown`, { timeout: 10000 });
  const card = await shadowText(page, W, ".card");
  assert(card.includes("Awaiting answer"), "tracking card says awaiting answer");
  assert(/within \d+:\d\d/.test(card) || card.includes("Support opens at"), "countdown to the answer deadline: " + card);
  // Issue 15 item 1: the keyboard is on the card, the form is closed (no
  // second "Send complaint"), and the message does not point below.
  const focused = await page.evaluate(() => {
    const el = document.querySelector("candor-reviews").shadowRoot.activeElement;
    return el ? [el.tagName, el.textContent, Boolean(el.closest(".card"))] : null;
  });
  assert(focused && focused[0] === "H3" && focused[1] === "Your complaint" && focused[2], "focus on the card: " + focused);
  assert((await page.getByRole("button", { name: "Send complaint" }).count()) === 0, "no second Send complaint");
  const sent = await shadowText(page, W, ".form-slot .sent");
  assert(sent.includes("registered") && !sent.includes("below"), "the message says where the card is: " + sent);
  assert(await page.getByRole("button", { name: "Write a review or complaint" }).isVisible(), "the write button is back");
  const id = await page.$eval(`${W} .card`, (e) => e.dataset.id);
  await waitForShadowText(page, `${W} .reviews article[data-review-id="${id}"]`, "Awaiting answer");
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("candor:tracked")));
  assert(stored.length === 1, "author token kept in local storage");
  shared.id = id;
  shared.storage = await page.context().storageState();
});

test("the merchant's answer appears live, and confirming shows the badge", async ({ page }) => {
  assert(shared.id, "needs the complaint from the previous test");
  await page.goto(BASE + "/"); // the card comes back from local storage
  await page.waitForSelector(`${W} .card[data-id="${shared.id}"] .countdown`, { timeout: 10000 });
  // Issue 15 item 5: a followed complaint alone brings back its card, not
  // the form; the write button stays.
  assert(await page.getByRole("button", { name: "Write a review or complaint" }).isVisible(), "write button kept");
  assert(!(await page.$(`${W} textarea`)), "no form opened without a draft");
  const token = await api.login(BASE);
  const reply =
    "Elena, I am sorry about the dented kettle. A courier brings a new one tomorrow between 10:00 and 14:00 " +
    "and takes the damaged one back. Aigerim, support.";
  await api.post(BASE, `/api/v1/sites/demo/reviews/${shared.id}/replies`, token, { text: reply });
  // Live, without reload: in the list and on the card.
  await waitForShadowText(page, `${W} .reviews article[data-review-id="${shared.id}"]`, "A courier brings a new one");
  await waitForShadowText(page, `${W} .card[data-id="${shared.id}"]`, "A courier brings a new one");
  await api.post(BASE, `/api/v1/sites/demo/reviews/${shared.id}/resolve`, token, {
    note: "The replacement kettle was delivered and the damaged one collected.",
  });
  await page.waitForSelector(`${W} .card[data-id="${shared.id}"] .resolve button.primary`, { timeout: 10000 });
  await page.click(`${W} .card[data-id="${shared.id}"] .resolve button.primary`);
  await waitForShadowText(
    page,
    `${W} .reviews article[data-review-id="${shared.id}"]`,
    "Resolved (confirmed by the customer)",
  );
}, { storage: () => shared.storage });

test("server field errors show next to the field", async ({ page }) => {
  await page.goto(BASE + "/");
  await openForm(page);
  await page.click(`${W} .stars-input label:nth-child(4)`);
  await page.fill(`${W} textarea`, "The Kettle 2000 from order 58100 boils 1.5 l in four minutes and stays quiet.");
  await page.fill(`${W} #email`, "not-an-e-mail");
  await page.click(`${W} button[type=submit]`);
  await page.waitForSelector(`${W} #err-email`, { timeout: 5000 });
  const described = await page.$eval(`${W} #email`, (e) => [e.getAttribute("aria-invalid"), e.getAttribute("aria-describedby")]);
  assert(described[0] === "true" && described[1] === "err-email", "the field points at its error: " + described);
  const text = await page.$eval(`${W} textarea`, (e) => e.value);
  assert(text.includes("boils 1.5 l"), "the text is kept after a rejected submission");
});

test("the author answers a details request and can withdraw", async ({ page }) => {
  await page.goto(BASE + "/");
  await openForm(page);
  await page.check(`${W} input[name=kind][value=complaint]`);
  await page.click(`${W} .stars-input label:nth-child(1)`);
  await page.fill(`${W} textarea`, "My Kettle 2000 stopped heating on 9 November, two weeks after delivery; the light comes on but the water stays cold.");
  await page.click(`${W} button[type=submit]`);
  await page.waitForSelector(`${W} .card .countdown`, { timeout: 10000 });
  const id = await page.$eval(`${W} .card`, (e) => e.dataset.id);
  const card = `${W} .card[data-id="${id}"]`;
  const token = await api.login(BASE);
  await api.post(BASE, `/api/v1/sites/demo/reviews/${id}/request-details`, token, {});
  await page.waitForSelector(`${card} .details input[type=text]`, { timeout: 10000 });
  await page.fill(`${card} .details input[type=text]`, "58777");
  await page.click(`${card} .details button`);
  await page.waitForFunction(
    (sel) => !document.querySelector("candor-reviews").shadowRoot.querySelector(sel.replace("candor-reviews ", "") + " .details"),
    card,
    { timeout: 10000 },
  );
  await page.click(`${card} .card-actions button.danger`);
  await waitForShadowText(page, `${card} .card-actions`, "Withdraw for good?");
  await page.click(`${card} .card-actions button.danger`);
  await waitForShadowText(page, card, "You withdrew this complaint.");
  await page.waitForFunction(
    (rid) => !document.querySelector("candor-reviews").shadowRoot.querySelector(`.reviews article[data-review-id="${rid}"]`),
    id,
    { timeout: 10000 },
  );
});

test("axe-core finds no accessibility violations", async ({ page }) => {
  await page.goto(BASE + "/");
  await page.waitForSelector(`${W} .reviews li`);
  await openForm(page);
  await page.fill(`${W} textarea`, TEMPLATE_TEXT);
  await page.waitForSelector(`${W} .hints li`);
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  for (const scheme of ["light", "dark"]) {
    if (scheme === "dark") {
      // Issue 15 item 6: dark is the element's theme (or the page's
      // color-scheme), not the system's alone.
      await page.$eval(W, (e) => e.setAttribute("theme", "dark"));
      await page.waitForSelector(`${W} .candor.dark .hints li`, { timeout: 10000 });
    }
    const result = await page.evaluate(() =>
      window.axe.run({ include: [["candor-reviews"]] }, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      }),
    );
    const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    assert(found.length === 0, `axe (${scheme}) violations:\n  ${found.join("\n  ")}`);
    assert(result.passes.length > 10, "axe actually checked the widget");
  }
}, { bypassCSP: true }); // only so axe itself can be injected

test("hostile page CSS and a document keydown listener do not affect the widget", async ({ page }) => {
  await page.goto(BASE + "/embed.html");
  await page.waitForSelector("#en .reviews li", { timeout: 15000 });
  await page.waitForSelector("#fa .reviews li", { timeout: 15000 });
  await openForm(page, "#en");
  await page.click("#en textarea");
  await page.keyboard.type("s/ s/ typing in the widget", { delay: 5 });
  const presses = await page.$eval("#hotkeys", (e) => e.textContent);
  assert(presses === "0", `page hotkeys fired ${presses} times while typing in the widget`);
  const value = await page.$eval("#en textarea", (e) => e.value);
  assert(value.startsWith("s/ s/"), "the keys reached the textarea: " + value);
  const style = await page.$eval("#en .candor", (e) => {
    const s = getComputedStyle(e);
    return { color: s.color, font: s.fontFamily, fontStyle: s.fontStyle, spacing: s.letterSpacing };
  });
  assert(style.color !== "rgb(255, 0, 0)", "page colour leaked in: " + style.color);
  assert(!/comic/i.test(style.font), "page font leaked in: " + style.font);
  assert(style.fontStyle === "normal", "page font-style leaked in");
  const shown = await page.$eval("#en button[type=submit]", (e) => getComputedStyle(e).display);
  assert(shown !== "none", "page rule hid the widget's button");
  // Two widgets on one page, independent: each shows its own product.
  const en = await shadowText(page, "#en");
  const fa = await shadowText(page, "#fa");
  assert(en.includes("blender") && !fa.includes("blender stopped"), "the widgets show their own products");
  // A press outside the widget still reaches the page.
  await page.click("h1");
  await page.keyboard.press("s");
  const after = await page.$eval("#hotkeys", (e) => e.textContent);
  assert(after === "1", "the page's own hotkey still works outside the widget");
});

test("Persian renders right to left (screenshot kept)", async ({ page }) => {
  await page.goto(BASE + "/embed.html");
  await page.waitForSelector("#fa .reviews li", { timeout: 15000 });
  const dir = await page.$eval("#fa .candor", (e) => [e.getAttribute("dir"), getComputedStyle(e).direction, e.lang]);
  assert(dir[0] === "rtl" && dir[1] === "rtl" && dir[2] === "fa", "Persian widget is RTL: " + dir);
  const text = await shadowText(page, "#fa");
  assert(text.includes("نظرات مشتریان"), "Persian UI strings");
  assert(/[۰-۹]/.test(text), "Persian digits from Intl");
  const title = await page.$("#fa .top");
  const box = await title.boundingBox();
  const h2 = await (await page.$("#fa .top h2")).boundingBox();
  assert(h2.x + h2.width > box.x + box.width - 40, "heading sits on the right in RTL");
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.setViewportSize({ width: 900, height: 1200 });
  await (await page.$("#fa")).screenshot({ path: path.join(ARTIFACTS, "widget-fa-rtl.png") });
});

test("a light shop page keeps a light widget on a dark system; theme=dark and a dark page are dark", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(BASE + "/");
  await page.waitForSelector(`${W} .reviews li`, { timeout: 15000 });
  const light = await page.$eval(`${W} .candor`, (e) => [e.className, getComputedStyle(e).backgroundColor]);
  assert(light[0] === "candor" && light[1] === "rgb(255, 255, 255)", "light on a light page: " + light);
  await page.evaluate(() => (document.documentElement.style.colorScheme = "dark"));
  await page.$eval(W, (e) => e.setAttribute("theme", "auto"));
  await page.waitForSelector(`${W} .candor.dark`, { timeout: 10000 });
  await page.evaluate(() => (document.documentElement.style.colorScheme = ""));
  await page.$eval(W, (e) => e.setAttribute("theme", "dark"));
  await page.waitForSelector(`${W} .candor.dark`, { timeout: 10000 });
});

test("on a 375 px phone nothing scrolls sideways, in English and Persian (screenshots kept)", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const lang of ["en", "fa"]) {
    await page.goto(BASE + "/");
    await page.$eval(W, (e, l) => e.setAttribute("lang", l), lang);
    await page.waitForSelector(`${W} .candor[lang=${lang}] .reviews li`, { timeout: 15000 });
    await page.click(`${W} section.write button.primary`);
    await page.waitForSelector(`${W} textarea`, { timeout: 15000 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 375, `${lang}: the page scrolls sideways (${wide} px)`);
    await page.screenshot({ path: path.join(ARTIFACTS, `widget-375-${lang}.png`), fullPage: true });
  }
});

test("check(text, {lang}) from candor.js answers a plain object, typed in candor.d.ts", async ({ page }) => {
  await page.goto(BASE + "/");
  await page.waitForSelector(`${W} .reviews li`, { timeout: 15000 });
  const result = await page.evaluate(async () => {
    const { check } = await import("/widget/candor.js");
    const r = await check("Terrible company, I do not recommend it to anyone. The worst service ever, avoid!", { lang: "el" });
    return { r, plain: Object.getPrototypeOf(r) === Object.prototype, json: JSON.stringify(r) };
  });
  assert(result.plain, "a plain object");
  assert(result.r.verdict === "template", "verdict: " + result.json);
  assert(typeof result.r.score === "number" && result.r.lang === "en", "score and lang: " + result.json);
  assert(result.r.reasons.length > 0 && result.r.reasons.every((x) => /^[a-z_]+$/.test(x.code)), "codes: " + result.json);
  assert(/[α-ω]/.test(result.r.reasons[0].message), "Greek messages: " + result.json);
  const dts = fs.readFileSync(path.join(__dirname, "..", "..", "pkg", "candor.d.ts"), "utf8");
  assert(/export function check\(text: string, options\?: CheckOptions\): Promise<CheckResult>/.test(dts), "typed in candor.d.ts");
});

test("Shop sign-in dispatches a candor-admin event on the element", async ({ page }) => {
  await page.goto(BASE + "/");
  await page.waitForSelector(`${W} .foot a`);
  await page.evaluate(() => {
    window.__admin = null;
    document.querySelector("candor-reviews").addEventListener("candor-admin", (e) => (window.__admin = e.detail));
  });
  await page.click(`${W} .foot a`);
  const detail = await page.evaluate(() => window.__admin);
  assert(detail && detail.site === "demo", "candor-admin with the site id");
  // And from the URL, on a fresh load.
  await page.goto("about:blank");
  await page.addInitScript(() => {
    document.addEventListener("candor-admin", (e) => (window.__fromUrl = e.detail));
  });
  await page.goto(BASE + "/#candor-admin");
  await page.waitForFunction(() => window.__fromUrl, null, { timeout: 10000 });
  const fromUrl = await page.evaluate(() => window.__fromUrl);
  assert(fromUrl && fromUrl.site === "demo", "#candor-admin in the URL dispatches the event");
});

test("readers never download the writer; the write button fetches it once, with the detector", async ({ page }) => {
  const fetched = [];
  page.on("request", (r) => fetched.push(r.url()));
  await page.goto(BASE + "/");
  await page.waitForSelector(`${W} .reviews li`, { timeout: 15000 });
  await sleep(500);
  assert(!fetched.some((u) => u.includes("candor_write")), "no writer module for a reader");
  assert(fetched.some((u) => /candor_bg\.[0-9a-f]+\.wasm$/.test(u)), "the shopper wasm was fetched");
  await page.click(`${W} section.write button.primary`);
  await page.waitForSelector(`${W} textarea`, { timeout: 15000 });
  assert(fetched.filter((u) => /candor_write_bg\.[0-9a-f]+\.wasm$/.test(u)).length === 1, "the writer module, once");
  assert(fetched.filter((u) => /candor_write\.[0-9a-f]+\.js$/.test(u)).length === 1, "one writer import per page");
  const focused = await page.evaluate(() => {
    const active = document.querySelector("candor-reviews").shadowRoot.activeElement;
    return active ? active.tagName + (active.closest("form, .review-form") ? " in form" : "") : "none";
  });
  assert(/in form/.test(focused), "the click moves the keyboard into the form: " + focused);
  // The detector came with it: hints without another download.
  const before = fetched.length;
  await page.fill(`${W} textarea`, TEMPLATE_TEXT);
  await page.waitForSelector(`${W} .hints li`, { timeout: 5000 });
  assert(fetched.slice(before).every((u) => !/\.wasm$|\.js$/.test(u)), "no further module for the hints");
});

test("a writer module that cannot load: a localised message, and the next press works", async ({ page }) => {
  await page.route("**/widget/candor_write.*.js*", (route) => route.fulfill({ status: 503, body: "" }));
  await page.goto(BASE + "/");
  await page.waitForSelector(`${W} .reviews li`, { timeout: 15000 });
  await page.click(`${W} section.write button.primary`);
  await waitForShadowText(page, `${W} section.write [role=alert]`, "The form could not be loaded");
  assert(!(await page.$(`${W} textarea`)), "no form without its module");
  await page.unroute("**/widget/candor_write.*.js*");
  await page.click(`${W} section.write button.primary`);
  await page.waitForSelector(`${W} textarea`, { timeout: 15000 });
  const alertShown = await page.$eval(`${W} section.write [role=alert]`, (e) => !e.hidden);
  assert(!alertShown, "the message goes once the form is there");
});

test("Shop sign-in imports the panel once; a missing panel shows a localised message", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.route("**/widget/panel/candor-panel.js*", (route) => route.fulfill({ status: 404, body: "" }));
  await page.goto(BASE + "/");
  await page.waitForSelector(`${W} .foot a`);
  await page.click(`${W} .foot a`);
  await waitForShadowText(page, `${W} .foot [role=alert]`, "The shop panel could not be loaded");
  // A later click retries; a panel module that loads is started once with the widget's settings.
  await page.unroute("**/widget/panel/candor-panel.js*");
  await page.route("**/widget/panel/candor-panel.js*", (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/javascript",
      body: "export async function start(a) { (window.__panelStarts ??= []).push(a); }",
    }),
  );
  await page.click(`${W} .foot a`);
  await page.waitForFunction(() => (window.__panelStarts || []).length === 1, null, { timeout: 5000 });
  await page.click(`${W} .foot a`);
  await sleep(300);
  const starts = await page.evaluate(() => window.__panelStarts);
  assert(starts.length === 1, "start runs once per page");
  assert(starts[0].site === "demo" && starts[0].lang === "en" && /^http/.test(starts[0].api), "start({api, site, lang})");
  const alertShown = await page.$eval(`${W} .foot [role=alert]`, (e) => !e.hidden).catch(() => false);
  assert(!alertShown, "the failure message goes once the panel loads");
  assert(errors.length === 0, "no uncaught exception: " + errors.join("; "));
});

test("a review hidden for abuse shows a placeholder with the reason, and its replies", async ({ page }) => {
  const words = "The courier from batch 77 was rude at my door on 4 November and I will find where he lives.";
  const created = await fetch(BASE + "/api/v1/sites/demo/reviews", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "complaint", rating: 1, text: words, product: "kettle-2000", author_name: "Boris" }),
  });
  assert(created.ok, "review created: " + created.status);
  const { id } = await created.json();
  const token = await api.login(BASE);
  await api.post(BASE, `/api/v1/sites/demo/reviews/${id}/replies`, token, { text: "We are looking into the delivery." });
  await api.post(BASE, `/api/v1/sites/demo/reviews/${id}/hide`, token, { reason: "threat" });
  await page.goto(BASE + "/");
  const item = `${W} .reviews article.hidden-review[data-review-id="${id}"]`;
  await waitForShadowText(page, item, "Reason: threats.");
  const text = await page.$eval(item, (e) => e.textContent);
  assert(text.includes("We are looking into the delivery."), "the shop's reply stays under the placeholder");
  assert(!text.includes("batch 77") && !text.includes("Boris"), "no text, no name");
});

test("Me too: a press counts with the count shown, survives a reload, a second press takes it back", async ({ page }) => {
  await page.goto(BASE + "/");
  const item = page.locator(`${W} .reviews article.complaint`, { hasText: "cracked lid" }).first();
  const meToo = (pressed) => item.getByRole("button", { name: /^Me too/, pressed });
  await meToo(false).waitFor({ timeout: 15000 });
  const count = async (pressed) => Number((await meToo(pressed).textContent()).replace(/\D/g, "") || 0);
  const before = await count(false);
  await meToo(false).click();
  await meToo(true).waitFor({ timeout: 5000 });
  assert((await count(true)) === before + 1, "the press is counted");
  // The browser remembers its press; the count comes from the server.
  await page.reload();
  await meToo(true).waitFor({ timeout: 15000 });
  assert((await count(true)) === before + 1, "still counted after a reload");
  await meToo(true).click();
  await meToo(false).waitFor({ timeout: 5000 });
  assert((await count(false)) === before, "the second press takes it back");
  const helpful = page.locator(`${W} .reviews article.review:not(.complaint):not(.hidden-review)`).first();
  await helpful.getByRole("button", { name: /^Helpful/ }).waitFor({ timeout: 5000 });
});

test("network failure: the list offers a retry and typed text is kept and resent", async ({ page }) => {
  await page.route("**/api/v1/sites/demo/reviews?**", (route) => route.abort());
  // The product page carries its first page for the widget (docs/seo.md);
  // without it the widget asks the (failing) network.
  await page.route(BASE + "/", async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(/<script type="application\/json" data-candor-first-page>.*?<\/script>/s, "");
    await route.fulfill({ response, body });
  });
  await page.goto(BASE + "/");
  await waitForShadowText(page, `${W} .list-foot`, "Could not load reviews");
  await page.unroute("**/api/v1/sites/demo/reviews?**");
  await page.click(`${W} .list-foot button`);
  await page.waitForSelector(`${W} .reviews li`, { timeout: 10000 });

  await page.route("**/api/v1/sites/demo/reviews", (route) =>
    route.request().method() === "POST" ? route.abort() : route.continue(),
  );
  const text = "The Kettle 2000 I got on 2 November switches off after 20 seconds, before the water boils.";
  await openForm(page);
  await page.click(`${W} .stars-input label:nth-child(2)`);
  await page.fill(`${W} textarea`, text);
  await page.click(`${W} button[type=submit]`);
  await waitForShadowText(page, `${W} .notice`, "saved on this device");
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("candor:pending")));
  assert(kept.length === 1, "the submission is kept in local storage");
  // A reload keeps it too, and once the network is back it is sent.
  await page.unroute("**/api/v1/sites/demo/reviews");
  await page.reload();
  await waitForShadowText(page, `${W} .notice`, "saved on this device");
  await page.click(`${W} .notice button`);
  await waitForShadowText(page, `${W} .form-slot .sent`, "Your review is published", 15000);
  await waitForShadowText(page, `${W} .reviews`, "switches off after 20 seconds");
});

(async () => {
  const browser = await launch();
  let failed = 0;
  const only = process.env.E2E_ONLY;
  for (const { name, fn, opts } of tests) {
    if (only && !name.includes(only)) continue;
    const storageState = opts.storage ? opts.storage() : undefined;
    const context = await browser.newContext({
      viewport: { width: 1100, height: 1400 },
      locale: "en-US",
      storageState,
      bypassCSP: Boolean(opts.bypassCSP),
    });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const started = Date.now();
    try {
      await fn({ page, context });
      assert(errors.length === 0, "page errors: " + errors.join("; "));
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${name}\n     ${String(error.message || error).split("\n").join("\n     ")}`);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, `fail-${tests.findIndex((t) => t.name === name)}.png`), fullPage: true }).catch(() => {});
    }
    await context.close();
  }
  await browser.close();
  const ran = only ? tests.filter((t) => t.name.includes(only)).length : tests.length;
  console.log(`\n${ran - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
