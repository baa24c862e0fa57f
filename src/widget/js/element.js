// ---- Candor loader: the <candor-reviews> element -------------------------
// Appended by scripts/build-widget.sh to the wasm-bindgen glue above, so the
// reader is one module script plus one content-hashed .wasm file; the writer
// (with the live checker's detector) is a second pair, imported on demand.
//
//   <script type="module" async src="https://REVIEWS-HOST/widget/candor.js"></script>
//   <candor-reviews site="SITE" product="SKU" lang="ru"></candor-reviews>
//
// Attributes: site, product, lang (default: the page's <html lang>, then the
// browser's), api (default: this script's origin). Each element renders into
// its own open shadow root; several on one page are independent.
const CANDOR_WASM = new URL("__CANDOR_WASM__", import.meta.url);
const CANDOR_ORIGIN = new URL(import.meta.url).origin;
let candorReady;
const candorStart = () =>
  (candorReady ??= __wbg_init({ module_or_path: CANDOR_WASM }));

// The writer (the review/complaint form with the live checker's detector,
// and the complaint tracking cards) is a second wasm module, imported only
// when a shopper presses "Write a review or complaint" or local storage shows
// a returning writer. Resolves to its `mount_writer`; one import per page,
// shared by every element. A failure rejects (the widget says so) and the
// next press tries again, with a query, since the browser remembers a failed
// module fetch by URL.
let candorWriter;
let candorWriterTries = 0;
const candorLoadWriter = () => {
  if (!candorWriter) {
    const url = new URL("__CANDOR_WRITE_JS__", import.meta.url);
    if (candorWriterTries++) url.search = "?retry=" + candorWriterTries;
    candorWriter = import(url)
      .then(async (m) => {
        await m.default({ module_or_path: new URL("__CANDOR_WRITE_WASM__", import.meta.url) });
        return m.mount_writer;
      })
      .catch((error) => {
        candorWriter = undefined;
        throw error;
      });
  }
  return candorWriter;
};

// The merchant's moderation panel (its own bundle, pkg/panel/): imported and
// started once per page when the widget's "Shop sign-in" link is clicked or
// the page opens with #candor-admin. A failure rejects, the widget shows a
// localised message, and a later click tries again.
// (The browser remembers a failed module fetch by URL, so a retry adds a
// query.)
let candorPanel;
let candorPanelTries = 0;
const candorLoadPanel = ({ api, site, lang }) => {
  if (!candorPanel) {
    const url = new URL("panel/candor-panel.js", import.meta.url);
    if (candorPanelTries++) url.search = "?retry=" + candorPanelTries;
    candorPanel = import(url)
      .then((m) => m.start({ api, site, lang }))
      .catch((error) => {
        candorPanel = undefined;
        throw error;
      });
  }
  return candorPanel;
};

/** The `<candor-reviews>` custom element. */
export class CandorReviews extends HTMLElement {
  static observedAttributes = ["site", "product", "lang", "api"];
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
    if (!this.shadowRoot) this.attachShadow({ mode: "open" });
    this.#widget = mount(this, {
      site: this.getAttribute("site") || "",
      product: this.getAttribute("product") || "",
      lang: this.getAttribute("lang") || "",
      api: this.getAttribute("api") || CANDOR_ORIGIN,
      writer: candorLoadWriter,
      panel: candorLoadPanel,
    });
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
