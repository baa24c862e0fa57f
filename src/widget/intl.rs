//! Dates, numbers and durations in the shopper's language, through the
//! browser's `Intl` (so Persian gets Persian digits and every language its own
//! units) instead of formatting code compiled into the bundle.
//!
//! Times are Unix milliseconds as `f64`, the browser's own representation.

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

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

/// A plain options object from string pairs.
fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object
}

fn locales(lang: Lang) -> Array {
    Array::of1(&lang.code().into())
}

fn call_format(format: Function, value: &JsValue) -> String {
    format
        .call1(&JsValue::NULL, value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// A number with at most `max_fraction` decimals (`4.3`, `۴٫۳`).
pub fn number(value: f64, lang: Lang, max_fraction: u8) -> String {
    let opts = options(&[]);
    let _ = Reflect::set(
        &opts,
        &"maximumFractionDigits".into(),
        &f64::from(max_fraction).into(),
    );
    let format = Intl::NumberFormat::new(&locales(lang), &opts).format();
    call_format(format, &value.into())
}

/// A share (0..=1) as a percentage (`83%`, `۸۳٪`).
pub fn percent(share: f64, lang: Lang) -> String {
    let format =
        Intl::NumberFormat::new(&locales(lang), &options(&[("style", "percent")])).format();
    call_format(format, &share.into())
}

/// A duration in whole minutes as the language writes it (`6 min`, `6 мин`);
/// 90 minutes and more are shown in hours, 2 days and more in days.
pub fn duration_minutes(minutes: f64, lang: Lang) -> String {
    let minutes = minutes.max(0.0);
    let (value, unit) = if minutes >= 2880.0 {
        ((minutes / 1440.0).round(), "day")
    } else if minutes >= 90.0 {
        ((minutes / 60.0).round(), "hour")
    } else {
        (minutes.round(), "minute")
    };
    let opts = options(&[("style", "unit"), ("unit", unit), ("unitDisplay", "long")]);
    let format = Intl::NumberFormat::new(&locales(lang), &opts).format();
    call_format(format, &value.into())
}

/// A countdown `m:ss` (or `h:mm:ss`) in the language's digits.
pub fn countdown(ms: f64, lang: Lang) -> String {
    let total = (ms.max(0.0) / 1000.0) as u64;
    let (hours, minutes, seconds) = (
        (total / 3600) as f64,
        ((total % 3600) / 60) as f64,
        (total % 60) as f64,
    );
    let opts = options(&[("useGrouping", "false")]);
    let _ = Reflect::set(&opts, &"minimumIntegerDigits".into(), &2.into());
    let two = Intl::NumberFormat::new(&locales(lang), &opts).format();
    let one = Intl::NumberFormat::new(&locales(lang), &options(&[])).format();
    let mut out = String::new();
    if hours > 0.0 {
        out.push_str(&call_format(one.clone(), &hours.into()));
        out.push(':');
        out.push_str(&call_format(two.clone(), &minutes.into()));
    } else {
        out.push_str(&call_format(one, &minutes.into()));
    }
    out.push(':');
    out.push_str(&call_format(two, &seconds.into()));
    out
}

/// A calendar date (`12 Mar 2026`) in the shopper's time zone.
pub fn date(ms: f64, lang: Lang) -> String {
    date_time(ms, lang, &[("dateStyle", "medium")])
}

/// Formats an instant with `Intl.DateTimeFormat` options.
pub fn date_time(ms: f64, lang: Lang, opts: &[(&str, &str)]) -> String {
    let format = Intl::DateTimeFormat::new(&locales(lang), &options(opts)).format();
    call_format(format, &Date::new(&ms.into()).into())
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
    let minutes = ((now_ms() - ms) / 60_000.0).max(0.0);
    let (value, unit) = if minutes >= 2880.0 {
        ((minutes / 1440.0).floor(), "day")
    } else if minutes >= 90.0 {
        ((minutes / 60.0).floor(), "hour")
    } else {
        (minutes.floor(), "minute")
    };
    let format = Intl::RelativeTimeFormat::new(&locales(lang), &options(&[("numeric", "auto")]));
    String::from(format.format(-value, unit))
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
    let opts = options(&[
        ("timeZone", time_zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
    ]);
    let locales = Array::of1(&"en-US".into());
    // An unknown zone makes the constructor throw; catch it through Reflect.
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: Function = Reflect::get(&intl, &"DateTimeFormat".into()).ok()?.into();
    let args = Array::of2(&locales, &opts);
    let format: Intl::DateTimeFormat = Reflect::construct(&ctor, &args).ok()?.into();
    let parts = format.format_to_parts(&Date::new(&ms.into()));
    let mut out = [0.0; 5];
    for part in parts.iter() {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
        let slot = match kind.as_str() {
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            _ => continue,
        };
        out[slot] = value.parse().ok()?;
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
