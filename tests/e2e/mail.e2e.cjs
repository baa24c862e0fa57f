// The answer reaches the author on another device: a complaint with an
// e-mail address is resolved by the merchant through the real API of a
// `candor demo` server; the demo's mail preview (/demo/mail) holds the
// "is it resolved?" mail; its private link is opened in a fresh browser
// context (no local storage, as on a laptop after complaining from a phone)
// and the author confirms the resolution there. The yes link's GET changes
// nothing; the page's button does.
//
//   CANDOR_URL=http://127.0.0.1:18480 node tests/e2e/mail.e2e.cjs
//
// Usually run through tests/e2e/run.sh.
"use strict";
const { launch, sleep, api } = require("./lib.cjs");

const BASE = process.env.CANDOR_URL || "http://127.0.0.1:8080";

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function json(path, init) {
  const response = await fetch(BASE + path, init);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The text part of the previewed mail whose subject contains `subject` and
 *  whose text mentions `needle` (pending ones are listed too). */
async function previewedMail(subject, needle, timeout = 30000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const list = await (await fetch(BASE + "/demo/mail")).text();
    const rows = [...list.matchAll(/<a href="\/demo\/mail\/(m_[0-9a-f]+)">([^<]*)<\/a>/g)];
    for (const row of rows.filter((m) => m[2].includes(subject))) {
      const one = await (await fetch(BASE + "/demo/mail/" + row[1])).text();
      const pre = one.match(/<pre[^>]*>([\s\S]*?)<\/pre>/);
      const text = pre ? pre[1].replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&") : "";
      if (text.includes(needle)) return text;
    }
    await sleep(500);
  }
  throw new Error(`no previewed mail "${subject}" about ${needle} within ${timeout} ms`);
}

(async () => {
  const started = Date.now();
  const email = `author-${Date.now()}@example.org`;
  const made = await json("/api/v1/sites/demo/reviews", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.77" },
    body: JSON.stringify({
      kind: "complaint",
      rating: 2,
      lang: "en",
      email,
      text: "Order 7731: the kettle arrived on Monday with a cracked lid and the base wobbles.",
    }),
  });
  const token = await api.login(BASE);
  await api.post(BASE, `/api/v1/sites/demo/reviews/${made.id}/resolve`, token, {
    note: "We sent a new lid by courier on Tuesday and replaced the base.",
  });
  const text = await previewedMail("marked your complaint resolved", "/r/" + made.id + "#");
  const privateLink = text.match(/https?:\/\/[^\s]+\/r\/[^\s#]+#[^\s]+/);
  const yesLink = text.match(/https?:\/\/[^\s]+\/mail\/resolve\/[^\s]+answer=yes[^\s]*/);
  assert(privateLink && yesLink, "the mail has a private link and a yes link:\n" + text);
  const local = (url) => BASE + url.replace(/^https?:\/\/[^/]+/, "");

  const browser = await launch();
  try {
    // A mail scanner's GET of the yes link changes nothing.
    const scanner = await browser.newContext();
    const page = await scanner.newPage();
    await page.goto(local(yesLink[0]));
    assert((await page.textContent("button")).includes("Yes, solved"), "the yes page shows a button");
    await scanner.close();
    let view = await json(`/api/v1/reviews/${made.id}`, { headers: { "x-candor-token": made.author_token } });
    assert(view.can_confirm, "still waiting for the author after a GET");

    // The author, in a fresh context (another device), opens the private link.
    const laptop = await browser.newContext();
    const author = await laptop.newPage();
    await author.goto(local(privateLink[0]));
    assert((await author.evaluate(() => localStorage.length)) === 0, "a fresh context");
    await author.waitForSelector("#candor-private blockquote", { timeout: 10000 });
    const shown = await author.textContent("#candor-private");
    assert(shown.includes("cracked lid"), "the page shows the review: " + shown);
    assert(shown.includes("We sent a new lid"), "the page shows the resolution note: " + shown);
    const referrer = await author.evaluate(() => document.querySelector('meta[name="referrer"]').content);
    assert(referrer === "no-referrer", "no Referer leaves the page");
    await author.click("text=Yes, my problem is solved");
    await author.waitForSelector("text=resolved, confirmed by you", { timeout: 10000 });
    await laptop.close();
    view = await json(`/api/v1/reviews/${made.id}`, { headers: { "x-candor-token": made.author_token } });
    assert(view.review.badges.includes("resolved_confirmed"), "confirmed: " + JSON.stringify(view.review.badges));
  } finally {
    await browser.close();
  }
  console.log(`passed: mail (${Date.now() - started} ms)`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
