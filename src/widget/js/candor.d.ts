/**
 * Candor shopper widget. Importing the module defines `<candor-reviews>`.
 *
 *   <script type="module" async src="https://REVIEWS-HOST/widget/candor.js"></script>
 *   <candor-reviews site="SITE" product="SKU" lang="ru"></candor-reviews>
 */

/** Attributes of `<candor-reviews>`. */
export interface CandorReviewsAttributes {
  /** Site id on the Candor server. */
  site: string;
  /** Product id on the storefront; absent for reviews of the whole shop. */
  product?: string;
  /** en, ru, kk, fa or el; default the page's `<html lang>`, then the browser's. */
  lang?: string;
  /** API base URL (scheme and host); default the origin this script came from. */
  api?: string;
  /**
   * `light`, `dark` or `auto` (the default): `auto` follows the host page's
   * `color-scheme` (CSS on the element or `<meta name="color-scheme">`), not
   * the system's setting alone.
   */
  theme?: "light" | "dark" | "auto";
}

/** What `mount` reads from its `props` argument. */
export interface MountProps extends Omit<CandorReviewsAttributes, "theme"> {
  /**
   * `dark` for dark colours, anything else light: the element resolves its
   * `theme="auto"` against the page before calling `mount`.
   */
  theme?: string;
  /** Subscribe to live events (default true). */
  live?: boolean;
  /** Imports the writer module (`candor_write.<hash>.js`); resolves to its `mount_writer`. */
  writer?: () => Promise<MountWriter>;
  /** Imports and starts the moderation panel (`pkg/panel/candor-panel.js`). */
  panel?: (args: { api: string; site: string; lang: string }) => Promise<unknown>;
}

/** What `mount_writer` reads from its `props` argument. */
export interface WriterProps {
  site: string;
  product?: string;
  /** An already-resolved UI language code (`en`, `ru`, `kk`, `fa`, `el`; default `en`). */
  lang?: string;
  /** API base URL (scheme and host). */
  api: string;
  /** Called with no arguments after each accepted submission. */
  on_submitted?: () => void;
  /** Move keyboard focus into the form once it is rendered. */
  focus?: boolean;
  /** Show the form at once (default true); false renders only the tracking cards until `open()`. */
  open?: boolean;
  /** Called with `true` when the form opens and `false` when it closes after a submission. */
  on_form?: (open: boolean) => void;
}

/** A mounted writer (the form and the complaint tracking cards). */
export class Writer {
  free(): void;
  /** A live review event's `review` object: that complaint's tracking card reloads. */
  live(review: unknown): void;
  /** Opens the form (again) and moves the keyboard into it. */
  open(): void;
  /** Removes the writer from both slots. */
  unmount(): void;
}

/** The writer module's export: renders the form into `formSlot` and the tracking cards into `cardsSlot`. */
export type MountWriter = (formSlot: HTMLElement, cardsSlot: HTMLElement, props: WriterProps) => Writer;

/** A mounted widget. */
export class Widget {
  free(): void;
  /** Removes the widget and its listeners. */
  unmount(): void;
}

/** Options of {@link check}. */
export interface CheckOptions {
  /** Language of the messages: `en` (default), `ru`, `kk`, `fa` or `el`. */
  lang?: "en" | "ru" | "kk" | "fa" | "el" | string;
  /** The star rating 1–5, if the form has one (it picks the nudge and spots a rating/text mismatch). */
  rating?: number;
}

/** One reason of a {@link CheckResult}. */
export interface CheckReason {
  /** Stable snake_case code, e.g. `no_facts`. */
  code: string;
  /** What would make the text useful, in the asked language. */
  message: string;
}

/** The detector's verdict on a text (the shape of `candor check --jsonl`). */
export interface CheckResult {
  /** `specific`: fine; `vague`: nudge for details; `template`: reads like a template. */
  verdict: "specific" | "vague" | "template";
  /** 0–1, higher is more template-like. */
  score: number;
  /** The text's language when recognised, else null. */
  lang: "en" | "ru" | "kk" | "fa" | "el" | null;
  /** Why, most important first. */
  reasons: CheckReason[];
}

/**
 * Judges a review text with the same detector the widget's form and the
 * server use. The first call imports the writer module (which carries the
 * detector), so the answer is a promise.
 */
export function check(text: string, options?: CheckOptions): Promise<CheckResult>;

/** The `<candor-reviews>` element class. */
export class CandorReviews extends HTMLElement {}

/** Renders the widget into `host`'s shadow root (attached if missing). */
export function mount(host: HTMLElement, props: MountProps): Widget;

/** Event dispatched on the element when "Shop sign-in" is used or the page URL has `#candor-admin`. */
export interface CandorAdminEvent extends CustomEvent<{ site: string }> {}

declare global {
  interface HTMLElementTagNameMap {
    "candor-reviews": CandorReviews;
  }
  interface HTMLElementEventMap {
    "candor-admin": CandorAdminEvent;
  }
}
