// ---- Candor star badges: the <candor-stars> element -----------------------
// Built to pkg/candor-stars.js by scripts/build-widget.sh (minified, no wasm).
//
//   <script type="module" async src="https://REVIEWS-HOST/widget/candor-stars.js"></script>
//   <candor-stars site="SITE" product="SKU"></candor-stars>
//
// Every <candor-stars> connected in the same task is answered by one request
// per site (GET /api/v1/sites/SITE/ratings?products=a,b,…, up to 100 ids per
// request), so a category page of 48 products makes one request. Whatever
// the element already holds (the server-rendered stars, docs/seo.md) stays
// until the answer comes, and is replaced by the same markup, so nothing
// moves. Attributes: site, product, lang (default: the page's <html lang>),
// api (default: this script's origin).
const API = new URL(import.meta.url).origin;
// "Rated {n} out of 5" in en, ru, kk, fa, el (the widget's catalogue).
const RATED = {
  en: "Rated {n} out of 5",
  ru: "Оценка {n} из 5",
  kk: "Бағасы: 5-тен {n}",
  fa: "امتیاز {n} از ۵",
  el: "Βαθμολογία {n} από 5",
};
let waiting = new Set();

const attr = (el, name, fallback) => el.getAttribute(name) || fallback;
const langOf = (el) => {
  const lang = attr(el, "lang", document.documentElement.lang || "en").slice(0, 2);
  return RATED[lang] ? lang : "en";
};

function render(el, rating) {
  const lang = langOf(el);
  const fmt = (n, d) => new Intl.NumberFormat(lang, { maximumFractionDigits: d }).format(n);
  const count = document.createElement("span");
  count.className = "candor-stars-count";
  if (rating.average == null) {
    count.textContent = "(" + fmt(0, 0) + ")";
    el.replaceChildren(count);
    return;
  }
  const stars = document.createElement("span");
  const full = Math.round(rating.average);
  stars.className = "stars";
  stars.setAttribute("role", "img");
  stars.setAttribute("aria-label", RATED[lang].replace("{n}", fmt(rating.average, 1)));
  stars.textContent = "★★★★★".slice(0, full) + "☆☆☆☆☆".slice(0, 5 - full);
  count.textContent = fmt(rating.average, 1) + " (" + fmt(rating.count, 0) + ")";
  el.replaceChildren(stars, " ", count);
}

async function flush() {
  const elements = [...waiting];
  waiting = new Set();
  const groups = new Map();
  for (const el of elements) {
    const key = attr(el, "api", API) + "\n" + attr(el, "site", "");
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(el);
  }
  for (const [key, group] of groups) {
    const [api, site] = key.split("\n");
    const ids = [...new Set(group.map((el) => attr(el, "product", "")).filter(Boolean))];
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const url = api + "/api/v1/sites/" + encodeURIComponent(site) + "/ratings?products=" +
        chunk.map(encodeURIComponent).join(",");
      try {
        const response = await fetch(url);
        if (!response.ok) throw new Error(response.status);
        const byId = new Map((await response.json()).items.map((r) => [r.product, r]));
        for (const el of group) {
          const rating = byId.get(attr(el, "product", ""));
          if (rating) render(el, rating);
        }
      } catch (error) {
        // The server-rendered stars (if any) stay.
        console.warn("candor-stars: could not load ratings", error);
      }
    }
  }
}

class CandorStars extends HTMLElement {
  connectedCallback() {
    if (!waiting.size) setTimeout(flush);
    waiting.add(this);
  }
}

if (!customElements.get("candor-stars")) customElements.define("candor-stars", CandorStars);
