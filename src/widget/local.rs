//! What the widget keeps on the shopper's device (`localStorage`): drafts, so
//! typed text survives a reload or a failed submission, and the author tokens
//! of complaints being followed, and the reviews this browser pressed "Me
//! too" or "Helpful" on (`voted:{review id}`; the voter id itself is made
//! and kept by `candor.js`). Storage can be unavailable (private mode,
//! sandboxed frames); then nothing is kept and nothing fails.

use web_sys::Storage;

/// A complaint followed on this device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    /// Review id.
    pub id: String,
    /// The author token that authorises actions on it.
    pub token: String,
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(kind: &str, site: &str, product: &str) -> String {
    let mut key = String::from("candor:");
    key.push_str(kind);
    key.push(':');
    key.push_str(site);
    if !product.is_empty() {
        key.push(':');
        key.push_str(product);
    }
    key
}

/// Reads a stored value.
pub fn get(kind: &str, site: &str, product: &str) -> Option<String> {
    storage()?
        .get_item(&key(kind, site, product))
        .ok()
        .flatten()
}

/// Stores a value; an empty value removes it.
pub fn set(kind: &str, site: &str, product: &str, value: &str) {
    if let Some(storage) = storage() {
        let key = key(kind, site, product);
        let _ = if value.is_empty() {
            storage.remove_item(&key)
        } else {
            storage.set_item(&key, value)
        };
    }
}

/// The complaints followed on this device for `site`, oldest first.
pub fn tracked(site: &str) -> Vec<Tracked> {
    get("tracked", site, "")
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let (id, token) = line.split_once(' ')?;
            Some(Tracked {
                id: id.to_owned(),
                token: token.to_owned(),
            })
        })
        .collect()
}

/// Replaces the list of followed complaints.
pub fn set_tracked(site: &str, list: &[Tracked]) {
    let mut value = String::new();
    for item in list {
        value.push_str(&item.id);
        value.push(' ');
        value.push_str(&item.token);
        value.push('\n');
    }
    set("tracked", site, "", &value);
}

/// Whether this device shows a returning writer for `site`/`product`: a
/// followed complaint, a kept draft or a submission waiting to be retried.
/// The reader loads the writer module at once when this is true (so the
/// tracking cards, the draft and the retry come back without a click).
pub fn returning_writer(site: &str, product: &str) -> bool {
    !tracked(site).is_empty() || unfinished_writing(site, product)
}

/// Whether a kept draft or an unsent submission exists for `site`/`product`:
/// only then does a returning writer get the form opened for them.
pub fn unfinished_writing(site: &str, product: &str) -> bool {
    get("draft", site, product).is_some_and(|v| !v.is_empty())
        || get("pending", site, product).is_some_and(|v| !v.is_empty())
}
