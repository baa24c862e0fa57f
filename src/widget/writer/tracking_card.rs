//! The card that follows a shopper's complaint: a countdown to its own answer
//! deadline, the shop's replies as they arrive, and the author's actions —
//! confirm or reopen a resolution, send the order details the shop asked
//! for, withdraw. The author token lives in local storage, so the card
//! survives reloads.

use std::rc::Rc;

use gloo_timers::callback::Interval;
use wasm_bindgen::JsValue;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::i18n::WMsg;
use super::use_ctx;
use crate::widget::api::AuthorAction;
use crate::widget::i18n::Msg;
use crate::widget::intl;
use crate::widget::js::{ObjBuilder, ToJs};
use crate::widget::local::Tracked;
use crate::widget::state::{AuthorView, Review, SupportStatus};

/// Properties of [`TrackingCard`].
#[derive(Debug, Properties, PartialEq)]
pub struct TrackingCardProps {
    /// The complaint and its author token.
    pub tracked: Tracked,
    /// The last live event about any review; the card reloads when it is
    /// about this one.
    pub live: Option<Rc<Review>>,
    /// Stop following this complaint on this device.
    pub on_forget: Callback<String>,
    /// Move the keyboard to this card once it is rendered (the shopper just
    /// sent this complaint).
    #[prop_or_default]
    pub focus: bool,
}

/// The order details the shop asked for.
#[derive(Debug)]
struct Details {
    order_ref: String,
    order_date: Option<String>,
}

impl ToJs for Details {
    fn to_js(&self) -> JsValue {
        ObjBuilder::new()
            .set("order_ref", self.order_ref.as_str())
            .opt("order_date", self.order_date.as_deref())
            .build()
    }
}

/// One followed complaint.
#[function_component(TrackingCard)]
pub fn tracking_card(props: &TrackingCardProps) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let view = use_state(|| None::<Rc<AuthorView>>);
    let failed = use_state(|| false);
    let busy = use_state(|| false);
    let withdraw_step = use_state(|| false);
    let now = use_state(intl::now_ms);
    let order_ref = use_node_ref();
    let order_date = use_node_ref();
    let reloads = use_state(|| 0u32);
    let heading = use_node_ref();
    {
        let (heading, focus) = (heading.clone(), props.focus);
        use_effect_with(focus, move |focus| {
            if let Some(heading) = heading.cast::<web_sys::HtmlElement>().filter(|_| *focus) {
                let _ = heading.focus();
            }
        });
    }

    // Load (and reload on live events about this complaint or after an action).
    let about_me = props
        .live
        .clone()
        .filter(|review| review.id == props.tracked.id);
    {
        let (ctx, view, failed) = (ctx.clone(), view.clone(), failed.clone());
        use_effect_with(
            (props.tracked.clone(), about_me, *reloads),
            move |(tracked, _, _)| {
                let tracked = tracked.clone();
                yew::platform::spawn_local(async move {
                    match ctx.api.author_view(&tracked.id, &tracked.token).await {
                        Ok(loaded) => {
                            failed.set(false);
                            view.set(Some(Rc::new(loaded)));
                        }
                        Err(_) => failed.set(true),
                    }
                });
            },
        );
    }

    // Whether support is open: a complaint sent while it is closed is told
    // when it opens and when the answer is due, not a long countdown.
    let status = use_state(|| None::<Rc<SupportStatus>>);
    {
        let (ctx, status) = (ctx.clone(), status.clone());
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                if let Ok(loaded) = ctx.api.status().await {
                    status.set(Some(Rc::new(loaded)));
                }
            });
        });
    }
    let due = view
        .as_ref()
        .filter(|v| v.review.awaiting_answer() && v.review.status == "published")
        .and_then(|v| v.answer_due_at.as_deref())
        .and_then(intl::parse_ms);
    let opens = status
        .as_ref()
        .filter(|s| !s.open_now)
        .and_then(|s| s.next_open_at.as_deref())
        .and_then(intl::parse_ms)
        .filter(|opens| due.is_some_and(|due| *opens <= due));
    let due_sentence = due.map(|due| match opens {
        Some(opens) => ctx.fill(
            WMsg::OpensAnswerBy,
            &[
                ("open", &clock_time(opens, *now, lang)),
                ("due", &clock_time(due, *now, lang)),
            ],
        ),
        None if due >= *now => {
            ctx.fill(WMsg::DueIn, &[("time", &intl::countdown(due - *now, lang))])
        }
        None => ctx.fill(
            WMsg::Overdue,
            &[("time", &intl::countdown(*now - due, lang))],
        ),
    });
    let due = due.filter(|_| opens.is_none());
    // Tick once a second while a countdown is shown.
    {
        let now = now.clone();
        use_effect_with(due.is_some(), move |counting| {
            let interval = counting.then(|| Interval::new(1000, move || now.set(intl::now_ms())));
            move || drop(interval)
        });
    }

    let act = |action: AuthorAction| {
        let (ctx, tracked, busy, failed, reloads, withdraw_step) = (
            ctx.clone(),
            props.tracked.clone(),
            busy.clone(),
            failed.clone(),
            reloads.clone(),
            withdraw_step.clone(),
        );
        let (order_ref, order_date) = (order_ref.clone(), order_date.clone());
        Callback::from(move |_| {
            if action == AuthorAction::Withdraw && !*withdraw_step {
                withdraw_step.set(true);
                return;
            }
            let input = |node: &NodeRef| {
                node.cast::<HtmlInputElement>()
                    .map(|i| i.value().trim().to_owned())
                    .unwrap_or_default()
            };
            let details = (action == AuthorAction::Details).then(|| Details {
                order_ref: input(&order_ref),
                order_date: Some(input(&order_date)).filter(|d| !d.is_empty()),
            });
            if details.as_ref().is_some_and(|d| d.order_ref.is_empty()) {
                return;
            }
            busy.set(true);
            let (ctx, tracked, busy, failed, reloads) = (
                ctx.clone(),
                tracked.clone(),
                busy.clone(),
                failed.clone(),
                reloads.clone(),
            );
            yew::platform::spawn_local(async move {
                let result = ctx
                    .api
                    .author_action(&tracked.id, &tracked.token, action, details.as_ref())
                    .await;
                busy.set(false);
                failed.set(result.is_err());
                reloads.set(*reloads + 1);
            });
        })
    };
    let forget = {
        let (on_forget, id) = (props.on_forget.clone(), props.tracked.id.clone());
        Callback::from(move |_| on_forget.emit(id.clone()))
    };

    let heading_id = {
        let mut id = String::from("track-");
        id.push_str(&props.tracked.id);
        id
    };
    let title = if view.as_ref().is_some_and(|v| !v.review.is_complaint()) {
        WMsg::TrackReviewTitle
    } else {
        WMsg::TrackTitle
    };
    let private_link = ctx
        .api
        .private_link(&props.tracked.id, &props.tracked.token);
    html! {
        <section class="card" aria-labelledby={heading_id.clone()} data-id={props.tracked.id.clone()}>
            <h3 id={heading_id} tabindex="-1" ref={heading}>{ ctx.t(title) }</h3>
            if let Some(view) = view.as_ref() {
                <p class="text quote" dir="auto">{ view.review.text.clone() }</p>
                if view.review.status == "withdrawn" {
                    <p class="muted">{ ctx.t(WMsg::Withdrawn) }</p>
                } else {
                    <ul class="badges">
                        if view.review.has("resolved_confirmed") {
                            <li class="badge resolved">{ ctx.t(Msg::BadgeResolvedConfirmed) }</li>
                        } else if view.review.has("resolved_by_merchant") {
                            <li class="badge resolved">{ ctx.t(Msg::BadgeResolvedByShop) }</li>
                        } else if view.review.has("answered") {
                            <li class="badge">{ ctx.t(Msg::BadgeAnswered) }</li>
                        } else if view.review.awaiting_answer() && view.review.status == "published" {
                            <li class="badge awaiting">{ ctx.t(Msg::BadgeAwaiting) }</li>
                        }
                    </ul>
                    if view.review.status == "held" {
                        <p class="held">{ ctx.t(WMsg::HeldExplain) }</p>
                    }
                    if let Some(sentence) = due_sentence {
                        if due.is_some() {
                            <p class="countdown" role="timer" aria-live="off">{ sentence }</p>
                        } else {
                            <p class="countdown opens">{ sentence }</p>
                        }
                    }
                    { crate::widget::reader::replies(&view.review.replies, ctx.lang, ctx.t(WMsg::You))
                        .map(|list| Html::VRef(list.el().into()))
                        .unwrap_or_default() }
                    if !view.private_messages.is_empty() {
                        <div class="private">
                            <h4>{ ctx.t(WMsg::PrivateMessages) }</h4>
                            <ul class="replies">
                                { for view.private_messages.iter().map(|m| html! {
                                    <li class="reply private-message">
                                        <p class="text" dir="auto">{ m.text.clone() }</p>
                                        <p class="muted">{ m.author.clone() }</p>
                                    </li>
                                }) }
                            </ul>
                        </div>
                    }
                    if view.details_requested {
                        <div class="details">
                            <p>{ ctx.t(WMsg::DetailsAsk) }</p>
                            <div class="row">
                                <div class="field">
                                    <label for={format_id("ref", &props.tracked.id)}>{ ctx.t(WMsg::OrderLabel) }</label>
                                    <input id={format_id("ref", &props.tracked.id)} type="text" ref={order_ref.clone()} />
                                </div>
                                <div class="field">
                                    <label for={format_id("date", &props.tracked.id)}>{ ctx.t(WMsg::OrderDateLabel) }</label>
                                    <input id={format_id("date", &props.tracked.id)} type="date" ref={order_date.clone()} />
                                </div>
                            </div>
                            <button type="button" class="primary" disabled={*busy} onclick={act(AuthorAction::Details)}>{ ctx.t(WMsg::SendDetails) }</button>
                        </div>
                    }
                    if view.can_confirm || view.can_reopen {
                        <div class="resolve">
                            if view.can_confirm {
                                <p>{ ctx.t(WMsg::ResolvedAsk) }</p>
                                <button type="button" class="primary" disabled={*busy} onclick={act(AuthorAction::Confirm)}>{ ctx.t(WMsg::Confirm) }</button>
                            }
                            if view.can_reopen && view.can_confirm {
                                <button type="button" class="secondary" disabled={*busy} onclick={act(AuthorAction::Reopen)}>{ ctx.t(WMsg::Reopen) }</button>
                            } else if view.can_reopen {
                                <p>{ ctx.t(WMsg::ConfirmedReopenAsk) }</p>
                                <button type="button" class="secondary" disabled={*busy} onclick={act(AuthorAction::Reopen)}>{ ctx.t(WMsg::ReopenAgain) }</button>
                            }
                        </div>
                    }
                }
                <div class="card-actions">
                    if view.can_withdraw {
                        if *withdraw_step {
                            <p class="warn">{ ctx.t(WMsg::WithdrawSure) }</p>
                        }
                        <button type="button" class="link danger" disabled={*busy} onclick={act(AuthorAction::Withdraw)}>{ ctx.t(WMsg::Withdraw) }</button>
                    }
                    <a class="link private-link" href={private_link} target="_blank" rel="noopener noreferrer">{ ctx.t(WMsg::OpenAnywhere) }</a>
                    <button type="button" class="link" onclick={forget.clone()}>{ ctx.t(WMsg::Forget) }</button>
                </div>
            } else if !*failed {
                <p class="muted">{ ctx.t(Msg::Loading) }</p>
            }
            if *failed {
                <p class="error" role="alert">{ ctx.t(WMsg::ActionFailed) }</p>
                if view.is_none() {
                    <button type="button" class="link" onclick={forget.clone()}>{ ctx.t(WMsg::Forget) }</button>
                }
            }
        </section>
    }
}

fn format_id(kind: &str, id: &str) -> String {
    let mut out = String::from("order-");
    out.push_str(kind);
    out.push('-');
    out.push_str(id);
    out
}

/// A clock time in the shopper's zone (`17:10`), with the weekday when it is
/// not today.
fn clock_time(ms: f64, now: f64, lang: crate::core::lang::Lang) -> String {
    let day = |t: f64| intl::date(t, lang);
    if day(ms) == day(now) {
        intl::time(ms, lang)
    } else {
        intl::weekday_time(ms, lang, None)
    }
}
