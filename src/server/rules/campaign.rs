//! Campaign detection: when a new submission is a near-duplicate of texts
//! from enough *different senders* within 24 hours, the new submission is
//! held (and publicly logged) instead of published. Texts are compared by
//! the core detector's template signature (MinHash of the text's shape),
//! stored with every review.
//!
//! A campaign hold only ever holds the **new** submission. A review that
//! was already published (or that a merchant released) is never taken down
//! by later copies: copying someone's genuine complaint must not bury it.
//! The earlier copies are flagged to the merchant as part of a suspected
//! campaign instead, and only a person's logged action changes their public
//! state. Who sent each copy is weighed: copies sharing an address or an
//! e-mail count as one sender, and a submission whose order the shop
//! registered is flagged, never held.

use crate::core::detect::{signature, Signature};
use crate::core::lang::Lang;

/// Why a campaign hold happened, as logged.
pub const CAMPAIGN_REASON: &str = "template_campaign";
/// How many different senders of near-duplicates (the new one included)
/// make a campaign.
pub const CAMPAIGN_SIZE: usize = 3;
/// The window within which near-duplicates count, in milliseconds.
pub const CAMPAIGN_WINDOW_MS: i64 = 24 * 60 * 60 * 1000;
/// How many recent submissions are compared with a new one.
pub const CAMPAIGN_SCAN_LIMIT: i64 = 2000;

/// Who sent a text: the salted address hash and the e-mail hash. Two texts
/// with either in common come from one sender.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sender<'a> {
    /// Salted hash of the client address.
    pub ip_hash: Option<&'a str>,
    /// Hash of the e-mail address.
    pub email_sha256: Option<&'a str>,
}

impl Sender<'_> {
    fn same_as(&self, other: &Sender<'_>) -> bool {
        let shared = |a: Option<&str>, b: Option<&str>| a.is_some() && a == b;
        shared(self.ip_hash, other.ip_hash) || shared(self.email_sha256, other.email_sha256)
    }
}

/// How many different senders sent these texts: texts linked by a shared
/// address or e-mail (directly or through others) are one sender.
pub fn distinct_senders(senders: &[Sender<'_>]) -> usize {
    let mut group: Vec<usize> = (0..senders.len()).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while group[i] != i {
            group[i] = group[group[i]];
            i = group[i];
        }
        i
    }
    for i in 0..senders.len() {
        for j in 0..i {
            if senders[i].same_as(&senders[j]) {
                let (a, b) = (root(&mut group, i), root(&mut group, j));
                group[a] = b;
            }
        }
    }
    (0..senders.len())
        .filter(|&i| root(&mut group, i) == i)
        .count()
}

/// What the campaign check decides about a new submission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Hold the new submission for the merchant's review.
    pub hold: bool,
    /// The near-duplicates (and the new one) form a suspected campaign:
    /// flag them to the merchant.
    pub suspected: bool,
}

/// Judges a new submission from `sender` against its near-duplicates'
/// senders. `verified_order`: the shop registered the order it quotes.
pub fn judge(sender: Sender<'_>, duplicates: &[Sender<'_>], verified_order: bool) -> Verdict {
    let mut all = Vec::with_capacity(duplicates.len() + 1);
    all.push(sender);
    all.extend_from_slice(duplicates);
    let suspected = distinct_senders(&all) >= CAMPAIGN_SIZE;
    Verdict {
        hold: suspected && !verified_order,
        suspected,
    }
}

/// The signature of a text, as stored (hex).
pub fn text_signature(text: &str, lang: Option<Lang>) -> Signature {
    signature(text, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(ip: &'static str, email: Option<&'static str>) -> Sender<'static> {
        Sender {
            ip_hash: Some(ip),
            email_sha256: email,
        }
    }

    #[test]
    fn senders_sharing_an_address_or_email_count_once() {
        let a = from("ip1", Some("e1"));
        let b = from("ip2", Some("e1")); // same e-mail as a
        let c = from("ip2", None); // same address as b, so as a
        let d = from("ip3", Some("e3"));
        assert_eq!(distinct_senders(&[a, b, c]), 1);
        assert_eq!(distinct_senders(&[a, b, c, d]), 2);
        assert_eq!(distinct_senders(&[Sender::default(), Sender::default()]), 2);
    }

    #[test]
    fn only_many_senders_make_a_campaign_and_a_verified_order_is_never_held() {
        let new = from("ip9", None);
        let two = [from("ip1", None), from("ip2", None)];
        assert_eq!(
            judge(new, &two, false),
            Verdict {
                hold: true,
                suspected: true
            }
        );
        assert_eq!(
            judge(new, &two, true),
            Verdict {
                hold: false,
                suspected: true
            }
        );
        // One persistent author repeating themselves is not a campaign.
        let same = [from("ip9", Some("e")), from("ip8", Some("e"))];
        assert_eq!(judge(new, &same, false), Verdict::default());
        assert_eq!(judge(new, &two[..1], false), Verdict::default());
    }

    #[test]
    fn finds_template_copies_but_not_different_reviews() {
        let template =
            "Terrible shop, I do not recommend it to anyone, avoid this company at all costs.";
        let copy =
            "Terrible store, I do not recommend it to anyone, avoid this company at all costs!";
        let other =
            "The kettle arrived on 3 May with a cracked lid; support replaced it in two days";
        let sig = |text| text_signature(text, Some(Lang::En));
        assert!(sig(template).same_template(&sig(copy)));
        assert!(!sig(template).same_template(&sig(other)));
    }
}
