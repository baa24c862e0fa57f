//! The aggregates above the list: average, count, histogram, resolved share,
//! typical answer time, and the shop's promise to publish every review.

use yew::prelude::*;

use super::{use_ctx, StarsView};
use crate::widget::i18n::Msg;
use crate::widget::intl;
use crate::widget::state::Summary;

/// Properties of [`SummaryView`].
#[derive(Debug, Properties, PartialEq)]
pub struct SummaryProps {
    /// The aggregates.
    pub summary: Summary,
}

/// The summary block.
#[function_component(SummaryView)]
pub fn summary_view(props: &SummaryProps) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let s = &props.summary;
    let max = s
        .histogram
        .rows()
        .iter()
        .map(|r| r.1)
        .max()
        .unwrap_or(0)
        .max(1);
    html! {
        <section class="summary" aria-label={ctx.t(Msg::Histogram)}>
            <div class="average">
                if let Some(average) = s.average {
                    <span class="average-number">{ intl::number(average, lang, 1) }</span>
                    <StarsView rating={average} />
                }
                <span class="muted">{ ctx.fill(Msg::ReviewCount, &[("n", &intl::number(f64::from(s.count), lang, 0))]) }</span>
            </div>
            <ul class="histogram">
                { for s.histogram.rows().iter().map(|(stars, count)| {
                    // Widths in 10% steps through classes: a CSP without
                    // 'unsafe-inline' blocks style attributes.
                    let mut width = String::from("w");
                    width.push_str(&((f64::from(*count) / f64::from(max) * 10.0).round() as u32).to_string());
                    let label = ctx.fill(Msg::HistogramRow, &[
                        ("stars", &intl::number(f64::from(*stars), lang, 0)),
                        ("count", &intl::number(f64::from(*count), lang, 0)),
                    ]);
                    html! {
                        <li>
                            <span class="sr">{label}</span>
                            <span class="hist-stars" aria-hidden="true">{ intl::number(f64::from(*stars), lang, 0) }{"★"}</span>
                            <span class="bar" aria-hidden="true"><span class={width}></span></span>
                            <span class="hist-count" aria-hidden="true">{ intl::number(f64::from(*count), lang, 0) }</span>
                        </li>
                    }
                }) }
            </ul>
            <ul class="facts">
                if let Some(share) = s.resolved_share {
                    <li>{ ctx.fill(Msg::ResolvedShare, &[("pct", &intl::percent(share, lang))]) }</li>
                }
                if let Some(minutes) = s.typical_answer_minutes {
                    <li>{ ctx.fill(Msg::TypicalAnswer, &[("time", &intl::duration_minutes(minutes, lang))]) }</li>
                }
                <li>
                    { ctx.t(Msg::PublishesEvery) }{" "}
                    <a href={ctx.api.moderation_log_url()} target="_blank" rel="noopener">{ ctx.t(Msg::ModerationLog) }</a>
                </li>
            </ul>
        </section>
    }
}
