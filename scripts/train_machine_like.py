#!/usr/bin/env python3
"""Trains the server-side `machine_like` model: logistic regression over
hashed character n-grams and words, telling MAiDE-up's GPT-written hotel
reviews from real ones (English and Russian).

    python3 scripts/train_machine_like.py [DATA_DIR]

DATA_DIR defaults to $CANDOR_DATA or /work/shared/data (read in place, never
copied). Python 3.11, standard library only; deterministic (fixed seed, own
FNV hash), so the same data gives the same bytes. Writes
src/server/rules/machine_like.bin (read by src/server/rules/machine_like.rs
with include_bytes!; the feature code there mirrors `features` below) and
tests/data/machine_like_expected.jsonl (scores of a few texts written for
this project, which the Rust test must reproduce), and prints held-out
figures per language and length band.

Held out: every review of one hotel in five (by a hash of the hotel's name),
so a hotel's wording never helps to judge itself.
"""
import csv
import json
import math
import os
import random
import struct
import sys

BUCKETS = 1 << 18
EPOCHS = 12
LEARNING_RATE = 0.5
L2 = 1e-6
SEED = 16
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "src/server/rules/machine_like.bin")
EXPECTED = os.path.join(ROOT, "tests/data/machine_like_expected.jsonl")


def fnv1a(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def normalise(text: str) -> str:
    """Lower case, ASCII digits as 0, whitespace runs as one space."""
    text = text.lower()
    text = "".join("0" if "0" <= c <= "9" else c for c in text)
    return " ".join(text.split())


def features(text: str) -> dict:
    """Bucket -> value: 1 + ln(count) of char 2..4-grams (of the text padded
    with a space) and of words, L2-normalised."""
    t = normalise(text)
    counts = {}
    padded = " " + t + " "
    chars = list(padded)
    for n in (2, 3, 4):
        for i in range(len(chars) - n + 1):
            gram = "".join(chars[i : i + n])
            b = fnv1a(bytes([n]) + gram.encode("utf-8")) % BUCKETS
            counts[b] = counts.get(b, 0) + 1
    for w in t.split(" "):
        if w:
            b = fnv1a(b"w" + w.encode("utf-8")) % BUCKETS
            counts[b] = counts.get(b, 0) + 1
    vals = {b: 1.0 + math.log(c) for b, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vals.values())) or 1.0
    return {b: v / norm for b, v in vals.items()}


def score(weights, bias, feats) -> float:
    z = bias + sum(weights[b] * v for b, v in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load(data_dir):
    """(text, lang, machine, held_out) for every MAiDE-up review."""
    files = [
        ("maide_up/real_English.csv", "en", 0),
        ("maide_up/real_Russian.csv", "ru", 0),
        ("maide_up/generated_English_reviews.csv", "en", 1),
        ("maide_up/generated_Russian_reviews.csv", "ru", 1),
    ]
    rows = []
    for name, lang, machine in files:
        with open(os.path.join(data_dir, name), encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                parts = [
                    (r.get(c) or "").strip()
                    for c in ("Upside_Review", "Downside_Review")
                ]
                # The generated files write a missing side as "nan".
                parts = [p for p in parts if p and p.lower() != "nan"]
                if not parts:
                    continue
                hotel = (r.get("Hotel Name") or "").strip().lower()
                held_out = fnv1a(hotel.encode("utf-8")) % 5 == 0
                rows.append(("\n".join(parts), lang, machine, held_out))
    return rows


def auc(pos, neg):
    """ROC AUC by ranks (ties count half)."""
    allv = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum, i = 0.0, 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        avg = (i + j + 1) / 2.0
        rank_sum += avg * sum(1 for k in range(i, j) if allv[k][1] == 1)
        i = j
    n_pos, n_neg = len(pos), len(neg)
    if not n_pos or not n_neg:
        return float("nan")
    return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def threshold_for(genuine_scores, fpr=0.02):
    """The lowest threshold flagging at most `fpr` of the genuine scores."""
    s = sorted(genuine_scores, reverse=True)
    k = int(math.floor(fpr * len(s)))
    return s[k] + 1e-6 if k < len(s) else 0.0


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CANDOR_DATA", "/work/shared/data")
    rows = load(data_dir)
    train = [r for r in rows if not r[3]]
    test = [r for r in rows if r[3]]
    print(f"reviews: {len(rows)} ({len(train)} training, {len(test)} held out by hotel)")
    X = [features(r[0]) for r in train]
    y = [r[2] for r in train]
    weights = [0.0] * BUCKETS
    grad_sq = [1e-8] * BUCKETS
    bias, bias_sq = 0.0, 1e-8
    order = list(range(len(X)))
    rng = random.Random(SEED)
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        loss = 0.0
        for i in order:
            p = score(weights, bias, X[i])
            g = p - y[i]
            loss -= math.log(p if y[i] else 1.0 - p + 1e-12) if p > 0 else 0.0
            for b, v in X[i].items():
                gb = g * v + L2 * weights[b]
                grad_sq[b] += gb * gb
                weights[b] -= LEARNING_RATE * gb / math.sqrt(grad_sq[b])
            bias_sq += g * g
            bias -= LEARNING_RATE * g / math.sqrt(bias_sq)
        print(f"epoch {epoch + 1}: training log-loss {loss / len(X):.4f}")

    # Quantise to i16 with one scale; evaluate the quantised model, which is
    # what the server runs.
    scale = max(abs(w) for w in weights) / 32767.0 or 1.0
    q = [max(-32767, min(32767, round(w / scale))) for w in weights]
    deq = [v * scale for v in q]
    # Per language, the threshold that flags at most 2% of the held-out real
    # reviews (the server shows the hint at or above it).
    thresholds = {}
    for lang in ("en", "ru"):
        real = [score(deq, bias, features(r[0])) for r in test if r[1] == lang and not r[2]]
        thresholds[lang] = threshold_for(real)
    with open(MODEL, "wb") as f:
        f.write(b"CML1")
        f.write(struct.pack("<Iffff", BUCKETS, scale, bias, thresholds["en"], thresholds["ru"]))
        f.write(struct.pack(f"<{BUCKETS}h", *q))
    print(f"wrote {os.path.relpath(MODEL, ROOT)} ({os.path.getsize(MODEL)} bytes)")

    print("\nheld-out (hotels never seen in training), quantised model:")
    print("lang  n-real  n-machine   AUC   threshold@2%FPR  real-flagged  machine-caught")
    bands = [(1, 15), (16, 50), (51, 150), (151, 10**9)]
    for lang in ("en", "ru"):
        sc = [(score(deq, bias, features(r[0])), r[2], len(r[0].split())) for r in test if r[1] == lang]
        real = [s for s, m, _ in sc if not m]
        mach = [s for s, m, _ in sc if m]
        th = thresholds[lang]
        fp = sum(1 for s in real if s >= th) / len(real)
        tp = sum(1 for s in mach if s >= th) / len(mach)
        print(f"{lang:<4}  {len(real):>6}  {len(mach):>9}  {auc(mach, real):.3f}  {th:>15.3f}  {fp:>11.1%}  {tp:>13.1%}")
        for lo, hi in bands:
            r_b = [s for s, m, w in sc if not m and lo <= w <= hi]
            m_b = [s for s, m, w in sc if m and lo <= w <= hi]
            name = f"{lo}-{hi}" if hi < 10**9 else f">{lo - 1}"
            a = auc(m_b, r_b) if r_b and m_b else float("nan")
            caught = sum(1 for s in m_b if s >= th) / len(m_b) if m_b else float("nan")
            print(f"      {name:>8} words: real {len(r_b):>4}, machine {len(m_b):>4}, AUC {a:.3f}, caught {caught:.1%}")

    # Texts written for this project, scored here; the Rust test must agree.
    samples = [
        "The hotel was located in a convenient area, and the staff were friendly and attentive. The room was spacious and clean, offering a comfortable stay.",
        "Отель расположен в удобном районе, персонал дружелюбный и внимательный. Номер просторный и чистый, что обеспечило комфортное пребывание.",
        "Ordered a kettle on 3 May, it came on the 19th with a cracked lid.",
        "Заказал куртку 5 марта, привезли через две недели, молния сломана.",
        "Тапсырысты 2 апта күттім, телефон сынған келді.",
        "سفارشم ۱۰ روز دیر رسید و گوشی شکسته بود.",
        "Παρήγγειλα παπούτσια στις 3 Μαΐου, ήρθαν σπασμένα.",
        "ok",
    ]
    with open(EXPECTED, "w", encoding="utf-8") as f:
        for s in samples:
            f.write(json.dumps({"text": s, "score": round(score(deq, bias, features(s)), 6)}, ensure_ascii=False) + "\n")
    print(f"wrote {os.path.relpath(EXPECTED, ROOT)}")


if __name__ == "__main__":
    main()
