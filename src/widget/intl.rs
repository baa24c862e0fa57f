//! Dates, numbers and durations in the shopper's language, through the
//! browser's `Intl` (so Persian gets Persian digits and every language its own
//! units) instead of formatting code compiled into the bundle.
//!
//! Times are Unix milliseconds as `f64`, the browser's own representation.

use std::cell::RefCell;

use js_sys::{Array, Date, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::widget::i18n::Msg;
use crate::widget::js::Obj;

use crate::core::lang::Lang;

/// The current time in Unix milliseconds.
pub fn now_ms() -> f64 {
    Date::now()
}

/// Parses an RFC 3339 timestamp from the API; `None` when it is not one.
pub fn parse_ms(rfc3339: &str) -> Option<f64> {
    let ms = Date::parse(rfc3339);
    (!ms.is_nan()).then_some(ms)
}

/// Formatters already built, by constructor, locale and options: building an
/// `Intl` formatter costs far more than using one, and a render formats dozens
/// of numbers and dates.
type FormatterCache = RefCell<Vec<(String, Option<JsValue>)>>;

thread_local! {
    static FORMATTERS: FormatterCache = const { RefCell::new(Vec::new()) };
}

/// An `Intl` formatter (`ctor` is `NumberFormat`, `DateTimeFormat` or
/// `RelativeTimeFormat`) for `locale` with string options; numeric options
/// such as `maximumFractionDigits: "1"` are converted by `Intl` itself.
/// `None` when the browser rejects the options (an unknown time zone).
fn formatter(ctor: &str, locale: &str, opts: &[(&str, &str)]) -> Option<JsValue> {
    let mut key = String::from(ctor);
    for part in std::iter::once(locale).chain(opts.iter().flat_map(|(k, v)| [*k, *v])) {
        key.push('|');
        key.push_str(part);
    }
    if let Some(found) = FORMATTERS.with(|cache| {
        cache
            .borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, f)| f.clone())
    }) {
        return found;
    }
    let built = (|| {
        let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let ctor: Function = Reflect::get(&intl, &ctor.into()).ok()?.dyn_into().ok()?;
        let options = Object::new();
        for (k, v) in opts {
            Reflect::set(&options, &(*k).into(), &(*v).into()).ok()?;
        }
        Reflect::construct(&ctor, &Array::of2(&locale.into(), &options)).ok()
    })();
    FORMATTERS.with(|cache| cache.borrow_mut().push((key, built.clone())));
    built
}

/// Calls a formatter method (`format`, `formatToParts`) with arguments.
fn call(formatter: &JsValue, method: &str, args: &Array) -> Option<JsValue> {
    let method: Function = Reflect::get(formatter, &method.into())
        .ok()?
        .dyn_into()
        .ok()?;
    Reflect::apply(&method, formatter, args).ok()
}

fn format(ctor: &str, lang: Lang, opts: &[(&str, &str)], value: &JsValue) -> String {
    formatter(ctor, lang.code(), opts)
        .and_then(|f| call(&f, "format", &Array::of1(value)))
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

fn digits(n: u8) -> &'static str {
    ["0", "1", "2"][usize::from(n.min(2))]
}

/// A number with at most `max_fraction` (0..=2) decimals (`4.3`, `۴٫۳`).
pub fn number(value: f64, lang: Lang, max_fraction: u8) -> String {
    let opts = [("maximumFractionDigits", digits(max_fraction))];
    format("NumberFormat", lang, &opts, &value.into())
}

/// A share (0..=1) as a percentage (`83%`, `۸۳٪`).
pub fn percent(share: f64, lang: Lang) -> String {
    format("NumberFormat", lang, &[("style", "percent")], &share.into())
}

/// A duration in whole minutes as the language writes it (`6 minutes`);
/// 90 minutes and more are shown in hours, 2 days and more in days, and
/// less than a minute as "under a minute" (never "0 minutes").
pub fn duration_minutes(minutes: f64, lang: Lang) -> String {
    if minutes < 1.0 {
        return Msg::UnderAMinute.text(lang).to_owned();
    }
    let (value, unit) = in_units(minutes, f64::round);
    let opts = [("style", "unit"), ("unit", unit), ("unitDisplay", "long")];
    format("NumberFormat", lang, &opts, &value.into())
}

/// Minutes as a count of minutes, hours or days, rounded with `round`.
fn in_units(minutes: f64, round: fn(f64) -> f64) -> (f64, &'static str) {
    if minutes >= 2880.0 {
        (round(minutes / 1440.0), "day")
    } else if minutes >= 90.0 {
        (round(minutes / 60.0), "hour")
    } else {
        (round(minutes), "minute")
    }
}

/// The CLDR plural category of a count, as `Intl.PluralRules` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    /// `one` (1 in English; 1, 21, 31… in Russian).
    One,
    /// `few` (2–4, 22–24… in Russian).
    Few,
    /// `many` (5–20, 25… in Russian).
    Many,
    /// `other` (everything else, fractions included).
    Other,
}

/// The plural category of `n` in `lang`, from the browser's
/// `Intl.PluralRules` (the CLDR rules, so no table is compiled in).
pub fn plural(n: f64, lang: Lang) -> Plural {
    let category = formatter("PluralRules", lang.code(), &[])
        .and_then(|rules| call(&rules, "select", &Array::of1(&n.into())))
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    match category.as_str() {
        "one" => Plural::One,
        "few" => Plural::Few,
        "many" => Plural::Many,
        _ => Plural::Other,
    }
}

/// A countdown `m:ss` (or `h:mm:ss`) in the language's digits.
pub fn countdown(ms: f64, lang: Lang) -> String {
    let total = (ms.max(0.0) / 1000.0) as u64;
    let parts = [total / 3600, (total % 3600) / 60, total % 60];
    let mut out = String::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i == 0 && part == 0 {
            continue;
        }
        let two = !out.is_empty();
        if two {
            out.push(':');
        }
        let opts = [("minimumIntegerDigits", if two { "2" } else { "1" })];
        out.push_str(&format("NumberFormat", lang, &opts, &(part as f64).into()));
    }
    out
}

/// A calendar date (`12 Mar 2026`) in the shopper's time zone.
pub fn date(ms: f64, lang: Lang) -> String {
    date_time(ms, lang, &[("dateStyle", "medium")])
}

/// Formats an instant with `Intl.DateTimeFormat` options.
pub fn date_time(ms: f64, lang: Lang, opts: &[(&str, &str)]) -> String {
    format("DateTimeFormat", lang, opts, &Date::new(&ms.into()).into())
}

/// Weekday and time (`Monday 09:00`), in `time_zone` or the shopper's own.
pub fn weekday_time(ms: f64, lang: Lang, time_zone: Option<&str>) -> String {
    let mut opts = vec![
        ("weekday", "long"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ];
    if let Some(zone) = time_zone {
        opts.push(("timeZone", zone));
    }
    date_time(ms, lang, &opts)
}

/// Time of day (`09:00`) in the shopper's time zone.
pub fn time(ms: f64, lang: Lang) -> String {
    date_time(ms, lang, &[("hour", "2-digit"), ("minute", "2-digit")])
}

/// "5 minutes ago", "2 days ago" for a past instant.
pub fn ago(ms: f64, lang: Lang) -> String {
    let (value, unit) = in_units(((now_ms() - ms) / 60_000.0).max(0.0), f64::floor);
    formatter("RelativeTimeFormat", lang.code(), &[("numeric", "auto")])
        .and_then(|f| call(&f, "format", &Array::of2(&(-value).into(), &unit.into())))
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// The shopper's time zone differs from `time_zone` at `ms`.
pub fn differs_from_local(ms: f64, time_zone: &str) -> bool {
    offset_minutes(time_zone, ms) != Some(-Date::new(&ms.into()).get_timezone_offset())
}

/// The UTC offset of `time_zone` at instant `ms`, in minutes (`+180` for
/// Moscow). `None` for a zone the browser does not know.
pub fn offset_minutes(time_zone: &str, ms: f64) -> Option<f64> {
    let [year, month, day, hour, minute] = wall_clock(time_zone, ms)?;
    let as_utc = utc_ms(year, month, day, hour, minute);
    Some(((as_utc - ms) / 60_000.0).round())
}

/// The wall-clock `[year, month, day, hour, minute]` of `ms` in `time_zone`.
pub fn wall_clock(time_zone: &str, ms: f64) -> Option<[f64; 5]> {
    let opts = [
        ("timeZone", time_zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
    ];
    let format = formatter("DateTimeFormat", "en-US", &opts)?;
    let parts = call(
        &format,
        "formatToParts",
        &Array::of1(&Date::new(&ms.into())),
    )?;
    let mut out = [0.0; 5];
    for part in Array::from(&parts).iter() {
        let part = Obj(&part);
        let slot = match part.str("type").as_str() {
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            _ => continue,
        };
        out[slot] = part.str("value").parse::<u16>().ok()?.into();
    }
    Some(out)
}

/// Unix milliseconds of a UTC civil time; day and minute may overflow (day 32
/// is the 1st of the next month), which is how dates are stepped.
pub fn utc_ms(year: f64, month: f64, day: f64, hour: f64, minute: f64) -> f64 {
    // Days from civil (Howard Hinnant's algorithm), for month 1..=12.
    let (y, m) = if month <= 2.0 {
        (year - 1.0, month + 9.0)
    } else {
        (year, month - 3.0)
    };
    let era = (y / 400.0).floor();
    let yoe = y - era * 400.0;
    let doy = ((153.0 * m + 2.0) / 5.0).floor() + day - 1.0;
    let doe = yoe * 365.0 + (yoe / 4.0).floor() - (yoe / 100.0).floor() + doy;
    let days = era * 146_097.0 + doe - 719_468.0;
    (days * 1440.0 + hour * 60.0 + minute) * 60_000.0
}

/// The instant a wall-clock time in `time_zone` happens.
pub fn zoned_ms(time_zone: &str, wall: [f64; 5]) -> Option<f64> {
    let guess = utc_ms(wall[0], wall[1], wall[2], wall[3], wall[4]);
    let first = guess - offset_minutes(time_zone, guess)? * 60_000.0;
    Some(guess - offset_minutes(time_zone, first)? * 60_000.0)
}
