//! The live support status: online/open/offline with the promised and the
//! real answer time, and the working hours in the shopper's time zone.

use std::rc::Rc;

use yew::prelude::*;

use super::use_ctx;
use crate::core::lang::Lang;
use crate::widget::i18n::Msg;
use crate::widget::intl;
use crate::widget::state::SupportStatus;

/// Properties of [`StatusPill`].
#[derive(Debug, Properties, PartialEq)]
pub struct StatusPillProps {
    /// The last status received (`None` until the first one).
    pub status: Option<Rc<SupportStatus>>,
}

/// The status line, announced politely when it changes.
#[function_component(StatusPill)]
pub fn status_pill(props: &StatusPillProps) -> Html {
    let ctx = use_ctx();
    let Some(status) = props.status.as_deref() else {
        return html! {
            <p class="status" role="status" aria-live="polite"><span class="dot" aria-hidden="true"></span>{ ctx.t(Msg::StatusChecking) }</p>
        };
    };
    let (class, text) = status_text(status, ctx.lang);
    let hours = if status.hours.always_open || status.online {
        Vec::new()
    } else {
        hours_lines(status, ctx.lang)
    };
    html! {
        <div class="status-block">
            <p class={classes!("status", class)} role="status" aria-live="polite">
                <span class="dot" aria-hidden="true"></span>{ text }
            </p>
            if !hours.is_empty() {
                <details class="hours">
                    <summary>{ ctx.t(Msg::HoursTitle) }</summary>
                    <ul>{ for hours.into_iter().map(|line| html! { <li>{line}</li> }) }</ul>
                </details>
            }
        </div>
    }
}

/// The status sentence and its CSS class.
pub fn status_text(status: &SupportStatus, lang: Lang) -> (&'static str, String) {
    let fill = |msg, args: &[(&str, &str)]| crate::widget::i18n::fill(msg, lang, args);
    let promise = intl::duration_minutes(status.promise_minutes, lang);
    if status.open_now {
        let msg = if status.online {
            Msg::StatusOnline
        } else {
            Msg::StatusOpen
        };
        let mut text = fill(msg, &[("promise", &promise)]);
        if let Some(typical) = status.typical_answer_minutes {
            text.push(' ');
            text.push_str(&fill(
                Msg::StatusTypical,
                &[("time", &intl::duration_minutes(typical, lang))],
            ));
        }
        return (if status.online { "online" } else { "open" }, text);
    }
    let next = status.next_open_at.as_deref().and_then(intl::parse_ms);
    let Some(next) = next else {
        return ("offline", Msg::StatusClosed.text(lang).to_owned());
    };
    let zone = (!status.timezone.is_empty()).then_some(status.timezone.as_str());
    let mut when = intl::weekday_time(next, lang, zone);
    if zone.is_some_and(|zone| intl::differs_from_local(next, zone)) {
        when.push(' ');
        when.push_str(&fill(Msg::YourTime, &[("time", &intl::time(next, lang))]));
    }
    ("offline", fill(Msg::StatusOffline, &[("when", &when)]))
}

fn hhmm(value: &str) -> Option<(f64, f64)> {
    let (h, m) = value.split_once(':')?;
    Some((
        f64::from(h.trim().parse::<u8>().ok()?),
        f64::from(m.trim().parse::<u8>().ok()?),
    ))
}

/// The opening spans of the next seven days, converted from the shop's time
/// zone to the shopper's (`Monday 10:00–20:00`).
pub fn hours_lines(status: &SupportStatus, lang: Lang) -> Vec<String> {
    let zone = if status.timezone.is_empty() {
        "UTC"
    } else {
        &status.timezone
    };
    let Some([year, month, day, _, _]) = intl::wall_clock(zone, intl::now_ms()) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    for offset in 0..7 {
        let date = day + f64::from(offset);
        let days_since_epoch = (intl::utc_ms(year, month, date, 0.0, 0.0) / 86_400_000.0).floor();
        // 1970-01-01 was a Thursday (4 in JavaScript's Sunday-first count).
        let weekday = ((days_since_epoch + 4.0).rem_euclid(7.0)) as u8;
        for (open, close) in status.hours.weekly.day(weekday) {
            let (Some((oh, om)), Some((ch, cm))) = (hhmm(open), hhmm(close)) else {
                continue;
            };
            let close_date = if (ch, cm) <= (oh, om) {
                date + 1.0
            } else {
                date
            };
            let start = intl::zoned_ms(zone, [year, month, date, oh, om]);
            let end = intl::zoned_ms(zone, [year, month, close_date, ch, cm]);
            if let (Some(start), Some(end)) = (start, end) {
                let mut line = intl::weekday_time(start, lang, None);
                line.push('–');
                line.push_str(&intl::time(end, lang));
                lines.push(line);
            }
        }
    }
    lines
}
