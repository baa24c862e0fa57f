//! Detector speed: a 1,000-character review in three scripts, a 100 KB input
//! (judged on its first 12 KB), and signatures with their comparison.

use candor::core::detect::{check, signature};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

/// Repeats `seed` up to `chars` characters.
fn sized(seed: &str, chars: usize) -> String {
    seed.chars().cycle().take(chars).collect()
}

const EN: &str = "Ordered a kettle on 3 May, order 55120. It arrived on 19 May with a cracked lid \
and support hung up on me twice. Terrible company, never again! I want my 45 EUR back. ";
const RU: &str =
    "Заказал куртку 5 марта, привезли через две недели, молния сломана, размер не тот. \
Ужасный магазин, не рекомендую! Деньги вернули только после трёх звонков. ";
const FA: &str =
    "سفارشم ۱۰ روز دیر رسید و گوشی شکسته بود. با پشتیبانی تماس گرفتم ولی جواب ندادند. \
افتضاح، اصلا توصیه نمی‌کنم. ";

fn bench(c: &mut Criterion) {
    for (name, seed) in [("en", EN), ("ru", RU), ("fa", FA)] {
        let text = sized(seed, 1000);
        c.bench_function(&format!("check 1000 chars {name}"), |b| {
            b.iter(|| check(black_box(&text), Some(1), None))
        });
    }
    let huge = sized(EN, 100_000);
    c.bench_function("check 100 KB", |b| {
        b.iter(|| check(black_box(&huge), None, None))
    });
    let (a, b2) = (sized(EN, 1000), sized(RU, 1000));
    c.bench_function("signature 1000 chars", |b| {
        b.iter(|| signature(black_box(&a), None))
    });
    let (sa, sb) = (signature(&a, None), signature(&b2, None));
    c.bench_function("similarity", |b| {
        b.iter(|| black_box(&sa).similarity(black_box(&sb)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
