// End-to-end test of the merchant's moderation panel against a real
// `candor demo` server, in Debian's headless Chromium (playwright-core): a
// merchant page and a shopper page side by side, as in issue 5.
//
//   CANDOR_URL=http://127.0.0.1:18480 node tests/e2e/panel.e2e.cjs
//
// Usually run through tests/e2e/run.sh (builds the widget and the panel,
// starts the demo server with a fresh database). Steps that need a server
// feature a server lacks print "skip" with the reason; a skip fails the run
// unless E2E_ALLOW_SKIP=1 (for running against an older server).
"use strict";
const fs = require("fs");
const path = require("path");
const { launch, shadowText, waitForShadowText, sleep, openForm } = require("./lib.cjs");

const BASE = process.env.CANDOR_URL || "http://127.0.0.1:8080";
const ARTIFACTS = path.join(__dirname, "..", "artifacts");
const W = "candor-reviews";
const P = "#candor-panel"; // the panel's host; selectors pierce its shadow root

const steps = [];
const step = (name, fn) => steps.push({ name, fn });
class Skip extends Error {}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const COMPLAINT =
  "I ordered the Kettle 2000 on 10 November (order 58990). The handle came loose on the second day " +
  "and now it wobbles when I pour boiling water. Please tell me what you can do.";
const STOCK_REPLY = "Thank you for your feedback, we will take it into account.";
const ABUSE = "The seller is a complete idiot and a crook, everyone who works there is a moron.";

const s = {}; // state shared by the steps

step("a plain shopper page load never requests /widget/panel/", async ({ shopper }) => {
  const requested = [];
  shopper.on("request", (r) => requested.push(r.url()));
  await shopper.goto(BASE + "/");
  await shopper.waitForSelector(`${W} .reviews li`, { timeout: 15000 });
  await sleep(500);
  assert(requested.some((u) => u.includes("/widget/candor")), "the widget itself loaded");
  const panel = requested.filter((u) => u.includes("/widget/panel/"));
  assert(panel.length === 0, "shopper downloaded the panel: " + panel.join(", "));
});

step("the merchant signs in on the demo page (#candor-admin)", async ({ merchant }) => {
  await merchant.goto(BASE + "/#candor-admin");
  await merchant.waitForSelector(`${W} .reviews li`, { timeout: 15000 });
  // The widget's loader imports the panel on #candor-admin (issue 4).
  await merchant.waitForSelector(`${P} .dialog`, { timeout: 10000 });
  // Keyboard: focus starts in the dialog and Tab stays inside it.
  const focused = await merchant.evaluate(() => document.querySelector("#candor-panel").shadowRoot.activeElement?.id);
  assert(focused === "candor-login-email", "focus starts on the e-mail field: " + focused);
  for (let i = 0; i < 5; i++) await merchant.keyboard.press("Tab");
  const inside = await merchant.evaluate(() => Boolean(document.querySelector("#candor-panel").shadowRoot.activeElement));
  assert(inside, "Tab keeps focus inside the dialog");
  await merchant.fill(`${P} #candor-login-email`, "merchant@demo.candor.test");
  await merchant.fill(`${P} #candor-login-password`, "wrong password");
  await merchant.click(`${P} .dialog button[type=submit]`);
  await waitForShadowText(merchant, `${P} .dialog .error`, "Wrong e-mail or password");
  await merchant.fill(`${P} #candor-login-password`, "candor-demo-2026");
  const beat = merchant.waitForResponse((r) => r.url().endsWith("/api/v1/sites/demo/heartbeat") && r.request().method() === "POST");
  await merchant.click(`${P} .dialog button[type=submit]`);
  await merchant.waitForSelector(`${P} .drawer .queue`, { timeout: 10000 });
  s.name = (await merchant.$eval(`${P} .who`, (e) => e.textContent)).replace(/^Signed in as /, "").split(" · ")[0].trim();
  assert(s.name.length > 0, "the drawer says who is signed in");
  // Presence: a heartbeat at once; shoppers see "online" when support is open.
  assert((await beat).status() === 204 || (await beat).ok(), "heartbeat accepted: " + (await beat).status());
  const status = await (await fetch(BASE + "/api/v1/sites/demo/status")).json();
  assert(status.online === status.open_now, "online while open: " + JSON.stringify(status).slice(0, 120));
});

step("a shopper's complaint arrives live in the queue with a running countdown", async ({ merchant, shopper }) => {
  // The merchant allowed notifications: count the ones the panel shows.
  await merchant.context().grantPermissions(["notifications"], { origin: BASE });
  await merchant.evaluate(() => {
    const Native = window.Notification;
    window.__shown = [];
    window.Notification = class extends Native {
      constructor(title, options) {
        super(title, options);
        window.__shown.push([title, options && options.body]);
      }
    };
  });
  await shopper.goto(BASE + "/");
  await openForm(shopper);
  await shopper.check(`${W} input[name=kind][value=complaint]`);
  await shopper.click(`${W} .stars-input label:nth-child(2)`);
  await shopper.fill(`${W} textarea`, COMPLAINT);
  await shopper.fill(`${W} #author_name`, "Marat Panel");
  await shopper.fill(`${W} #email`, "marat@example.test");
  await sleep(400);
  await shopper.click(`${W} button[type=submit]`);
  await shopper.waitForSelector(`${W} .card .countdown`, { timeout: 10000 });
  s.id = await shopper.$eval(`${W} .card`, (e) => e.dataset.id);
  const row = `${P} .items li[data-queue-id="${s.id}"]`;
  await merchant.waitForSelector(row, { timeout: 10000 }); // no reload: SSE → refetch
  const first = await merchant.$eval(`${row} .countdown`, (e) => e.textContent);
  await sleep(2100);
  const second = await merchant.$eval(`${row} .countdown`, (e) => e.textContent);
  assert(/\d+:\d\d/.test(first), "countdown shown: " + first);
  assert(first !== second, `the countdown runs: ${first} → ${second}`);
  const badge = await merchant.$eval(`${row} .due`, (e) => [e.className, e.textContent]);
  assert(/due (green|amber|red)/.test(badge[0]), "the badge has a colour: " + badge[0]);
  assert(badge[1].includes("due "), "calendar time shown: " + badge[1]);
  const shown = await merchant.evaluate(() => window.__shown);
  assert(shown.some(([title, body]) => title === "New complaint" && body.includes("handle came loose")), "desktop notification: " + JSON.stringify(shown));
  const live = await merchant.$eval(`${P} .queue-count`, (e) => e.getAttribute("aria-live"));
  assert(live === "polite", "queue changes are announced");
});

step("a stock reply makes the checker object; a proper one appears live for the shopper", async ({ merchant, shopper }) => {
  await merchant.click(`${P} .items li[data-queue-id="${s.id}"] button.open`);
  await merchant.waitForSelector(`${P} #candor-reply`);
  // Issue 15 item 12: the heading reads as words, with a space.
  await merchant.getByRole("heading", { name: "Complaint 2 of 5 stars" }).waitFor({ timeout: 3000 });
  // Issue 15 item 11: an unanswered open complaint: no Reopen, no Publish again.
  const offered = await merchant.$$eval(`${P} .actions button`, (els) => els.map((e) => e.textContent));
  assert(offered.includes("Mark resolved"), "a complaint can be resolved: " + offered);
  assert(!offered.includes("Reopen") && !offered.includes("Publish again"), "only valid actions: " + offered);
  await merchant.fill(`${P} #candor-reply`, STOCK_REPLY);
  await merchant.waitForSelector(`${P} .checker li[data-issue=stock_phrase]`, { timeout: 3000 });
  const button = await merchant.$eval(`${P} button.send`, (e) => e.textContent);
  assert(button === "Send anyway", "a reply with issues can still be sent: " + button);
  const proper =
    "Marat, I am sorry the handle came loose: that is our fault. A courier brings you a new Kettle 2000 " +
    `tomorrow between 10:00 and 14:00 and takes the faulty one back. ${s.name}`;
  await merchant.fill(`${P} #candor-reply`, proper);
  await waitForShadowText(merchant, `${P} .checker`, "The reply covers the checklist.");
  assert((await merchant.$eval(`${P} button.send`, (e) => e.textContent)) === "Reply publicly", "no objection left");
  await merchant.click(`${P} button.send`);
  await waitForShadowText(merchant, `${P} .toast`, "Reply published.");
  // Issue 15 item 9: the close button is visible (not white on white) and
  // the message stays clear of the form the merchant opens next.
  const close = await merchant.$eval(`${P} .toast button.icon`, (e) => {
    const s = getComputedStyle(e);
    return [s.color, s.backgroundColor, getComputedStyle(e.parentElement).backgroundColor];
  });
  assert(close[0] !== close[1] && close[1] !== "rgb(255, 255, 255)", "close button visible: " + close);
  await merchant.click(`${P} .actions button:has-text("Mark resolved")`);
  await merchant.focus(`${P} .action-form #candor-note`);
  const boxes = await merchant.evaluate(() => {
    const root = document.querySelector("#candor-panel").shadowRoot;
    const r = (sel) => { const b = root.querySelector(sel)?.getBoundingClientRect(); return b && [b.top, b.bottom]; };
    return { toast: r(".toast"), note: r("#candor-note") };
  });
  assert(!boxes.toast || boxes.toast[1] <= boxes.note[0] || boxes.toast[0] >= boxes.note[1], "the toast covers the note field: " + JSON.stringify(boxes));
  await merchant.click(`${P} .action-form button:has-text("Cancel")`);
  // The shopper's page (a second browser context) shows it without reload.
  await waitForShadowText(shopper, `${W} .reviews article[data-review-id="${s.id}"]`, "A courier brings you a new Kettle 2000");
});

step("mark resolved; the shopper confirms; the badge says confirmed by the customer", async ({ merchant, shopper }) => {
  await merchant.click(`${P} .actions button:has-text("Mark resolved")`);
  await merchant.click(`${P} .action-form button[type=submit]`);
  await waitForShadowText(merchant, `${P} .detail .error`, "Write what was done.");
  // Issue 15 item 10: the note is labelled as public text.
  await merchant.getByLabel("What was done (public)").waitFor({ timeout: 3000 });
  await waitForShadowText(merchant, `${P} #candor-note-help`, "Published under the complaint");
  await merchant.fill(`${P} .action-form #candor-note`, "A new kettle was delivered and the faulty one collected.");
  await merchant.click(`${P} .action-form button[type=submit]`);
  await waitForShadowText(merchant, `${P} .toast`, "Marked resolved; the note is published.");
  await waitForShadowText(merchant, `${P} .thread .resolution`, "Resolution note");
  const after = await merchant.$$eval(`${P} .actions button`, (els) => els.map((e) => e.textContent));
  assert(after.includes("Reopen") && !after.includes("Mark resolved"), "a resolved complaint offers Reopen: " + after);
  const card = `${W} .card[data-id="${s.id}"]`;
  await shopper.waitForSelector(`${card} .resolve button.primary`, { timeout: 10000 });
  await shopper.click(`${card} .resolve button.primary`);
  await waitForShadowText(shopper, `${W} .reviews article[data-review-id="${s.id}"]`, "Resolved (confirmed by the customer)");
  // The shopper's list shows the note as the resolution, not a second reply.
  await waitForShadowText(shopper, `${W} .reviews article[data-review-id="${s.id}"] .reply.resolution`, "Resolution note from the shop");
  await waitForShadowText(merchant, `${P} .detail .badges`, "Resolved — confirmed by the customer", 10000);
});

step("hide an abusive review: placeholder and moderation-log entry, with undo", async ({ merchant }) => {
  const made = await fetch(BASE + "/api/v1/sites/demo/reviews", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "review", rating: 1, text: ABUSE, product: "kettle-2000", author_name: "Troll" }),
  });
  assert(made.status === 201, "abusive review accepted for moderation: " + made.status);
  const abusive = (await made.json()).id;
  await merchant.click(`${P} .detail button.link`); // back to the queue
  const row = `${P} .items li[data-queue-id="${abusive}"]`;
  await merchant.waitForSelector(row, { timeout: 10000 });
  await merchant.click(`${row} button.open`);
  await merchant.click(`${P} .actions button:has-text("Hide for abuse")`);
  await merchant.click(`${P} .action-form button[type=submit]`);
  await waitForShadowText(merchant, `${P} .detail .error`, "A reason is required.");
  await merchant.selectOption(`${P} .action-form select`, "insult");
  await merchant.click(`${P} .action-form button[type=submit]`);
  await waitForShadowText(merchant, `${P} .toast`, "Hidden; the reason is in the public moderation log.");
  const log = await (await fetch(BASE + "/api/v1/sites/demo/moderation-log")).json();
  const entries = (log.items || log.entries || []).filter((e) => e.review_id === abusive);
  assert(entries.some((e) => e.action === "hide" && e.reason === "insult"), "log entry: " + JSON.stringify(entries));
  const list = await (await fetch(BASE + "/api/v1/sites/demo/reviews?product=kettle-2000")).json();
  const placeholder = list.items.find((i) => i.id === abusive);
  const hasUndo = await merchant.$(`${P} .toast button.undo`);
  s.pending = [];
  if (!placeholder) s.pending.push("the public list has no hidden placeholders yet (server contract H2a)");
  else {
    assert(placeholder.status === "hidden" && placeholder.text === "", "placeholder without the words");
    assert(!JSON.stringify(placeholder).includes("idiot"), "the abuse is not published");
  }
  if (!hasUndo) s.pending.push("no action_id/undo_until in action answers yet (server contract H2a)");
  else {
    await merchant.click(`${P} .toast button.undo`);
    await waitForShadowText(merchant, `${P} .toast`, "Undone.");
    const again = await (await fetch(BASE + "/api/v1/sites/demo/reviews?product=kettle-2000")).json();
    const back = again.items.find((i) => i.id === abusive);
    assert(back && back.status === "published", "undo published it again");
  }
  if (s.pending.length) throw new Skip(s.pending.join("; "));
});

step("request order details reaches the author's tracking card", async ({ merchant, shopper }) => {
  await shopper.goto(BASE + "/");
  await openForm(shopper);
  await shopper.check(`${W} input[name=kind][value=complaint]`);
  await shopper.click(`${W} .stars-input label:nth-child(1)`);
  await shopper.fill(
    `${W} textarea`,
    "The Kettle 2000 I bought last week leaks from the bottom seam after every boil and the counter gets wet.",
  );
  await shopper.click(`${W} button[type=submit]`);
  await shopper.waitForSelector(`${W} .card .countdown`, { timeout: 10000 });
  const id = await shopper.$eval(`${W} .card`, (e) => e.dataset.id);
  if (await merchant.$(`${P} .detail`)) await merchant.click(`${P} .detail button.link`);
  const row = `${P} .items li[data-queue-id="${id}"]`;
  await merchant.waitForSelector(row, { timeout: 10000 });
  await merchant.click(`${row} button.open`);
  await merchant.click(`${P} .actions button:has-text("Request order details")`);
  await merchant.click(`${P} .action-form button[type=submit]`);
  await waitForShadowText(merchant, `${P} .toast`, "Order details requested from the author.");
  await shopper.waitForSelector(`${W} .card[data-id="${id}"] .details input[type=text]`, { timeout: 10000 });
});

step("filters and search narrow the queue", async ({ merchant }) => {
  if (await merchant.$(`${P} .detail`)) await merchant.click(`${P} .detail button.link`);
  try {
    await merchant.selectOption(`${P} #candor-frating`, "2");
    const filtered = await merchant
      .waitForFunction(() => {
        const stars = [...document.querySelector("#candor-panel").shadowRoot.querySelectorAll(".items li .stars")];
        return stars.length > 0 && stars.every((e) => e.textContent.trim() === "★★");
      }, null, { timeout: 5000 })
      .then(() => true, () => false);
    if (!filtered) throw new Skip("this server lacks the queue's rating filter (H2a filters not here)");
    await merchant.fill(`${P} #candor-q`, "handle came loose");
    await merchant.press(`${P} #candor-q`, "Enter");
    await merchant.waitForFunction((id) => {
      const items = [...document.querySelector("#candor-panel").shadowRoot.querySelectorAll(".items li")];
      return items.length === 1 && items[0].dataset.queueId === id;
    }, s.id, { timeout: 5000 });
  } finally {
    const clear = await merchant.$(`${P} button.clear-filters`);
    if (clear) await clear.click(); // the queue failed: the filter bar is replaced by the error
    await merchant.waitForSelector(`${P} #candor-frating`, { timeout: 5000 });
    await merchant.selectOption(`${P} #candor-frating`, "");
    // Two quick changes, no wait between them: both must count (the filter bar
    // reads the whole form at each change, never a stale copy).
    await merchant.fill(`${P} #candor-q`, "");
    await merchant.press(`${P} #candor-q`, "Enter");
    await merchant.waitForFunction(() => {
      const root = document.querySelector("#candor-panel").shadowRoot;
      return root.querySelector("#candor-q").value === "" && root.querySelector("#candor-frating").value === "" &&
        root.querySelectorAll(".items li").length > 1;
    }, null, { timeout: 5000 });
  }
});

step("the demo review that reads like machine-generated text carries the hint in the queue and the detail", async ({ merchant }) => {
  if (await merchant.$(`${P} .detail`)) await merchant.click(`${P} .detail button.link`);
  const queued = await merchant.evaluate(async () => {
    const r = await fetch("/api/v1/sites/demo/queue?page=1&q=" + encodeURIComponent("Nord lamp turned out"),
      { credentials: "include", headers: { "X-Candor-CSRF": "1" } });
    return r.json();
  });
  const item = (queued.items || [])[0];
  if (!item || item.machine_like === undefined) throw new Skip("this server has no machine_like hint");
  assert(item.machine_like === true, "the demo review is flagged: " + JSON.stringify(item).slice(0, 300));
  const id = item.review.id;
  try {
    await merchant.fill(`${P} #candor-q`, "Nord lamp turned out");
    await merchant.press(`${P} #candor-q`, "Enter");
    const row = `${P} .items li[data-queue-id="${id}"]`;
    await merchant.waitForSelector(row, { timeout: 5000 });
    await waitForShadowText(merchant, row, "Reads like machine-generated text");
    await merchant.click(`${row} button.open`);
    await waitForShadowText(merchant, `${P} .detail .badges`, "Reads like machine-generated text");
    await merchant.click(`${P} .detail button.link`);
  } finally {
    await merchant.fill(`${P} #candor-q`, "");
    await merchant.press(`${P} #candor-q`, "Enter");
  }
});

step("author history, triage edit and saved replies", async ({ merchant }) => {
  if (await merchant.$(`${P} .detail`)) await merchant.click(`${P} .detail button.link`);
  await merchant.click(`${P} .items li[data-queue-id="${s.id}"] button.open`);
  await merchant.waitForSelector(`${P} .history`);
  await merchant.waitForFunction(
    () => !document.querySelector("#candor-panel").shadowRoot.querySelector(".history").textContent.includes("Loading"),
    null, { timeout: 5000 },
  );
  const said = await shadowText(merchant, P, ".history");
  if (said.includes("does not support")) throw new Skip("history, triage and saved replies not on this server yet (H2a): " + said.trim());
  assert(/No other reviews|★/.test(said), "history shown: " + said);
  await merchant.selectOption(`${P} #candor-prio`, "product_safety");
  await merchant.click(`${P} .triage button[type=submit]`);
  await waitForShadowText(merchant, `${P} .toast`, "Topic and priority saved.");
  await waitForShadowText(merchant, `${P} .detail .item-head`, "Product safety");
  // Issue 15 item 12: "Product safety" once, and Save clear of the next label.
  const head = await shadowText(merchant, P, ".detail .item-head");
  assert(head.split("Product safety").length - 1 === 1, "Product safety shown once: " + head);
  const gap = await merchant.evaluate(() => {
    const root = document.querySelector("#candor-panel").shadowRoot;
    const save = root.querySelector(".triage button[type=submit]").getBoundingClientRect();
    const next = root.querySelector(".triage").nextElementSibling.getBoundingClientRect();
    return next.top - save.bottom;
  });
  assert(gap >= 8, "Save touches the next label: " + gap);
  const saved = `Thank you for writing to us. ${s.name}`;
  await merchant.fill(`${P} #candor-reply`, saved);
  await merchant.fill(`${P} #candor-saved-title`, "E2E greeting");
  await merchant.click(`${P} button:has-text("Save as a saved reply")`);
  await merchant.waitForSelector(`${P} #candor-saved option:has-text("E2E greeting")`, { state: "attached", timeout: 5000 });
  await merchant.fill(`${P} #candor-reply`, "");
  const value = await merchant.$eval(`${P} #candor-saved option:has-text("E2E greeting")`, (o) => o.value);
  await merchant.selectOption(`${P} #candor-saved`, value);
  const text = await merchant.$eval(`${P} #candor-reply`, (e) => e.value);
  assert(text === saved, "the saved reply fills the editor: " + text);
  await merchant.waitForSelector(`${P} .checker li`, { timeout: 3000 }); // the checker applies to it too
  // Update it with the editor's text: the next insert brings the new text.
  const title = await merchant.$eval(`${P} #candor-saved-title`, (e) => e.value);
  assert(title === "E2E greeting", "inserting a saved reply fills its title: " + title);
  await waitForShadowText(merchant, `${P} .saved-current`, "E2E greeting");
  const changed = `Thank you for writing to us, we are sorry for the trouble. ${s.name}`;
  await merchant.fill(`${P} #candor-reply`, changed);
  await merchant.click(`${P} button.update-saved`);
  await waitForShadowText(merchant, `${P} .saved-status`, "Saved reply updated.");
  await merchant.fill(`${P} #candor-reply`, "");
  await merchant.waitForSelector(`${P} #candor-saved option:has-text("E2E greeting")`, { state: "attached", timeout: 5000 });
  await merchant.selectOption(`${P} #candor-saved`, value);
  const updated = await merchant.$eval(`${P} #candor-reply`, (e) => e.value);
  assert(updated === changed, "the updated saved reply fills the editor: " + updated);
  // Delete it, in two steps: Cancel keeps it, Delete removes it from the picker.
  await merchant.click(`${P} button.delete-saved`);
  await merchant.waitForSelector(`${P} #candor-saved-confirm`, { timeout: 3000 });
  await merchant.click(`${P} #candor-saved-confirm button:not(.confirm-delete-saved)`);
  await merchant.waitForSelector(`${P} #candor-saved-confirm`, { state: "detached", timeout: 3000 });
  assert(await merchant.$(`${P} #candor-saved option[value="${value}"]`), "Cancel keeps the saved reply");
  await merchant.click(`${P} button.delete-saved`);
  await merchant.click(`${P} button.confirm-delete-saved`);
  await waitForShadowText(merchant, `${P} .saved-status`, "Saved reply deleted.");
  await merchant.waitForFunction(
    (id) => !document.querySelector("#candor-panel").shadowRoot.querySelector(`#candor-saved option[value="${id}"]`),
    value, { timeout: 5000 },
  );
  assert(!(await merchant.$(`${P} .saved-current`)), "no saved reply to update or delete any more");
});

step("in-place controls on the widget's reviews open the drawer", async ({ merchant }) => {
  await merchant.waitForSelector(`${W} [data-review-id] .candor-mod button`, { timeout: 5000 });
  // The widget's own articles (data-rating), not the server-rendered copy
  // in the light DOM that the widget replaces.
  const id = await merchant.$eval(`${W} [data-review-id][data-rating]`, (e) => e.dataset.reviewId);
  const names = await merchant.$$eval(`${W} [data-review-id="${id}"] .candor-mod button`, (els) => els.map((e) => e.textContent));
  const resolvable = await merchant.$eval(`${W} [data-review-id="${id}"][data-rating]`, (e) =>
    (e.dataset.kind === "complaint" || Number(e.dataset.rating) <= 3) && !e.querySelector(".badge.resolved"));
  const expected = resolvable ? "Reply publicly|Mark resolved|Hide for abuse" : "Reply publicly|Hide for abuse";
  assert(names.join("|") === expected, "toolbar buttons: " + names);
  // Issue 15 item 11: never "Mark resolved" on a five-star review.
  const five = await merchant.$$eval(`${W} [data-review-id][data-rating="5"] .candor-mod`, (bars) =>
    bars.map((b) => b.textContent));
  assert(five.length > 0, "the demo has five-star reviews on the page");
  assert(five.every((t) => !t.includes("Mark resolved")), "Mark resolved on a five-star review: " + five);
  await merchant.click(`${W} [data-review-id="${id}"] .candor-mod button[data-intent=hide]`);
  await merchant.waitForSelector(`${P} .detail .action-form[data-form=hide]`, { timeout: 5000 });
  await merchant.click(`${W} [data-review-id="${id}"] .candor-mod button[data-intent=reply]`);
  await merchant.waitForSelector(`${P} .detail #candor-reply`, { timeout: 5000 });
});

// A burst of late-delivery complaints in the five languages, each from its own
// address (the demo trusts 127.0.0.1 as a proxy, so X-Forwarded-For counts and
// the per-IP limit of 20 an hour is not hit). On a fresh demo site the topic has
// no earlier complaints: core::crisis's baseline (EWMA over earlier 30-minute
// windows) is 0 with sd 0, so the rule is count > 0 and count >= floor 5; six
// leave room for one complaint classified elsewhere.
const BURST = [
  ["en", "My order was supposed to arrive on Monday and it still has not arrived, the delivery is a week late."],
  ["ru", "Заказ до сих пор не доставлен, доставка задерживается уже на неделю, где моя посылка?"],
  ["kk", "Тапсырыс әлі келмеді, жеткізу бір аптаға кешікті, посылка қайда?"],
  ["fa", "سفارش من هنوز نرسید و ارسال یک هفته تاخیر دارد، بسته کجاست؟"],
  ["el", "Η παραγγελία μου δεν έφτασε ακόμα, η αποστολή έχει καθυστέρηση μιας εβδομάδας."],
  ["en", "Still waiting for my parcel: the delivery is delayed again and nobody tells me when it will arrive."],
];
const NOTICE = "A courier strike delays deliveries this week. Every order ships by Friday; we refund the delivery fee.";

step("a burst of delivery complaints raises the crisis banner; one incident notice answers them all", async ({ merchant, shopper }) => {
  const ids = [];
  for (const [i, [, text]] of BURST.entries()) {
    const made = await fetch(BASE + "/api/v1/sites/demo/reviews", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${10 + i}` },
      body: JSON.stringify({ kind: "complaint", rating: 1, text, product: "kettle-2000", author_name: `Late ${i + 1}` }),
    });
    const body = await made.json();
    assert(made.status === 201, `complaint ${i + 1} accepted: ${made.status} ${JSON.stringify(body)}`);
    ids.push(body.id);
  }
  if (await merchant.$(`${P} .detail`)) await merchant.click(`${P} .detail button.link`);
  // The panel asks for alerts on every new complaint (SSE), not only each minute.
  await waitForShadowText(merchant, `${P} .crisis`, "Late delivery", 15000);
  assert((await shadowText(merchant, P, ".crisis")).includes("are rising"), "the banner explains the alert");
  await shopper.goto(BASE + "/");
  await shopper.waitForSelector(`${W} .reviews li`, { timeout: 15000 });
  await merchant.click(`${P} .crisis button:has-text("Post an incident notice")`);
  await merchant.fill(`${P} #candor-incident`, NOTICE);
  await merchant.click(`${P} .crisis button[type=submit]`);
  await waitForShadowText(merchant, `${P} .toast`, "Done: Post an incident notice");
  // The banner gives way to the open notice, with Close.
  await waitForShadowText(merchant, `${P} .incident`, NOTICE);
  assert(!(await merchant.$(`${P} .crisis`)), "no second notice offered for the same topic");
  // The shopper's page (no reload): the notice, live.
  await waitForShadowText(shopper, `${W} .incident`, "Notice from the shop");
  await waitForShadowText(shopper, `${W} .incident .incident-text`, NOTICE);
  // Each linked complaint has the notice as the shop's public answer.
  const list = await (await fetch(BASE + "/api/v1/sites/demo/reviews?product=kettle-2000&sort=newest")).json();
  for (const id of ids) {
    const item = list.items.find((i) => i.id === id);
    assert(item, "complaint listed: " + id);
    assert(item.replies.some((r) => r.text === NOTICE), "the notice answers " + id + ": " + JSON.stringify(item.replies));
  }
  await waitForShadowText(shopper, `${W} .reviews article[data-review-id="${ids[0]}"]`, "courier strike");
  // The queue: none of them waits for an answer any more.
  await merchant.waitForFunction((ids) => {
    const root = document.querySelector("#candor-panel").shadowRoot;
    return ids.every((id) => {
      const row = root.querySelector(`.items li[data-queue-id="${id}"]`);
      return !row || !row.querySelector(".due");
    });
  }, ids, { timeout: 10000 });
  const queued = await merchant.evaluate(async (base) => {
    const r = await fetch(base + "/api/v1/sites/demo/queue?page=1", { credentials: "include", headers: { "X-Candor-CSRF": "1" } });
    return (await r.json()).items.map((i) => [i.review.id, i.first_answer_at]);
  }, BASE);
  const waiting = queued.filter(([id, answered]) => ids.includes(id) && !answered);
  assert(waiting.length === 0, "the queue has them as answered: " + JSON.stringify(waiting));
  // Close the notice: it leaves the shopper's widget.
  await merchant.click(`${P} .incident button.close-incident`);
  await waitForShadowText(merchant, `${P} .toast`, "Done: Close notice");
  await shopper.waitForFunction(
    () => !document.querySelector("candor-reviews").shadowRoot.querySelector(".incident"),
    null, { timeout: 10000 },
  );
  const status = await (await fetch(BASE + "/api/v1/sites/demo/status")).json();
  assert(status.incident === null, "status has no open notice: " + JSON.stringify(status.incident));
});

step("axe-core finds no violations on the open panel", async ({ merchant }) => {
  await merchant.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const run = () =>
    merchant.evaluate(() =>
      window.axe.run({ include: [["#candor-panel"]] }, { resultTypes: ["violations"] }).then((r) => ({
        violations: r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
        passes: r.passes.length,
      })),
    );
  if (await merchant.$(`${P} .detail`)) await merchant.click(`${P} .detail button.link`);
  await merchant.waitForSelector(`${P} .items li`);
  const queue = await run();
  assert(queue.violations.length === 0, "queue view:\n  " + queue.violations.join("\n  "));
  await merchant.click(`${P} .items li button.open`);
  await merchant.click(`${P} .actions button:has-text("Hide for abuse")`);
  await merchant.fill(`${P} #candor-reply`, STOCK_REPLY);
  await merchant.waitForSelector(`${P} .checker li`);
  // A saved reply inserted, with its delete confirmation open, is checked too.
  await merchant.fill(`${P} #candor-saved-title`, "E2E axe");
  await merchant.click(`${P} button:has-text("Save as a saved reply")`);
  const axeSaved = `${P} #candor-saved option:has-text("E2E axe")`;
  await merchant.waitForSelector(axeSaved, { state: "attached", timeout: 5000 });
  await merchant.selectOption(`${P} #candor-saved`, await merchant.$eval(axeSaved, (o) => o.value));
  await merchant.click(`${P} button.delete-saved`);
  await merchant.waitForSelector(`${P} #candor-saved-confirm`);
  const detail = await run();
  assert(detail.violations.length === 0, "detail view:\n  " + detail.violations.join("\n  "));
  // With an action's message showing too (issue 15 item 9: its close button).
  await merchant.click(`${P} button.confirm-delete-saved`);
  await merchant.click(`${P} .triage button[type=submit]`);
  await merchant.waitForSelector(`${P} .toast`, { timeout: 5000 });
  const toasted = await run();
  assert(toasted.violations.length === 0, "with a message:\n  " + toasted.violations.join("\n  "));
  assert(queue.passes + detail.passes > 10, "axe actually checked the panel");
});

step("issue 15 item 12: visible filter labels, whole-word names; on a phone the filters fold (screenshot kept)", async ({ merchant, newPage }) => {
  if (await merchant.$(`${P} .detail`)) await merchant.click(`${P} .detail button.link`);
  for (const label of ["Priority", "Topic", "Rating", "Language", "Suspected fakes"]) {
    assert(await merchant.getByLabel(label, { exact: true }).first().isVisible(), "visible filter label: " + label);
  }
  const names = await merchant.$$eval(`${P} .items li button.open`, (els) => els.map((e) => e.getAttribute("aria-label")));
  const texts = await merchant.$$eval(`${P} .items li .snippet`, (els) => els.map((e) => e.textContent));
  names.forEach((name, i) => {
    const said = name.replace(/^Open: /, "").replace(/…$/, "");
    const full = texts[i] || "";
    assert(full.startsWith(said), "the name is the text's start: " + name);
    const next = full.charAt(said.length);
    assert(next === "" || /[\s.,;:!?]/.test(next), "cut mid-word: " + name);
  });
  // The merchant's session in a phone-sized page.
  const phone = await newPage(true);
  await phone.context().addCookies(await merchant.context().cookies());
  await phone.setViewportSize({ width: 375, height: 812 });
  await phone.goto(BASE + "/#candor-admin");
  await phone.waitForSelector(`${P} .drawer .queue`, { timeout: 15000 });
  const fold = phone.getByText("Filters", { exact: true });
  assert(await fold.isVisible(), "one Filters control on a phone");
  assert(!(await phone.getByLabel("Rating", { exact: true }).isVisible()), "the filters start folded");
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await phone.screenshot({ path: path.join(ARTIFACTS, "panel-375.png") });
  await fold.click();
  assert(await phone.getByLabel("Rating", { exact: true }).isVisible(), "Filters unfolds them");
  await phone.context().close();
});

step("metrics view draws SVG charts from /stats; export links download with the session", async ({ merchant }) => {
  if (await merchant.$(`${P} .detail`)) await merchant.click(`${P} .detail button.link`);
  const href = await merchant.$eval(`${P} .export a[href*="format=csv"][href*="what=reviews"]`, (a) => a.href);
  const csv = await merchant.evaluate(async (url) => {
    const r = await fetch(url, { credentials: "include" });
    return [r.status, r.headers.get("content-type"), (await r.text()).slice(0, 200)];
  }, href);
  assert(csv[0] === 200 && /csv/.test(csv[1]) && csv[2].includes("id"), "CSV export: " + csv.join(" | "));
  await merchant.click(`${P} .tabs button:has-text("Metrics")`);
  const shown = await merchant.waitForSelector(`${P} .metrics, ${P} .error`, { timeout: 10000 });
  const pending = await shown.evaluate((e) => (e.classList.contains("error") ? e.textContent : ""));
  if (!pending) {
    const charts = await merchant.$$(`${P} .metrics svg.chart, ${P} .metrics p.muted`);
    assert(charts.length >= 5, "a chart (or 'no data') for each metric: " + charts.length);
    const labels = await merchant.$$eval(`${P} .metrics svg[role=img]`, (els) => els.map((e) => e.getAttribute("aria-label")));
    assert(labels.every((l) => l && l.length > 10), "charts have text alternatives");
    if (await merchant.evaluate(() => Boolean(window.axe))) {
      const found = await merchant.evaluate(() =>
        window.axe.run({ include: [["#candor-panel"]] }, { resultTypes: ["violations"] })
          .then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)));
      assert(found.length === 0, "axe on the metrics view:\n  " + found.join("\n  "));
    }
  }
  await merchant.click(`${P} .tabs button:has-text("Queue")`);
  if (pending) throw new Skip("stats endpoint not on this server yet (H2b); the panel says: " + pending.trim());
});

step("Persian: the panel speaks Persian, right to left", async ({ newPage }) => {
  const page = await newPage();
  await page.goto(BASE + "/");
  await page.evaluate(async (base) => {
    const m = await import(base + "/widget/panel/candor-panel.js");
    await m.start({ api: base, site: "demo", lang: "fa" });
  }, BASE);
  await page.waitForSelector(`${P} .dialog`, { timeout: 10000 });
  const [dir, title] = await page.$eval(`${P} .candor-panel`, (e) => [e.getAttribute("dir"), e.textContent]);
  assert(dir === "rtl", "Persian panel is right-to-left: " + dir);
  assert(title.includes("ورود فروشگاه"), "Persian strings: " + title.slice(0, 80));
  // Escape closes the dialog (and the panel with it).
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("#candor-panel"), null, { timeout: 5000 });
  await page.context().close();
});

step("the language filter and Show more page through a long queue", async ({ merchant }) => {
  if (await merchant.$(`${P} .detail`)) await merchant.click(`${P} .detail button.link`);
  const queueApi = (query) =>
    merchant.evaluate(async (query) => {
      const r = await fetch("/api/v1/sites/demo/queue?" + query, { credentials: "include", headers: { "X-Candor-CSRF": "1" } });
      return r.json();
    }, query);
  const rows = () => merchant.$$eval(`${P} .items li`, (els) => els.length).catch(() => 0);
  // Language: only the Persian texts.
  const persian = await queueApi("page=1&lang=fa");
  assert(persian.items.length > 0, "the demo has Persian items");
  await merchant.selectOption(`${P} #candor-flang`, "fa");
  await merchant.waitForFunction((ids) => {
    const got = [...document.querySelector("#candor-panel").shadowRoot.querySelectorAll(".items li")].map((li) => li.dataset.queueId);
    return got.length === ids.length && got.every((id, i) => id === ids[i]);
  }, persian.items.map((i) => i.review.id), { timeout: 5000 });
  await merchant.selectOption(`${P} #candor-flang`, "");
  // A queue longer than a page (50): more reviews, each from its own address.
  let first = await queueApi("page=1");
  for (let i = 0; !first.has_more && i < 80; i++) {
    const made = await fetch(BASE + "/api/v1/sites/demo/reviews", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${1 + i}` },
      body: JSON.stringify({ kind: "review", rating: 4, author_name: `Reader ${i + 1}`,
        text: `Review number ${i + 1}: the ${["lid", "handle", "base", "cable", "filter"][i % 5]} of my kettle arrived on day ${1 + (i % 28)}, works after ${2 + i} uses.` }),
    });
    assert(made.status === 201, "review accepted: " + made.status);
    if (i % 10 === 9) first = await queueApi("page=1");
  }
  first = await queueApi("page=1");
  assert(first.has_more, "the queue has a second page");
  const second = await queueApi("page=2");
  // Many of these texts share one shape and are held as a campaign, which
  // the public live stream does not announce: refresh the queue by hand
  // (any filter change reloads it).
  await merchant.selectOption(`${P} #candor-flang`, "en");
  await merchant.selectOption(`${P} #candor-flang`, "");
  await merchant.waitForSelector(`${P} button.more`, { timeout: 10000 });
  assert((await rows()) === first.items.length, "one page shown before Show more");
  await merchant.click(`${P} button.more`);
  await merchant.waitForFunction((n) => document.querySelector("#candor-panel").shadowRoot.querySelectorAll(".items li").length >= n,
    first.items.length + second.items.length, { timeout: 10000 });
  const shown = await merchant.$$eval(`${P} .items li`, (els) => els.map((e) => e.dataset.queueId));
  assert(new Set(shown).size === shown.length, "no item shown twice");
  assert(second.items.every((i) => shown.includes(i.review.id)), "page 2's items are shown");
});

step("closing the panel sets the merchant away at once", async ({ merchant }) => {
  const away = merchant.waitForResponse((r) => r.url().endsWith("/api/v1/sites/demo/heartbeat") && r.request().method() === "DELETE");
  await merchant.click(`${P} header button.icon`);
  await merchant.waitForFunction(() => !document.querySelector("#candor-panel"), null, { timeout: 5000 });
  const answer = await away;
  assert(!(await merchant.$(`${W} .candor-mod`)), "in-page controls removed");
  if (answer.status() === 404 || answer.status() === 405) throw new Skip("DELETE heartbeat not on this server yet (H2a)");
  assert(answer.status() === 204, "DELETE heartbeat: " + answer.status());
  const status = await (await fetch(BASE + "/api/v1/sites/demo/status")).json();
  assert(status.online === false, "away at once");
});

step("the open queue also reloads on a timer (texts held as a campaign are not on the live stream)", async ({ merchant }) => {
  const page = await merchant.context().newPage();
  const queueLoads = [];
  page.on("request", (r) => {
    if (r.method() === "GET" && /\/api\/v1\/sites\/demo\/queue\?/.test(r.url())) queueLoads.push(Date.now());
  });
  await page.goto(BASE + "/");
  await page.waitForSelector(`${W} .reviews li`, { timeout: 15000 });
  // Started as the widget's loader does, with a short period for the test.
  await page.evaluate(async () => {
    const panel = await import(new URL("/widget/panel/candor-panel.js", location.href));
    await panel.start({ site: "demo", poll_ms: 1000 });
  });
  await page.waitForSelector(`${P} .drawer .queue`, { timeout: 10000 });
  const first = queueLoads.length;
  await sleep(3500);
  assert(queueLoads.length - first >= 2, `the queue reloaded ${queueLoads.length - first} times in 3.5 s without live events`);
  await page.close();
});

(async () => {
  const browser = await launch();
  const newPage = async (bypassCSP = false) => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 1400 }, locale: "en-US", bypassCSP });
    const page = await context.newPage();
    page.errors = [];
    page.on("pageerror", (e) => page.errors.push(e.message));
    return page;
  };
  // axe is injected as a script tag, which the demo page's CSP would refuse.
  const m = await newPage(true);
  const shopper = await newPage();
  let failed = 0;
  let skipped = 0;
  let passed = 0;
  for (const [index, { name, fn }] of steps.entries()) {
    const started = Date.now();
    try {
      await fn({ merchant: m, shopper, newPage });
      const errors = [...m.errors, ...shopper.errors];
      assert(errors.length === 0, "page errors: " + errors.join("; "));
      passed += 1;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      if (error instanceof Skip) {
        skipped += 1;
        console.log(`skip ${name}\n     ${error.message}`);
        continue;
      }
      failed += 1;
      console.log(`FAIL ${name}\n     ${String(error.message || error).split("\n").join("\n     ")}`);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await m.screenshot({ path: path.join(ARTIFACTS, `panel-fail-${index}.png`) }).catch(() => {});
      await shopper.screenshot({ path: path.join(ARTIFACTS, `panel-fail-${index}-shopper.png`) }).catch(() => {});
      if (index < 2) break; // nothing else can run without a signed-in panel
    }
  }
  await browser.close();
  const notRun = steps.length - passed - skipped - failed;
  console.log(`\n${passed} passed, ${skipped} skipped, ${failed} failed${notRun ? `, ${notRun} not run` : ""}`);
  process.exit(failed || (skipped && !process.env.E2E_ALLOW_SKIP) ? 1 : 0);
})();
