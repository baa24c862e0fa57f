// ---- Candor loader: the <candor-reviews> element -------------------------
// Appended by scripts/build-widget.sh to the wasm-bindgen glue above, so the
// reader is one module script plus one content-hashed .wasm file; the writer
// (with the live checker's detector) is a second pair, imported on demand.
//
//   <script type="module" async src="https://REVIEWS-HOST/widget/candor.js"></script>
//   <candor-reviews site="SITE" product="SKU" lang="ru"></candor-reviews>
//
// Attributes: site, product, lang (default: the page's <html lang>, then the
// browser's), api (default: this script's origin), theme (light, dark or auto;
// default: the host page's color-scheme). Each element renders into
// its own open shadow root; several on one page are independent.
const CANDOR_WASM = new URL("__CANDOR_WASM__", import.meta.url);
const CANDOR_ORIGIN = new URL(import.meta.url).origin;
let candorReady;
const candorStart = () =>
  (candorReady ??= __wbg_init({ module_or_path: CANDOR_WASM }));

// Imports the module at `path` (next to this script) once per page, shared by
// every element, and resolves to what `use(module, ...args)` gives. A failure
// rejects (the widget says so) and the next call tries again, with a query,
// since the browser remembers a failed module fetch by URL.
const candorOnce = (path, use) => {
  let pending;
  let tries = 0;
  return (...args) => {
    if (!pending) {
      const url = new URL(path, import.meta.url);
      if (tries++) url.search = "?retry=" + tries;
      pending = import(url)
        .then((m) => use(m, ...args))
        .catch((error) => {
          pending = undefined;
          throw error;
        });
    }
    return pending;
  };
};

// The writer (the review/complaint form with the live checker's detector,
// and the complaint tracking cards) is a second wasm module, imported only
// when a shopper is about to write or local storage shows a returning writer.
// Resolves to its `mount_writer`.
const candorWriter = candorOnce("__CANDOR_WRITE_JS__", async (m) => {
  await m.default({ module_or_path: new URL("__CANDOR_WRITE_WASM__", import.meta.url) });
  return m;
});
const candorLoadWriter = () => candorWriter().then((m) => m.mount_writer);

/**
 * The live checker's detector for a merchant's own form:
 * `await check(text, { lang: "ru", rating: 2 })` resolves to
 * `{ verdict, score, lang, reasons: [{ code, message }] }` (messages in
 * `lang`, English by default). The first call imports the writer module,
 * which carries the detector; later calls reuse it.
 */
export const check = async (text, options = {}) =>
  (await candorWriter()).check(String(text ?? ""), options ?? {});

// The merchant's moderation panel (its own bundle, pkg/panel/): imported and
// started once per page when the widget's "Shop sign-in" link is clicked or
// the page opens with #candor-admin.
const candorLoadPanel = candorOnce("panel/candor-panel.js", (m, { api, site, lang }) =>
  m.start({ api, site, lang }),
);

// theme="light" or "dark" as given; "auto" (the default) follows the host
// page's color-scheme — the CSS property as the element inherits it, else
// <meta name="color-scheme"> — not the system's setting alone: "dark" alone
// is dark, "light dark" follows the system, anything else is light.
// This browser's random voter id for "Me too" and "Helpful", kept in
// localStorage (the server also counts one vote per address, so clearing
// storage does not vote twice); made here because it is a few bytes of JS.
const candorVoter = () => {
  const make = () => crypto.randomUUID?.() ||
    Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2) + Date.now().toString(36);
  try {
    return (localStorage["candor:voter:"] ||= make());
  } catch {
    return make();
  }
};

const candorTheme = (el) => {
  const own = el.getAttribute("theme");
  if (own === "light" || own === "dark") return own;
  let scheme = getComputedStyle(el).colorScheme;
  if (!scheme || scheme === "normal") {
    scheme = document.querySelector('meta[name="color-scheme"]')?.content || "";
  }
  const words = scheme.split(/\s+/);
  const dark = words.includes("dark") &&
    (!words.includes("light") || matchMedia("(prefers-color-scheme: dark)").matches);
  return dark ? "dark" : "light";
};

// Progressive enhancement (docs/seo.md): when the element already holds the
// server-rendered reviews (reviews.html), they stay on screen, through a
// <slot>, until the widget has its own first list; then the two swap in one
// step, and the element keeps at least the height it had, so the page below
// does not jump up. Returns what to call once the widget is mounted, or null
// when there is nothing server-rendered to keep.
const candorHandoff = (host) => {
  const rendered = host.querySelector(":scope > [data-candor-ssr]");
  if (!rendered || !rendered.querySelector("li.review")) return null;
  const shadow = host.shadowRoot || host.attachShadow({ mode: "open" });
  const slot = document.createElement("slot");
  shadow.prepend(slot);
  return () => {
    const widget = [...shadow.children].filter((child) => child !== slot);
    for (const child of widget) child.style.display = "none";
    let observer;
    let timer;
    const swap = () => {
      observer.disconnect();
      clearTimeout(timer);
      host.style.minHeight = host.getBoundingClientRect().height + "px";
      for (const child of widget) child.style.display = "";
      slot.remove();
    };
    // Ready when it lists and its support status has come (the status line
    // changes height when it does).
    const ready = () =>
      shadow.querySelector("article.review, .list-foot .error") &&
      shadow.querySelector(".status.online, .status.open, .status.offline");
    observer = new MutationObserver(() => {
      if (ready()) swap();
    });
    observer.observe(shadow, { childList: true, subtree: true });
    // A widget that never lists (offline, blocked) still takes over.
    timer = setTimeout(swap, 8000);
    // Started from the server's first page, it has listed already.
    if (ready()) swap();
  };
};

// The first page the server rendered into the element, as the JSON list
// (reviews.html carries it), so the widget does not ask for it again.
const candorFirstPage = (host) => {
  const data = host.querySelector(":scope > [data-candor-ssr] > script[data-candor-first-page]");
  if (!data || data.parentElement.dataset.product !== (host.getAttribute("product") || "")) return;
  try {
    return JSON.parse(data.textContent);
  } catch {
    return undefined;
  }
};

/** The `<candor-reviews>` custom element. */
export class CandorReviews extends HTMLElement {
  static observedAttributes = ["site", "product", "lang", "api", "theme"];
  #widget = null;
  #pending = null;

  connectedCallback() {
    this.#render();
  }

  disconnectedCallback() {
    this.#pending = null;
    this.#drop();
  }

  attributeChangedCallback() {
    if (this.isConnected && this.#widget) this.#render();
  }

  async #render() {
    const turn = (this.#pending = {});
    try {
      await candorStart();
    } catch (error) {
      console.error("candor: could not load the widget", error);
      return;
    }
    if (turn !== this.#pending || !this.isConnected) return;
    this.#drop();
    const firstPage = this.shadowRoot ? undefined : candorFirstPage(this);
    const handoff = this.shadowRoot ? null : candorHandoff(this);
    if (!this.shadowRoot) this.attachShadow({ mode: "open" });
    this.#widget = mount(this, {
      site: this.getAttribute("site") || "",
      product: this.getAttribute("product") || "",
      lang: this.getAttribute("lang") || "",
      theme: candorTheme(this),
      voter: candorVoter(),
      api: this.getAttribute("api") || CANDOR_ORIGIN,
      writer: candorLoadWriter,
      panel: candorLoadPanel,
      firstPage,
    });
    if (handoff) handoff();
  }

  #drop() {
    if (this.#widget) {
      this.#widget.unmount();
      this.#widget.free();
      this.#widget = null;
    }
  }
}

if (!customElements.get("candor-reviews")) {
  customElements.define("candor-reviews", CandorReviews);
}
candorStart().catch(() => {});
