// Helpers shared by the widget's browser scripts (tests and benchmark).
"use strict";
const { chromium } = require("playwright-core");

/** Debian's Chromium, headless, with the flags these machines need. */
function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Text of an element inside a widget (`host inner`), or of the whole shadow root. */
async function shadowText(page, host, inner) {
  if (inner) return page.$eval(`${host} ${inner}`, (e) => e.textContent || "");
  return page.$eval(host, (e) => (e.shadowRoot ? e.shadowRoot.textContent : ""));
}

/** Waits until the element matched by a (shadow-piercing) selector contains `text`. */
async function waitForShadowText(page, selector, text, timeout = 10000) {
  const deadline = Date.now() + timeout;
  let last = "";
  while (Date.now() < deadline) {
    last = await page.$eval(selector, (e) => e.textContent || "").catch(() => "");
    if (last.includes(text)) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for "${text}" in ${selector}; it says: ${last.slice(0, 400)}`);
}

/** The merchant side of the API, as the moderation panel would call it. */
const api = {
  async login(base) {
    const response = await fetch(base + "/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "merchant@demo.candor.test", password: "candor-demo-2026" }),
    });
    if (!response.ok) throw new Error("merchant login failed: " + response.status + " " + (await response.text()));
    return (await response.json()).token;
  },
  async post(base, path, token, body) {
    const response = await fetch(base + path, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer " + token },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  },
};

// The form is the writer module, loaded by the "Write a review or complaint"
// button (or at once for a returning writer): open it if it is not there.
async function openForm(page, sel = "candor-reviews") {
  // A returning writer's module mounts on its own and hides the write button;
  // the hidden button comes first in the DOM, so it must not be what is waited on.
  await page.waitForSelector(`${sel} section.write button.primary:not([hidden]), ${sel} textarea`, { timeout: 15000 });
  if (!(await page.$(`${sel} textarea`))) {
    const button = await page.$(`${sel} section.write button.primary:not([hidden])`);
    // The module may mount on its own meanwhile and hide the button: then
    // there is nothing to click, and the textarea below appears anyway.
    if (button) await button.click({ timeout: 3000 }).catch(() => {});
  }
  await page.waitForSelector(`${sel} textarea`, { timeout: 15000 });
}

module.exports = { openForm, launch, sleep, shadowText, waitForShadowText, api };
