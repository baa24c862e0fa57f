//! The metrics view: `GET .../stats` drawn as small SVG charts by our own
//! components (no chart library): first-answer distribution with the share
//! within the promise, answer time per day, open complaints by age,
//! complaints per topic per day, resolution numbers, reviews by stars per day.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::core::lang::Lang;
use crate::core::topic::Topic;
use crate::panel::api::Api;
use crate::panel::i18n::{fill, Msg};
use crate::panel::state::Stats;
use crate::widget::intl;

use super::error_text;

/// Chart width in SVG units (the SVG scales to the drawer).
const WIDTH: f64 = 400.0;
/// Series colours, each at least 3:1 against white.
const COLORS: [&str; 6] = [
    "#0b57d0", "#b3261e", "#146c2e", "#8a4b00", "#6b3fa0", "#00696b",
];

/// One day of the answer trend: `(day, median minutes, p80 minutes)`.
type TrendDay = (String, Option<f64>, Option<f64>);

/// Props of [`MetricsView`].
#[derive(Properties, PartialEq)]
pub struct MetricsProps {
    /// UI language.
    pub lang: Lang,
    /// The API.
    pub api: Api,
}

/// The metrics tab.
#[function_component(MetricsView)]
pub fn metrics_view(props: &MetricsProps) -> Html {
    let lang = props.lang;
    let stats = use_state(|| None::<Result<Stats, String>>);
    {
        let (api, stats) = (props.api.clone(), stats.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                stats.set(Some(api.stats(30).await.map_err(|e| error_text(&e, lang))));
            });
        });
    }
    let stats = match &*stats {
        None => return html! { <p class="muted">{ Msg::Loading.text(lang) }</p> },
        Some(Err(message)) => {
            return html! { <p class="error" role="alert">{ message.clone() }</p> }
        }
        Some(Ok(stats)) => stats,
    };
    let minutes = |m: f64| intl::duration_minutes(m, lang);
    let first: Vec<(String, f64)> = stats
        .first_answer
        .iter()
        .map(|(le, count)| {
            let label = match le {
                Some(le) => fill(Msg::AtMost, lang, &[("time", &minutes(*le))]),
                None => fill(Msg::MoreThan, lang, &[("time", &minutes(1440.0))]),
            };
            (label, *count)
        })
        .collect();
    let ages: Vec<(String, f64)> = stats
        .open_by_age
        .iter()
        .map(|(code, count)| {
            let label = match code.as_str() {
                "lt_10m" => fill(Msg::Under, lang, &[("time", &minutes(10.0))]),
                "lt_1h" => fill(Msg::Under, lang, &[("time", &minutes(60.0))]),
                "lt_1d" => fill(Msg::Under, lang, &[("time", &minutes(1440.0))]),
                _ => fill(Msg::AtMost, lang, &[("time", &minutes(1440.0))]).replace('≤', "≥"),
            };
            (label, *count)
        })
        .collect();
    // Topics: the five most frequent over the period, the rest as "other".
    let mut totals: Vec<(String, f64)> = Vec::new();
    for (_, counts) in &stats.topics_per_day {
        for (topic, n) in counts {
            match totals.iter_mut().find(|(t, _)| t == topic) {
                Some(slot) => slot.1 += n,
                None => totals.push((topic.clone(), *n)),
            }
        }
    }
    totals.sort_by(|a, b| b.1.total_cmp(&a.1));
    let shown: Vec<String> = totals.iter().take(5).map(|(t, _)| t.clone()).collect();
    let topic_days: Vec<(String, Vec<f64>)> = stats
        .topics_per_day
        .iter()
        .map(|(day, counts)| {
            let mut row = vec![0.0; shown.len() + 1];
            for (topic, n) in counts {
                let slot = shown.iter().position(|t| t == topic).unwrap_or(shown.len());
                row[slot] += n;
            }
            (day.clone(), row)
        })
        .collect();
    let topic_name = |code: &str| {
        Topic::from_code(code)
            .map(|t| t.text(lang))
            .unwrap_or(code)
            .to_owned()
    };
    let mut topic_legend: Vec<String> = shown.iter().map(|t| topic_name(t)).collect();
    topic_legend.push(Topic::Other.text(lang).to_owned());
    let star_days: Vec<(String, Vec<f64>)> = stats
        .stars_per_day
        .iter()
        .map(|(day, counts)| (day.clone(), counts.to_vec()))
        .collect();
    let star_legend: Vec<String> = (1..=5)
        .map(|n| format!("{}★", intl::number(f64::from(n), lang, 0)))
        .collect();
    let [complaints, resolved, confirmed, reopened] = stats.resolution;
    let num = |n: f64| intl::number(n, lang, 0);
    html! {
        <section class="metrics" aria-labelledby="candor-metrics-title">
            <h3 id="candor-metrics-title">{ Msg::Metrics.text(lang) }{ " · " }{ fill(Msg::LastDays, lang, &[("n", &num(f64::from(stats.days)))]) }</h3>

            <h4>{ Msg::FirstAnswer.text(lang) }</h4>
            if let Some(share) = stats.within_promise_share {
                <p>{ fill(Msg::WithinPromise, lang, &[("pct", &intl::percent(share, lang)), ("time", &minutes(stats.promise_minutes))]) }</p>
            }
            { bar_chart(Msg::FirstAnswer.text(lang), &first, lang) }

            <h4>{ Msg::AnswerTrend.text(lang) }</h4>
            { line_chart(Msg::AnswerTrend.text(lang), &stats.answer_trend, lang) }

            <h4>{ Msg::OpenByAge.text(lang) }</h4>
            { bar_chart(Msg::OpenByAge.text(lang), &ages, lang) }

            <h4>{ Msg::TopicsPerDay.text(lang) }</h4>
            { stacked_chart(Msg::TopicsPerDay.text(lang), &topic_days, &topic_legend, lang) }

            <h4>{ Msg::ResolutionTitle.text(lang) }</h4>
            <p>{ fill(Msg::Resolution, lang, &[
                ("resolved", &num(resolved)), ("complaints", &num(complaints)),
                ("rate", &stats.resolution_rate.map(|r| intl::percent(r, lang)).unwrap_or_else(|| "—".into())),
                ("confirmed", &num(confirmed)), ("reopened", &num(reopened)),
            ]) }</p>

            <h4>{ Msg::StarsPerDay.text(lang) }</h4>
            { stacked_chart(Msg::StarsPerDay.text(lang), &star_days, &star_legend, lang) }
        </section>
    }
}

fn no_data(lang: Lang) -> Html {
    html! { <p class="muted">{ Msg::NoData.text(lang) }</p> }
}

/// Horizontal bars with their labels and counts.
fn bar_chart(title: &str, bars: &[(String, f64)], lang: Lang) -> Html {
    if bars.is_empty() {
        return no_data(lang);
    }
    let max = bars.iter().map(|(_, v)| *v).fold(1.0, f64::max);
    let row = 22.0;
    let label_w = 130.0;
    let height = row * bars.len() as f64;
    let summary = bars
        .iter()
        .map(|(l, v)| format!("{l}: {}", intl::number(*v, lang, 0)))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <svg class="chart" viewBox={format!("0 0 {WIDTH} {height}")} role="img" aria-label={format!("{title}. {summary}")}>
            { for bars.iter().enumerate().map(|(i, (label, value))| {
                let y = i as f64 * row;
                let w = (WIDTH - label_w - 40.0) * value / max;
                html! {
                    <g>
                        <text x="0" y={(y + 15.0).to_string()} class="axis">{ label.clone() }</text>
                        <rect x={label_w.to_string()} y={(y + 4.0).to_string()} width={w.max(1.0).to_string()} height="14" fill={COLORS[0]} />
                        <text x={(label_w + w + 4.0).to_string()} y={(y + 15.0).to_string()} class="axis">{ intl::number(*value, lang, 0) }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

/// Median and 80th-percentile answer minutes per day as two lines.
fn line_chart(title: &str, days: &[TrendDay], lang: Lang) -> Html {
    if days.iter().all(|(_, m, p)| m.is_none() && p.is_none()) {
        return no_data(lang);
    }
    let height = 120.0;
    let max = days
        .iter()
        .flat_map(|(_, m, p)| [*m, *p])
        .flatten()
        .fold(1.0, f64::max);
    let step = WIDTH / (days.len().max(2) - 1) as f64;
    let points = |pick: fn(&TrendDay) -> Option<f64>| {
        days.iter()
            .enumerate()
            .filter_map(|(i, d)| {
                pick(d).map(|v| {
                    format!(
                        "{:.1},{:.1}",
                        i as f64 * step,
                        height - 4.0 - (height - 8.0) * v / max
                    )
                })
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let summary = format!(
        "{}: {}",
        days.last().map(|d| d.0.clone()).unwrap_or_default(),
        days.last()
            .and_then(|d| d.1)
            .map(|m| intl::duration_minutes(m, lang))
            .unwrap_or_else(|| "—".into())
    );
    html! {
        <svg class="chart" viewBox={format!("0 0 {WIDTH} {height}")} role="img" aria-label={format!("{title}. {summary}")}>
            <line x1="0" y1={(height - 4.0).to_string()} x2={WIDTH.to_string()} y2={(height - 4.0).to_string()} stroke="#767676" />
            <polyline points={points(|d| d.2)} fill="none" stroke={COLORS[1]} stroke-width="2" stroke-dasharray="4 3" />
            <polyline points={points(|d| d.1)} fill="none" stroke={COLORS[0]} stroke-width="2" />
            <text x="2" y="12" class="axis">{ intl::duration_minutes(max, lang) }</text>
        </svg>
    }
}

/// One stacked column per day, with a legend.
fn stacked_chart(title: &str, days: &[(String, Vec<f64>)], legend: &[String], lang: Lang) -> Html {
    let totals: Vec<f64> = days.iter().map(|(_, v)| v.iter().sum()).collect();
    if totals.iter().all(|t| *t == 0.0) {
        return no_data(lang);
    }
    let height = 120.0;
    let max = totals.iter().copied().fold(1.0, f64::max);
    let band = WIDTH / days.len().max(1) as f64;
    let sums: Vec<f64> = (0..legend.len())
        .map(|s| {
            days.iter()
                .map(|(_, v)| v.get(s).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let summary = legend
        .iter()
        .zip(&sums)
        .map(|(l, n)| format!("{l}: {}", intl::number(*n, lang, 0)))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <>
            <svg class="chart" viewBox={format!("0 0 {WIDTH} {height}")} role="img" aria-label={format!("{title}. {summary}")}>
                { for days.iter().enumerate().map(|(i, (_, values))| {
                    let mut top = height;
                    html! {
                        <g>
                            { for values.iter().enumerate().filter(|(_, v)| **v > 0.0).map(|(s, v)| {
                                let h = (height - 4.0) * v / max;
                                top -= h;
                                html! { <rect x={(i as f64 * band + 1.0).to_string()} y={top.to_string()} width={(band - 2.0).max(1.0).to_string()} height={h.to_string()} fill={COLORS[s % COLORS.len()]} /> }
                            }) }
                        </g>
                    }
                }) }
            </svg>
            <ul class="legend">
                { for legend.iter().enumerate().map(|(s, label)| html! {
                    <li><span class={format!("swatch s{}", s % COLORS.len())} aria-hidden="true"></span>{ label.clone() }</li>
                }) }
            </ul>
        </>
    }
}
