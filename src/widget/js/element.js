// ---- Candor loader: the <candor-reviews> element -------------------------
// Appended by scripts/build-widget.sh to the wasm-bindgen glue above, so the
// whole widget is one module script plus one content-hashed .wasm file.
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
