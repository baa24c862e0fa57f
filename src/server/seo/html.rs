//! The reviews as HTML, for a product page rendered on the shop's server, a
//! crawler, or a reader without JavaScript: the summary, one page of
//! reviews with badges, the shop's replies and the resolved marks, the
//! promise to publish every review with the moderation-log link, the link
//! to the next page, and the JSON-LD of the same reviews.
//!
//! maud escapes every interpolated string, so a shopper's text is only ever
//! text; the JSON-LD goes through [`super::jsonld::script_body`], which
//! escapes `<`, `>` and `&` inside the JSON. The class names are the
//! widget's own (`summary`, `review`, `badges`, `replies`, ...), so one
//! stylesheet serves both; a review's id is `data-candor-review`, not the
//! widget's `data-review-id`, which the moderation panel hooks into.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::core::i18n::fill;
use crate::core::lang::Lang;
use crate::server::rules::listing::{Page, Summary};
use crate::server::seo::format::review_direction;
use crate::server::seo::format::{date, duration_minutes, integer, number, percent};
use crate::server::seo::shopper_messages::{hidden_reason, Msg};
use crate::server::seo::Links;
use crate::server::wire::{ReplyOut, ReviewItem};

/// Badge names in display order, with their message (as in the widget).
const BADGES: [(&str, Msg); 6] = [
    ("verified_order", Msg::BadgeVerified),
    ("resolved_confirmed", Msg::BadgeResolvedConfirmed),
    ("resolved_by_merchant", Msg::BadgeResolvedByShop),
    ("answered", Msg::BadgeAnswered),
    ("moved_private", Msg::BadgeMovedPrivate),
    ("details_requested", Msg::BadgeDetailsRequested),
];

/// Everything one rendering needs.
#[derive(Debug, Clone, Copy)]
pub struct ReviewsView<'a> {
    /// Site id.
    pub site: &'a str,
    /// The shop's display name (the full page's title).
    pub site_name: &'a str,
    /// Product id.
    pub product: &'a str,
    /// The language of the page's own words.
    pub lang: Lang,
    /// Aggregates over all published reviews of the product.
    pub summary: &'a Summary,
    /// The reviews of this page.
    pub page: &'a Page,
    /// This page's number (from 1).
    pub page_number: i64,
    /// Where links point.
    pub links: &'a Links,
    /// The JSON-LD of the same reviews, already escaped for a `<script>`
    /// element; `None` leaves it out.
    pub jsonld: Option<&'a str>,
    /// The same page as the JSON list (`GET …/reviews?product=`), escaped
    /// for a `<script>` element, so the widget taking over the element
    /// starts from it instead of asking again; `None` leaves it out.
    pub first_page: Option<&'a str>,
}

/// Five stars, `rating` of them filled, with an accessible name.
fn stars(rating: f64, lang: Lang) -> Markup {
    let full = rating.round().clamp(0.0, 5.0) as usize;
    let label = fill(
        Msg::RatedOutOf.text(lang),
        &[("n", &number(rating, lang, 1))],
    );
    let glyphs: String = (0..5).map(|i| if i < full { '★' } else { '☆' }).collect();
    html! { span.stars role="img" aria-label=(label) { (glyphs) } }
}

/// The aggregates above the list.
fn summary(view: &ReviewsView<'_>) -> Markup {
    let lang = view.lang;
    let s = view.summary;
    let max = s.histogram.iter().copied().max().unwrap_or(0).max(1);
    html! {
        section.summary aria-label=(Msg::Histogram.text(lang)) {
            div.average {
                @if let Some(average) = s.average {
                    span.average-number { (number(average, lang, 1)) }
                    " "
                    (stars(average, lang))
                    " "
                }
                span.muted.count {
                    (fill(Msg::ReviewCount.text(lang), &[("n", &integer(s.count, lang))]))
                }
            }
            ul.histogram {
                @for stars in (1..=5usize).rev() {
                    @let n = s.histogram[stars - 1];
                    li {
                        span.hist-label {
                            (fill(Msg::HistogramRow.text(lang), &[
                                ("stars", &integer(stars as i64, lang)),
                                ("count", &integer(n, lang)),
                            ]))
                        }
                        " "
                        meter.bar min="0" max=(max) value=(n) aria-hidden="true" {}
                    }
                }
            }
            ul.facts {
                @if let Some(share) = s.resolved_share {
                    li.resolved-share {
                        (fill(Msg::ResolvedShare.text(lang), &[("pct", &percent(share, lang))]))
                    }
                }
                li.promise {
                    (Msg::PublishesEvery.text(lang)) " "
                    a href=(view.links.moderation_log(view.site)) rel="nofollow" {
                        (Msg::ModerationLog.text(lang))
                    }
                }
            }
        }
    }
}

fn is_by_author(reply: &ReplyOut) -> bool {
    reply.author == "author" || reply.kind == "author_confirmed" || reply.kind == "details_provided"
}

/// The public thread under a review.
fn replies(replies: &[ReplyOut], lang: Lang) -> Markup {
    html! {
        @if !replies.is_empty() {
            ul.replies {
                @for reply in replies {
                    @let by_author = is_by_author(reply);
                    li class=(if by_author { "reply by-author" } else { "reply" })
                        dir=(review_direction(None, &reply.text)) {
                        p.reply-head {
                            @if by_author {
                                span { (Msg::Anonymous.text(lang)) }
                            } @else {
                                span.reply-label { (Msg::ShopReply.text(lang)) }
                                " · "
                                bdi.author { (reply.author) }
                                " · "
                                span.muted {
                                    (fill(Msg::AnsweredIn.text(lang), &[
                                        ("time", &duration_minutes(reply.minutes_after, lang)),
                                    ]))
                                }
                            }
                        }
                        p.text { (reply.text) }
                    }
                }
            }
        }
    }
}

fn awaiting_answer(review: &ReviewItem) -> bool {
    let has = |b: &str| review.badges.iter().any(|x| x == b);
    review.kind == "complaint"
        && !has("answered")
        && !has("resolved_confirmed")
        && !has("resolved_by_merchant")
        && !has("moved_private")
}

/// One review: stars, name, date, kind, text, badges and replies. A review
/// hidden for abuse is a placeholder with the reason; its replies stay.
fn review(review: &ReviewItem, lang: Lang) -> Markup {
    let t = |msg: Msg| msg.text(lang);
    if review.status == "hidden" {
        let reason = t(hidden_reason(review.hidden_reason.as_deref()));
        return html! {
            li.review.hidden-review id={ "review-" (review.id) } data-candor-review=(review.id) {
                p.muted { (fill(t(Msg::HiddenPlaceholder), &[("reason", reason)])) }
                (replies(&review.replies, lang))
            }
        };
    }
    let complaint = review.kind == "complaint";
    let resolved = review
        .badges
        .iter()
        .any(|b| b == "resolved_confirmed" || b == "resolved_by_merchant");
    let name = review
        .author_name
        .as_deref()
        .filter(|n| !n.trim().is_empty());
    let dir = review_direction(review.lang.as_deref(), &review.text);
    html! {
        li class=(if complaint { "review complaint" } else { "review" })
            id={ "review-" (review.id) } data-candor-review=(review.id) {
            article lang=[review.lang.as_deref().and_then(Lang::parse).map(Lang::code)] dir=(dir) {
                header.review-head {
                    (stars(review.rating as f64, lang))
                    " "
                    @match name {
                        Some(name) => bdi.author { (name) },
                        None => span.author { (t(Msg::Anonymous)) },
                    }
                    " "
                    time.muted datetime=(review.created_at) { (date(&review.created_at, lang)) }
                    @if complaint {
                        " "
                        span.kind { (t(Msg::Complaint)) }
                    }
                }
                p.text { (review.text) }
                @if !review.badges.is_empty() || awaiting_answer(review) {
                    ul.badges {
                        @for (badge, msg) in BADGES {
                            @if review.badges.iter().any(|b| b == badge) {
                                li class={ "badge " (badge) @if resolved { " resolved" } } {
                                    (t(msg))
                                }
                            }
                        }
                        @if awaiting_answer(review) {
                            li.badge.awaiting { (t(Msg::BadgeAwaiting)) }
                        }
                    }
                }
                (replies(&review.replies, lang))
            }
        }
    }
}

/// The section a shop pastes into its product page (or puts inside
/// `<candor-reviews>`): no `<html>`, no styles, no scripts but the JSON-LD.
pub fn fragment(view: &ReviewsView<'_>) -> Markup {
    let lang = view.lang;
    let next = view.page.has_more.then(|| {
        view.links
            .reviews_page(view.site, view.product, view.page_number + 1, lang.code())
    });
    html! {
        section.candor-reviews lang=(lang.code()) dir=(if lang.is_rtl() { "rtl" } else { "ltr" })
            data-candor-ssr="1" data-site=(view.site) data-product=(view.product)
            data-page=(view.page_number) {
            h2.title { (Msg::Title.text(lang)) }
            (summary(view))
            @if view.page.items.is_empty() {
                p.empty { (Msg::NoReviews.text(lang)) }
            } @else {
                ol.list {
                    @for item in &view.page.items {
                        (review(item, lang))
                    }
                }
            }
            @if let Some(next) = next {
                p.more { a.more-link rel="next" href=(next) { (Msg::ShowMore.text(lang)) } }
            }
            @if let Some(jsonld) = view.jsonld {
                script type="application/ld+json" { (PreEscaped(jsonld)) }
            }
            @if let Some(data) = view.first_page {
                script type="application/json" data-candor-first-page { (PreEscaped(data)) }
            }
        }
    }
}

/// A whole page for readers without JavaScript following "more reviews":
/// the fragment inside a minimal, readable document.
pub fn page(view: &ReviewsView<'_>) -> Markup {
    let lang = view.lang;
    let title = format!("{} — {}", Msg::Title.text(lang), view.site_name);
    let previous = (view.page_number > 1).then(|| {
        view.links
            .reviews_page(view.site, view.product, view.page_number - 1, lang.code())
    });
    html! {
        (DOCTYPE)
        html lang=(lang.code()) dir=(if lang.is_rtl() { "rtl" } else { "ltr" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                @if let Some(previous) = &previous {
                    link rel="prev" href=(previous);
                }
                style { (PreEscaped(PAGE_CSS)) }
            }
            body {
                main {
                    (fragment(view))
                    @if let Some(previous) = previous {
                        p.previous { a rel="prev" href=(previous) { "←" } }
                    }
                }
            }
        }
    }
}

/// The no-script page's few rules: readable line length, quiet badges.
const PAGE_CSS: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:46rem;\
padding:1rem;color:#1d1d1f;overflow-wrap:anywhere}ol.list,ul.badges,ul.replies,ul.histogram,ul.facts{list-style:none;\
padding:0}li.review{border-top:1px solid #ddd;padding:.75rem 0}.stars{color:#b8860b}\
.muted{color:#555}.badge{display:inline-block;margin-inline-end:.5rem;font-size:.875rem}\
.resolved{color:#0a6b2d}.replies{margin-inline-start:1.5rem}meter.bar{width:8rem}";

/// A product's stars for a category page: the server-rendered content of a
/// `<candor-stars>` element, the same markup `candor-stars.js` writes.
pub fn stars_badge(summary: &Summary, lang: Lang) -> Markup {
    html! {
        @if let Some(average) = summary.average {
            (stars(average, lang))
            " "
            span.candor-stars-count {
                (number(average, lang, 1)) " (" (integer(summary.count, lang)) ")"
            }
        } @else {
            span.candor-stars-count { "(" (integer(0, lang)) ")" }
        }
    }
}
