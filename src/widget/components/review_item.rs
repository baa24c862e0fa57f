//! One review: stars, text, name, date, badges and the shop's replies. User
//! text is only ever a text node, isolated with `dir="auto"`/`<bdi>` so a
//! Persian name in an English list (and the reverse) displays right.

use yew::prelude::*;

use super::{use_ctx, StarsView};
use crate::widget::i18n::{self, Msg};
use crate::widget::intl;
use crate::widget::state::{Reply, Review};

/// Properties of [`ReviewItem`].
#[derive(Debug, Properties, PartialEq)]
pub struct ReviewItemProps {
    /// The review.
    pub review: Review,
}

/// Badge names in display order, with their message.
const BADGES: [(&str, Msg); 6] = [
    ("verified_order", Msg::BadgeVerified),
    ("resolved_confirmed", Msg::BadgeResolvedConfirmed),
    ("resolved_by_merchant", Msg::BadgeResolvedByShop),
    ("answered", Msg::BadgeAnswered),
    ("moved_private", Msg::BadgeMovedPrivate),
    ("details_requested", Msg::BadgeDetailsRequested),
];

/// A review in the list.
#[function_component(ReviewItem)]
pub fn review_item(props: &ReviewItemProps) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let review = &props.review;
    let created = intl::parse_ms(&review.created_at);
    if review.status == "hidden" {
        // Hidden for abuse: the reason only, never the text or the name; the
        // shop's replies stay public.
        let reason = ctx.t(i18n::hidden_reason(review.hidden_reason.as_deref()));
        return html! {
            <article class="review hidden-review" data-review-id={review.id.clone()}>
                <p class="muted">{ ctx.fill(Msg::HiddenPlaceholder, &[("reason", reason)]) }</p>
                <Replies replies={review.replies.clone()} />
            </article>
        };
    }
    let name = review
        .author_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(str::to_owned);
    let resolved = review.has("resolved_confirmed") || review.has("resolved_by_merchant");
    html! {
        <article class={classes!("review", review.is_complaint().then_some("complaint"))} data-review-id={review.id.clone()}>
            <header class="review-head">
                <StarsView rating={f64::from(review.rating)} />
                if let Some(name) = name {
                    <bdi class="author">{name}</bdi>
                } else {
                    <span class="author">{ ctx.t(Msg::Anonymous) }</span>
                }
                if let Some(ms) = created {
                    <time datetime={review.created_at.clone()} class="muted">{ intl::date(ms, lang) }</time>
                }
                if review.is_complaint() {
                    <span class="kind">{ ctx.t(Msg::Complaint) }</span>
                }
            </header>
            <p class="text" dir="auto">{ review.text.clone() }</p>
            <ul class="badges">
                { for BADGES.iter().filter(|(name, _)| review.has(name)).map(|(name, msg)| html! {
                    <li class={classes!("badge", *name, resolved.then_some("resolved"))}>{ ctx.t(*msg) }</li>
                }) }
                if review.awaiting_answer() {
                    <li class="badge awaiting">
                        { ctx.t(Msg::BadgeAwaiting) }
                        if let Some(ms) = created {
                            {" · "}{ intl::ago(ms, lang) }
                        }
                    </li>
                }
            </ul>
            <Replies replies={review.replies.clone()} />
        </article>
    }
}

/// Properties of [`Replies`].
#[derive(Debug, Properties, PartialEq)]
pub struct RepliesProps {
    /// Replies, oldest first.
    pub replies: Vec<Reply>,
}

/// The public thread under a review: the shop's replies with the replier's
/// name and how fast they answered, and the author's own steps.
#[function_component(Replies)]
pub fn replies(props: &RepliesProps) -> Html {
    let ctx = use_ctx();
    if props.replies.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="replies">
            { for props.replies.iter().map(|reply| {
                let by_author = reply.by_author();
                html! {
                    <li class={classes!("reply", by_author.then_some("by-author"))}>
                        <p class="reply-head">
                            if by_author {
                                <span>{ ctx.t(Msg::Anonymous) }</span>
                            } else {
                                <span class="reply-label">{ ctx.t(Msg::ShopReply) }</span>
                                {" · "}<bdi class="author">{ reply.author.clone() }</bdi>
                                {" · "}<span class="muted">{ ctx.fill(Msg::AnsweredIn, &[("time", &intl::duration_minutes(reply.minutes_after, ctx.lang))]) }</span>
                            }
                        </p>
                        <p class="text" dir="auto">{ reply.text.clone() }</p>
                    </li>
                }
            }) }
        </ul>
    }
}
