//! Unicode lower case (`char::to_lowercase`) from a small run-length table,
//! in place of the standard library's table of every pair, which is several
//! times larger in a wasm bundle. A test checks every char against
//! `char::to_lowercase` (and prints a new table when Unicode changes).

/// Runs of chars whose lower case is the char plus `delta`: `(first char,
/// count, delta, stride)`, a run covering `first + stride * i` for `i` below
/// `count`. Sorted, disjoint; chars outside every run are their own lower
/// case (except U+0130, see [`to_lowercase`]).
const RUNS: &[(u32, u32, i32, u32)] = &[
    (0x41, 26, 32, 1),
    (0xC0, 23, 32, 1),
    (0xD8, 7, 32, 1),
    (0x100, 24, 1, 2),
    (0x132, 3, 1, 2),
    (0x139, 8, 1, 2),
    (0x14A, 23, 1, 2),
    (0x178, 1, -121, 1),
    (0x179, 3, 1, 2),
    (0x181, 1, 210, 1),
    (0x182, 2, 1, 2),
    (0x186, 1, 206, 1),
    (0x187, 1, 1, 1),
    (0x189, 2, 205, 1),
    (0x18B, 1, 1, 1),
    (0x18E, 1, 79, 1),
    (0x18F, 1, 202, 1),
    (0x190, 1, 203, 1),
    (0x191, 1, 1, 1),
    (0x193, 1, 205, 1),
    (0x194, 1, 207, 1),
    (0x196, 1, 211, 1),
    (0x197, 1, 209, 1),
    (0x198, 1, 1, 1),
    (0x19C, 1, 211, 1),
    (0x19D, 1, 213, 1),
    (0x19F, 1, 214, 1),
    (0x1A0, 3, 1, 2),
    (0x1A6, 1, 218, 1),
    (0x1A7, 1, 1, 1),
    (0x1A9, 1, 218, 1),
    (0x1AC, 1, 1, 1),
    (0x1AE, 1, 218, 1),
    (0x1AF, 1, 1, 1),
    (0x1B1, 2, 217, 1),
    (0x1B3, 2, 1, 2),
    (0x1B7, 1, 219, 1),
    (0x1B8, 1, 1, 1),
    (0x1BC, 1, 1, 1),
    (0x1C4, 1, 2, 1),
    (0x1C5, 1, 1, 1),
    (0x1C7, 1, 2, 1),
    (0x1C8, 1, 1, 1),
    (0x1CA, 1, 2, 1),
    (0x1CB, 9, 1, 2),
    (0x1DE, 9, 1, 2),
    (0x1F1, 1, 2, 1),
    (0x1F2, 2, 1, 2),
    (0x1F6, 1, -97, 1),
    (0x1F7, 1, -56, 1),
    (0x1F8, 20, 1, 2),
    (0x220, 1, -130, 1),
    (0x222, 9, 1, 2),
    (0x23A, 1, 10795, 1),
    (0x23B, 1, 1, 1),
    (0x23D, 1, -163, 1),
    (0x23E, 1, 10792, 1),
    (0x241, 1, 1, 1),
    (0x243, 1, -195, 1),
    (0x244, 1, 69, 1),
    (0x245, 1, 71, 1),
    (0x246, 5, 1, 2),
    (0x370, 2, 1, 2),
    (0x376, 1, 1, 1),
    (0x37F, 1, 116, 1),
    (0x386, 1, 38, 1),
    (0x388, 3, 37, 1),
    (0x38C, 1, 64, 1),
    (0x38E, 2, 63, 1),
    (0x391, 17, 32, 1),
    (0x3A3, 9, 32, 1),
    (0x3CF, 1, 8, 1),
    (0x3D8, 12, 1, 2),
    (0x3F4, 1, -60, 1),
    (0x3F7, 1, 1, 1),
    (0x3F9, 1, -7, 1),
    (0x3FA, 1, 1, 1),
    (0x3FD, 3, -130, 1),
    (0x400, 16, 80, 1),
    (0x410, 32, 32, 1),
    (0x460, 17, 1, 2),
    (0x48A, 27, 1, 2),
    (0x4C0, 1, 15, 1),
    (0x4C1, 7, 1, 2),
    (0x4D0, 48, 1, 2),
    (0x531, 38, 48, 1),
    (0x10A0, 38, 7264, 1),
    (0x10C7, 1, 7264, 1),
    (0x10CD, 1, 7264, 1),
    (0x13A0, 80, 38864, 1),
    (0x13F0, 6, 8, 1),
    (0x1C89, 1, 1, 1),
    (0x1C90, 43, -3008, 1),
    (0x1CBD, 3, -3008, 1),
    (0x1E00, 75, 1, 2),
    (0x1E9E, 1, -7615, 1),
    (0x1EA0, 48, 1, 2),
    (0x1F08, 8, -8, 1),
    (0x1F18, 6, -8, 1),
    (0x1F28, 8, -8, 1),
    (0x1F38, 8, -8, 1),
    (0x1F48, 6, -8, 1),
    (0x1F59, 4, -8, 2),
    (0x1F68, 8, -8, 1),
    (0x1F88, 8, -8, 1),
    (0x1F98, 8, -8, 1),
    (0x1FA8, 8, -8, 1),
    (0x1FB8, 2, -8, 1),
    (0x1FBA, 2, -74, 1),
    (0x1FBC, 1, -9, 1),
    (0x1FC8, 4, -86, 1),
    (0x1FCC, 1, -9, 1),
    (0x1FD8, 2, -8, 1),
    (0x1FDA, 2, -100, 1),
    (0x1FE8, 2, -8, 1),
    (0x1FEA, 2, -112, 1),
    (0x1FEC, 1, -7, 1),
    (0x1FF8, 2, -128, 1),
    (0x1FFA, 2, -126, 1),
    (0x1FFC, 1, -9, 1),
    (0x2126, 1, -7517, 1),
    (0x212A, 1, -8383, 1),
    (0x212B, 1, -8262, 1),
    (0x2132, 1, 28, 1),
    (0x2160, 16, 16, 1),
    (0x2183, 1, 1, 1),
    (0x24B6, 26, 26, 1),
    (0x2C00, 48, 48, 1),
    (0x2C60, 1, 1, 1),
    (0x2C62, 1, -10743, 1),
    (0x2C63, 1, -3814, 1),
    (0x2C64, 1, -10727, 1),
    (0x2C67, 3, 1, 2),
    (0x2C6D, 1, -10780, 1),
    (0x2C6E, 1, -10749, 1),
    (0x2C6F, 1, -10783, 1),
    (0x2C70, 1, -10782, 1),
    (0x2C72, 1, 1, 1),
    (0x2C75, 1, 1, 1),
    (0x2C7E, 2, -10815, 1),
    (0x2C80, 50, 1, 2),
    (0x2CEB, 2, 1, 2),
    (0x2CF2, 1, 1, 1),
    (0xA640, 23, 1, 2),
    (0xA680, 14, 1, 2),
    (0xA722, 7, 1, 2),
    (0xA732, 31, 1, 2),
    (0xA779, 2, 1, 2),
    (0xA77D, 1, -35332, 1),
    (0xA77E, 5, 1, 2),
    (0xA78B, 1, 1, 1),
    (0xA78D, 1, -42280, 1),
    (0xA790, 2, 1, 2),
    (0xA796, 10, 1, 2),
    (0xA7AA, 1, -42308, 1),
    (0xA7AB, 1, -42319, 1),
    (0xA7AC, 1, -42315, 1),
    (0xA7AD, 1, -42305, 1),
    (0xA7AE, 1, -42308, 1),
    (0xA7B0, 1, -42258, 1),
    (0xA7B1, 1, -42282, 1),
    (0xA7B2, 1, -42261, 1),
    (0xA7B3, 1, 928, 1),
    (0xA7B4, 8, 1, 2),
    (0xA7C4, 1, -48, 1),
    (0xA7C5, 1, -42307, 1),
    (0xA7C6, 1, -35384, 1),
    (0xA7C7, 2, 1, 2),
    (0xA7CB, 1, -42343, 1),
    (0xA7CC, 8, 1, 2),
    (0xA7DC, 1, -42561, 1),
    (0xA7F5, 1, 1, 1),
    (0xFF21, 26, 32, 1),
    (0x10400, 40, 40, 1),
    (0x104B0, 36, 40, 1),
    (0x10570, 11, 39, 1),
    (0x1057C, 15, 39, 1),
    (0x1058C, 7, 39, 1),
    (0x10594, 2, 39, 1),
    (0x10C80, 51, 64, 1),
    (0x10D50, 22, 32, 1),
    (0x118A0, 32, 32, 1),
    (0x16E40, 32, 32, 1),
    (0x16EA0, 25, 27, 1),
    (0x1E900, 34, 34, 1),
];

/// [`RUNS`] packed for lookup: the first char, `count - 1` (7 bits) and
/// `stride - 1` (1 bit) in one `u32`, and the delta.
const PACKED: [(u32, i32); RUNS.len()] = {
    let mut out = [(0, 0); RUNS.len()];
    let mut i = 0;
    while i < RUNS.len() {
        let (first, count, delta, stride) = RUNS[i];
        assert!(first < 1 << 21 && count >= 1 && count <= 128 && (stride == 1 || stride == 2));
        assert!(i == 0 || first > RUNS[i - 1].0);
        out[i] = (first | (count - 1) << 21 | (stride - 1) << 28, delta);
        i += 1;
    }
    out
};

/// The single-char lower case of `c` (U+0130 excepted: see [`to_lowercase`]).
fn lower_one(c: char) -> char {
    let u = c as u32;
    let i = PACKED.partition_point(|(p, _)| p & 0x1F_FFFF <= u);
    let Some(&(p, delta)) = i.checked_sub(1).and_then(|i| PACKED.get(i)) else {
        return c;
    };
    let (first, count, stride) = (p & 0x1F_FFFF, (p >> 21 & 0x7F) + 1, (p >> 28) + 1);
    let off = u - first;
    if off % stride == 0 && off / stride < count {
        char::from_u32(u.wrapping_add_signed(delta)).unwrap_or(c)
    } else {
        c
    }
}

/// Calls `f` with each char of `c.to_lowercase()`, in order.
#[inline]
pub fn to_lowercase(c: char, mut f: impl FnMut(char)) {
    if c == '\u{130}' {
        f('i');
        f('\u{307}');
    } else {
        f(lower_one(c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs of `char::to_lowercase`, as [`RUNS`] lists them.
    fn std_runs() -> Vec<(u32, u32, i32, u32)> {
        let mut runs: Vec<(u32, u32, i32, u32)> = Vec::new();
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let l: Vec<char> = c.to_lowercase().collect();
            if l.len() != 1 || l[0] == c {
                continue;
            }
            let (u, d) = (c as u32, l[0] as i32 - c as i32);
            if let Some(r) = runs.last_mut() {
                let last = r.0 + (r.1 - 1) * r.3;
                let step = u - last;
                if r.2 == d && r.1 < 128 && (step == r.3 || r.1 == 1 && step == 2) {
                    r.3 = step;
                    r.1 += 1;
                    continue;
                }
            }
            runs.push((u, 1, d, 1));
        }
        runs
    }

    #[test]
    fn matches_std_for_every_char() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let mut ours = Vec::new();
            to_lowercase(c, |l| ours.push(l));
            let std: Vec<char> = c.to_lowercase().collect();
            if ours != std {
                let table: Vec<String> = std_runs()
                    .iter()
                    .map(|(s, n, d, st)| format!("(0x{s:X}, {n}, {d}, {st}),"))
                    .collect();
                panic!(
                    "U+{:04X}: {ours:?} != {std:?}; the Unicode tables changed, new RUNS:\n{}",
                    c as u32,
                    table.join("\n")
                );
            }
        }
    }
}
