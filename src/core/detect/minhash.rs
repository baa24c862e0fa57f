//! Template-shape similarity: MinHash signatures over word 2-shingles of a
//! normalised "shape" of the text: function words are dropped; numbers,
//! capitalised names, product, generic, event and time words and evaluative
//! words (by polarity) become placeholders; other words are cut to five
//! letters (a crude stem). So
//! "Order 48213. Terrible. Never again." and "Order 99120. Awful. Never
//! again." have the same shape and similarity 1.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core::lang::Lang;

use super::langid::identify;
use super::lexicon::{BUY, EVENT, FIRST, GENERIC, NEG, NEGATION, POS, PROD, STOP, TIME};
use super::normalize::{Kind, TokenBuf};
use super::signals::{classify, lexicons};

/// Number of MinHash slots in a [`Signature`].
pub const SLOTS: usize = 64;

/// Similarity at or above which two texts are taken to come from one template.
pub const TEMPLATE_SIMILARITY: f32 = 0.5;

/// Texts whose shape has fewer shingles than this are never grouped into
/// campaigns ("Great hotel" posted twice is not a campaign).
pub const MIN_CAMPAIGN_SHINGLES: u16 = 2;

/// Shapes with fewer shingles than this must be near-identical
/// ([`SHORT_TEMPLATE_SIMILARITY`]) to count as one template: short generic
/// texts ("very good, delicious breakfast") collide by chance otherwise.
pub const SHORT_SHAPE_SHINGLES: u16 = 6;

/// The similarity short shapes need (see [`SHORT_SHAPE_SHINGLES`]).
pub const SHORT_TEMPLATE_SIMILARITY: f32 = 0.8;

/// A compact fingerprint of a text's template shape: 64 MinHash values plus
/// the number of shingles in the shape. Serialises (serde) as a
/// 516-character hex string; [`Signature::to_bytes`] gives 258 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Signature {
    shingles: u16,
    mins: [u32; SLOTS],
}

const fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The similarity two shapes with `a` and `b` shingles need to count as one
/// template (`None`: too short to compare at all).
fn template_need(a: u16, b: u16) -> Option<f32> {
    let n = a.min(b);
    if n < MIN_CAMPAIGN_SHINGLES {
        None
    } else if n < SHORT_SHAPE_SHINGLES {
        Some(SHORT_TEMPLATE_SIMILARITY)
    } else {
        Some(TEMPLATE_SIMILARITY)
    }
}

/// A quarter-size stand-in for a [`Signature`] that rules out most pairs
/// exactly: the low byte of every slot. Two equal slots have equal low
/// bytes, so a pair whose sketches agree on too few bytes cannot be
/// [`Signature::same_template`]; a pair that passes still needs the full
/// check (unrelated slots share a low byte one time in 256). A server
/// comparing a text with thousands of recent ones reads 64 bytes of each
/// instead of 256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sketch {
    shingles: u16,
    low: [u8; SLOTS],
}

impl Sketch {
    /// `false` when the two signatures behind these sketches are certainly
    /// not from one template; `true` when they may be.
    pub fn may_match(&self, other: &Sketch) -> bool {
        template_need(self.shingles, other.shingles).is_some_and(|need| {
            let same: u32 = self
                .low
                .iter()
                .zip(&other.low)
                .map(|(a, b)| u32::from(a == b))
                .sum();
            same as f32 / SLOTS as f32 >= need
        })
    }
}

/// Per-slot odd multipliers and offsets for multiply-shift hashing.
const PERMS: [(u64, u64); SLOTS] = {
    let mut out = [(0u64, 0u64); SLOTS];
    let mut i = 0;
    while i < SLOTS {
        out[i] = (
            splitmix(0xC0FFEE + 2 * i as u64) | 1,
            splitmix(0xBEEF + 2 * i as u64 + 1),
        );
        i += 1;
    }
    out
};

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Computes the template-shape signature of a text. `lang` selects the
/// lexicon that tells product and evaluative words; `None` detects it.
pub fn signature(text: &str, lang: Option<Lang>) -> Signature {
    let buf = TokenBuf::new(text);
    let tokens = buf.to_vec();
    let detected = if lang.is_none() { identify(text) } else { None };
    let lexes = lexicons(lang, detected);
    // Shapes of different languages never match, even when placeholders align.
    let salt = lang.or(detected).map_or(0, |l| l as u64 + 1) << 56;
    let flags = classify(&tokens, &lexes);
    let shape: Vec<u64> = tokens
        .iter()
        .zip(&flags)
        .filter(|(_, f)| *f & (STOP | FIRST) == 0 || *f & NEGATION != 0)
        .map(|(t, f)| match t.kind {
            Kind::Number | Kind::Alnum => 1,
            Kind::Money => 2,
            Kind::RefMark => 3,
            Kind::Word if f & NEGATION != 0 => 9,
            Kind::Word if f & POS != 0 => 4,
            Kind::Word if f & NEG != 0 => 5,
            Kind::Word if f & PROD != 0 => 6,
            Kind::Word if f & GENERIC != 0 => 8,
            Kind::Word if f & (EVENT | BUY) == EVENT => 10,
            Kind::Word if f & TIME != 0 => 11,
            Kind::Word if t.capital && !t.sentence_start => 7,
            // A crude stem: the first five letters.
            Kind::Word => {
                let end = t
                    .text
                    .char_indices()
                    .nth(5)
                    .map_or(t.text.len(), |(i, _)| i);
                fnv(&t.text.as_bytes()[..end])
            }
        })
        .collect();
    // Each shingle hashed once; then each slot's minimum over all of them
    // (slot by slot, a tight loop the compiler unrolls).
    let shingle_hashes: Vec<u64> = if shape.len() == 1 {
        vec![splitmix(shape[0] ^ 0x5EED ^ salt)]
    } else {
        shape
            .windows(2)
            .map(|w| splitmix(splitmix(w[0] ^ 0x51 ^ salt) ^ w[1]))
            .collect()
    };
    let mut mins = [u32::MAX; SLOTS];
    for (m, (a, b)) in mins.iter_mut().zip(PERMS.iter()) {
        *m = shingle_hashes
            .iter()
            .map(|h| (h.wrapping_mul(*a).wrapping_add(*b) >> 32) as u32)
            .fold(u32::MAX, u32::min);
    }
    let shingles = shape.len().saturating_sub(1).max(shape.len().min(1));
    Signature {
        shingles: shingles.min(u16::MAX as usize) as u16,
        mins,
    }
}

impl Signature {
    /// Estimated Jaccard similarity of the two texts' shapes, 0..=1.
    /// Symmetric; identical texts give 1.
    pub fn similarity(&self, other: &Signature) -> f32 {
        let same = self
            .mins
            .iter()
            .zip(other.mins.iter())
            .filter(|(a, b)| a == b)
            .count();
        same as f32 / SLOTS as f32
    }

    /// How many shingles the text's shape had (capped at 65,535): a measure
    /// of how much there is to compare.
    pub fn shingles(&self) -> u16 {
        self.shingles
    }

    /// Whether two texts come from one template: similarity at least
    /// [`TEMPLATE_SIMILARITY`], or [`SHORT_TEMPLATE_SIMILARITY`] when either
    /// shape is short; shapes under [`MIN_CAMPAIGN_SHINGLES`] never match.
    pub fn same_template(&self, other: &Signature) -> bool {
        template_need(self.shingles, other.shingles)
            .is_some_and(|need| self.similarity(other) >= need)
    }

    /// The signature's [`Sketch`].
    pub fn sketch(&self) -> Sketch {
        Sketch {
            shingles: self.shingles,
            // The low byte of each slot (truncation intended).
            low: self.mins.map(|m| m as u8),
        }
    }

    /// 258 bytes: the shingle count then the 64 slots, little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(2 + 4 * SLOTS);
        out.extend_from_slice(&self.shingles.to_le_bytes());
        for m in &self.mins {
            out.extend_from_slice(&m.to_le_bytes());
        }
        out
    }

    /// Reads [`Signature::to_bytes`] output; `None` when the length is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != 2 + 4 * SLOTS {
            return None;
        }
        let shingles = u16::from_le_bytes([bytes[0], bytes[1]]);
        let mut mins = [0u32; SLOTS];
        for (m, c) in mins.iter_mut().zip(bytes[2..].chunks_exact(4)) {
            *m = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        Some(Signature { shingles, mins })
    }

    /// Lower-case hex of [`Signature::to_bytes`] (516 characters).
    pub fn to_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(2 * (2 + 4 * SLOTS));
        for b in self.to_bytes() {
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
        out
    }

    /// Reads [`Signature::to_hex`] output; `None` on bad hex or length.
    pub fn from_hex(hex: &str) -> Option<Signature> {
        let h = hex.as_bytes();
        if h.len() % 2 != 0 {
            return None;
        }
        let nib = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        let bytes: Option<Vec<u8>> = h
            .chunks_exact(2)
            .map(|p| Some(nib(p[0])? << 4 | nib(p[1])?))
            .collect();
        Signature::from_bytes(&bytes?)
    }
}

impl From<Signature> for String {
    fn from(s: Signature) -> String {
        s.to_hex()
    }
}

impl TryFrom<String> for Signature {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Signature, &'static str> {
        Signature::from_hex(&s).ok_or("invalid signature hex")
    }
}

/// Known signatures (e.g. earlier submissions) to compare new texts with.
/// Lookups are exact linear scans: fine for tens of thousands of entries.
#[derive(Debug, Clone, Default)]
pub struct TemplateIndex {
    entries: Vec<(u64, Signature)>,
}

impl TemplateIndex {
    /// An empty index.
    pub fn new() -> TemplateIndex {
        TemplateIndex::default()
    }

    /// Adds a signature under the caller's id (e.g. a review id).
    pub fn add(&mut self, id: u64, sig: Signature) {
        self.entries.push((id, sig));
    }

    /// Number of signatures held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The most similar known signature and its similarity (the earliest added on ties).
    pub fn nearest(&self, sig: &Signature) -> Option<(u64, f32)> {
        let mut best: Option<(u64, f32)> = None;
        for (id, s) in &self.entries {
            let sim = sig.similarity(s);
            if best.is_none_or(|(_, b)| sim > b) {
                best = Some((*id, sim));
            }
        }
        best
    }

    /// The most similar known signature from the same template (see
    /// [`Signature::same_template`]), with its similarity.
    pub fn same_template(&self, sig: &Signature) -> Option<(u64, f32)> {
        let mut best: Option<(u64, f32)> = None;
        for (id, s) in &self.entries {
            if sig.same_template(s) {
                let sim = sig.similarity(s);
                if best.is_none_or(|(_, b)| sim > b) {
                    best = Some((*id, sim));
                }
            }
        }
        best
    }

    /// Ids of all known signatures at least `threshold` similar, in insertion order.
    pub fn matches(&self, sig: &Signature, threshold: f32) -> Vec<u64> {
        self.entries
            .iter()
            .filter(|(_, s)| sig.similarity(s) >= threshold)
            .map(|(id, _)| *id)
            .collect()
    }
}

const BANDS: usize = 21;
const ROWS: usize = 3;

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Groups signatures into campaigns (the same template posted several times):
/// returns a cluster number per input, `None` for texts similar to no other.
/// Clusters have at least two members and are numbered from 0 in order of
/// first appearance. Pairs from one template ([`Signature::same_template`])
/// are linked (transitively);
/// candidates come from LSH banding, so the work grows about linearly.
pub fn cluster_campaigns(sigs: &[Signature]) -> Vec<Option<usize>> {
    let n = sigs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut buckets: BTreeMap<(usize, [u32; ROWS]), Vec<usize>> = BTreeMap::new();
    for (i, s) in sigs.iter().enumerate() {
        if s.shingles < MIN_CAMPAIGN_SHINGLES {
            continue;
        }
        for b in 0..BANDS {
            let mut key = [0u32; ROWS];
            key.copy_from_slice(&s.mins[b * ROWS..(b + 1) * ROWS]);
            buckets.entry((b, key)).or_default().push(i);
        }
    }
    for members in buckets.values() {
        for (k, &i) in members.iter().enumerate() {
            for &j in &members[..k] {
                if find(&mut parent, i) != find(&mut parent, j) && sigs[i].same_template(&sigs[j]) {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    let roots: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
    let mut size = vec![0usize; n];
    for &r in &roots {
        size[r] += 1;
    }
    let mut number: Vec<Option<usize>> = vec![None; n];
    let mut next = 0;
    roots
        .iter()
        .map(|&r| {
            if size[r] < 2 {
                return None;
            }
            Some(*number[r].get_or_insert_with(|| {
                next += 1;
                next - 1
            }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_template_different_numbers_and_words() {
        let a = signature("Order 48213. Terrible. Never again.", None);
        let b = signature("Order 99120. Awful. Never again.", None);
        assert_eq!(a.similarity(&b), 1.0);
        let c = signature("The hotel room was clean and the staff friendly.", None);
        assert!(a.similarity(&c) < 0.2);
    }

    #[test]
    fn sketch_keeps_a_template_pair_and_rules_out_an_unrelated_one() {
        let a = signature("Order 48213. Terrible. Never again.", None);
        let b = signature("Order 99120. Awful. Never again.", None);
        let c = signature("The hotel room was clean and the staff friendly.", None);
        assert!(a.sketch().may_match(&b.sketch()));
        assert!(!a.sketch().may_match(&c.sketch()));
        assert!(!a.same_template(&c));
    }

    #[test]
    fn round_trips_bytes_hex_and_serde() {
        let a = signature("Лучший магазин, всем советую!", None);
        assert_eq!(Signature::from_bytes(&a.to_bytes()), Some(a.clone()));
        assert_eq!(Signature::from_hex(&a.to_hex()), Some(a.clone()));
        let json = serde_json::to_string(&a).unwrap_or_default();
        let back: Result<Signature, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(a));
        assert_eq!(Signature::from_hex("zz"), None);
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn index_and_clusters() {
        let texts = [
            "Best shop ever, highly recommend to everyone! Order 123.",
            "The zipper on my jacket broke after two days of use.",
            "Best store ever, highly recommend to everyone! Order 98765.",
            "Great hotel.",
            "Great hotel.",
            "Best shop ever, highly recommend to everyone! Order 5.",
        ];
        let sigs: Vec<Signature> = texts.iter().map(|t| signature(t, None)).collect();
        assert_eq!(
            cluster_campaigns(&sigs),
            vec![Some(0), None, Some(0), None, None, Some(0)]
        );
        let mut idx = TemplateIndex::new();
        for (i, s) in sigs.iter().enumerate() {
            idx.add(i as u64, s.clone());
        }
        assert_eq!(idx.nearest(&sigs[1]).map(|(id, _)| id), Some(1));
        assert_eq!(idx.matches(&sigs[0], TEMPLATE_SIMILARITY), vec![0, 2, 5]);
        assert_eq!(TemplateIndex::new().nearest(&sigs[0]), None);
    }
}
