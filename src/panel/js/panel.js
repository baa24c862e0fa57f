// ---- Candor moderation panel loader --------------------------------------
// Appended by scripts/build-panel.sh to the wasm-bindgen glue above. The
// widget's loader imports this module only when a merchant asks to sign in
// ("Shop sign-in" link or #candor-admin), then calls start({api, site, lang}).
const CANDOR_PANEL_WASM = new URL("__CANDOR_PANEL_WASM__", import.meta.url);
let candorPanelReady;

/** Loads the panel's wasm once and opens the panel (again). */
export async function start({ api, site, lang, poll_ms } = {}) {
  await (candorPanelReady ??= __wbg_init({ module_or_path: CANDOR_PANEL_WASM }));
  startPanel({
    api: api || new URL(import.meta.url).origin,
    site: site || "",
    lang: lang || "",
    poll_ms,
  });
}
