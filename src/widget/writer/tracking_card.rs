//! The card that follows a shopper's complaint: a countdown to its own answer
//! deadline, the shop's replies as they arrive, and the author's actions —
//! confirm or reopen a resolution, send the order details the shop asked
//! for, withdraw. The author token lives in local storage, so the card
//! survives reloads.
//!
//! A card's heading stays put (it may hold the keyboard); everything under
//! it is rebuilt when the author's view changes, and the countdown's text is
//! updated in place each second.

use std::cell::{Cell, RefCell};

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement};

use super::i18n::WMsg;
use super::Ctx;
use crate::core::lang::Lang;
use crate::widget::api::AuthorAction;
use crate::widget::dom::{h, H};
use crate::widget::i18n::Msg;
use crate::widget::intl;
use crate::widget::js::{FromJs, Obj, ObjBuilder, ToJs};
use crate::widget::local::Tracked;
use crate::widget::state::AuthorView;

/// The order details the shop asked for.
#[derive(Debug)]
pub struct Details {
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

/// What a card needs of the support status (`GET …/status`): whether
/// support is open and when it opens next.
#[derive(Debug, Clone, PartialEq)]
pub struct Opening {
    /// Within working hours.
    pub open_now: bool,
    /// Next opening (RFC 3339) when closed.
    pub next_open_at: Option<String>,
}

impl FromJs for Opening {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(Opening {
            open_now: o.bool("open_now"),
            next_open_at: o.opt_str("next_open_at"),
        })
    }
}

/// One followed complaint (or review).
#[derive(Debug)]
pub struct TrackingCard {
    /// The complaint and its author token.
    pub tracked: Tracked,
    /// The `<section class="card">`.
    pub el: Element,
    heading: HtmlElement,
    /// The author's view, once loaded.
    pub view: RefCell<Option<AuthorView>>,
    /// The last load or action failed.
    pub failed: Cell<bool>,
    busy: Cell<bool>,
    withdraw_step: Cell<bool>,
    /// The countdown line and its deadline, while one counts.
    countdown: RefCell<Option<(Element, f64)>>,
}

/// `order-{kind}-{id}`: the ids of a card's order detail fields.
fn field_id(kind: &str, id: &str) -> String {
    let mut out = String::from("order-");
    out.push_str(kind);
    out.push('-');
    out.push_str(id);
    out
}

fn button(class: &str, act: &str, text: &str) -> H {
    h("button")
        .attr("type", "button")
        .class(class)
        .attr("data-act", act)
        .text(text)
}

impl TrackingCard {
    /// An empty card ("Loading…") for `tracked`.
    pub fn new(ctx: &Ctx, tracked: Tracked) -> TrackingCard {
        let mut heading_id = String::from("track-");
        heading_id.push_str(&tracked.id);
        let heading = h("h3").attr("id", &heading_id).attr("tabindex", "-1");
        let el = h("section")
            .class("card")
            .attr("aria-labelledby", &heading_id)
            .attr("data-id", &tracked.id)
            .child(heading.clone())
            .el();
        let card = TrackingCard {
            tracked,
            el,
            heading: heading.el().unchecked_into(),
            view: RefCell::new(None),
            failed: Cell::new(false),
            busy: Cell::new(false),
            withdraw_step: Cell::new(false),
            countdown: RefCell::new(None),
        };
        card.render(ctx, None);
        card
    }

    /// Moves the keyboard to the card's heading.
    pub fn focus(&self) {
        let _ = self.heading.focus();
    }

    /// Whether a countdown is shown (the card wants [`TrackingCard::tick`]).
    pub fn counting(&self) -> bool {
        self.countdown.borrow().is_some()
    }

    /// Updates the countdown to the current time.
    pub fn tick(&self, lang: Lang) {
        if let Some((line, due)) = &*self.countdown.borrow() {
            line.set_text_content(Some(&countdown_text(*due, intl::now_ms(), lang)));
        }
    }

    /// Marks an action as running (its buttons are disabled meanwhile).
    pub fn set_busy(&self, busy: bool) {
        self.busy.set(busy);
        if let Ok(buttons) = self.el.query_selector_all("button[data-busy]") {
            for i in 0..buttons.length() {
                if let Some(button) = buttons.get(i).and_then(|b| b.dyn_into::<Element>().ok()) {
                    let _ = if busy {
                        button.set_attribute("disabled", "")
                    } else {
                        button.remove_attribute("disabled")
                    };
                }
            }
        }
    }

    /// The first press on "Withdraw" asks for a second one; returns whether
    /// this press is the second.
    pub fn confirm_withdraw(&self, ctx: &Ctx) -> bool {
        if self.withdraw_step.replace(true) {
            return true;
        }
        if let Some(button) = self.el.query_selector("[data-act=withdraw]").ok().flatten() {
            let warn = h("p").class("warn").text(ctx.t(WMsg::WithdrawSure)).el();
            let _ = button.before_with_node_1(&warn);
        }
        false
    }

    /// The order details typed into the card, when the order number is.
    pub fn details(&self) -> Option<Details> {
        let input = |kind: &str| {
            let mut selector = String::from("#");
            selector.push_str(&field_id(kind, &self.tracked.id));
            self.el
                .query_selector(&selector)
                .ok()
                .flatten()
                .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
                .map(|i| i.value().trim().to_owned())
                .unwrap_or_default()
        };
        let order_ref = input("ref");
        let order_date = Some(input("date")).filter(|d| !d.is_empty());
        (!order_ref.is_empty()).then_some(Details {
            order_ref,
            order_date,
        })
    }

    /// Rebuilds the card under its heading from the view, the support status
    /// and the current time. What the author typed into the card and the
    /// keyboard's place are kept.
    pub fn render(&self, ctx: &Ctx, status: Option<&Opening>) {
        // Keep typed order details and the focused control across the rebuild.
        let mut typed = Vec::new();
        if let Ok(inputs) = self.el.query_selector_all("input[id]") {
            for i in 0..inputs.length() {
                if let Some(input) = inputs
                    .get(i)
                    .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
                {
                    typed.push((input.id(), input.value()));
                }
            }
        }
        let root: JsValue = self.el.get_root_node().into();
        let focused = Reflect::get(&root, &"activeElement".into())
            .ok()
            .and_then(|el| el.dyn_into::<Element>().ok())
            .filter(|el| *el != *self.heading.as_ref() && self.el.contains(Some(el)))
            .map(|el| (el.id(), el.get_attribute("data-act").unwrap_or_default()));

        while let Some(child) = self.heading.next_sibling() {
            let _ = self.el.remove_child(&child);
        }
        *self.countdown.borrow_mut() = None;
        let view = self.view.borrow();
        let title = if view.as_ref().is_some_and(|v| !v.review.is_complaint()) {
            WMsg::TrackReviewTitle
        } else {
            WMsg::TrackTitle
        };
        self.heading.set_text_content(Some(ctx.t(title)));
        let add = |child: H| {
            let _ = self.el.append_child(&child.el());
        };
        let t = |msg: WMsg| ctx.t(msg);
        let busy = |b: H| {
            if self.busy.get() {
                b.attr("data-busy", "").attr("disabled", "")
            } else {
                b.attr("data-busy", "")
            }
        };

        if let Some(view) = view.as_ref() {
            let review = &view.review;
            add(h("p")
                .class("text quote")
                .attr("dir", "auto")
                .text(&review.text));
            if review.status == "withdrawn" {
                add(h("p").class("muted").text(t(WMsg::Withdrawn)));
            } else {
                let badge = if review.has("resolved_confirmed") {
                    Some(("badge resolved", Msg::BadgeResolvedConfirmed))
                } else if review.has("resolved_by_merchant") {
                    Some(("badge resolved", Msg::BadgeResolvedByShop))
                } else if review.has("answered") {
                    Some(("badge", Msg::BadgeAnswered))
                } else if review.awaiting_answer() && review.status == "published" {
                    Some(("badge awaiting", Msg::BadgeAwaiting))
                } else {
                    None
                };
                let mut badges = h("ul").class("badges");
                if let Some((class, msg)) = badge {
                    badges = badges.child(h("li").class(class).text(msg.text(ctx.lang)));
                }
                add(badges);
                if review.status == "held" {
                    add(h("p").class("held").text(t(WMsg::HeldExplain)));
                }
                self.render_due(ctx, view, status, &add);
                if let Some(list) =
                    crate::widget::reader::replies(&review.replies, ctx.lang, t(WMsg::You))
                {
                    add(list);
                }
                if !view.private_messages.is_empty() {
                    let mut list = h("ul").class("replies");
                    for message in &view.private_messages {
                        list = list.child(
                            h("li")
                                .class("reply private-message")
                                .child(h("p").class("text").attr("dir", "auto").text(&message.text))
                                .child(h("p").class("muted").text(&message.author)),
                        );
                    }
                    add(h("div")
                        .class("private")
                        .child(h("h4").text(t(WMsg::PrivateMessages)))
                        .child(list));
                }
                if view.details_requested {
                    let field = |kind: &str, label: WMsg, input_type: &str| {
                        let id = field_id(kind, &self.tracked.id);
                        h("div")
                            .class("field")
                            .child(h("label").attr("for", &id).text(t(label)))
                            .child(h("input").attr("id", &id).attr("type", input_type))
                    };
                    add(h("div")
                        .class("details")
                        .child(h("p").text(t(WMsg::DetailsAsk)))
                        .child(
                            h("div")
                                .class("row")
                                .child(field("ref", WMsg::OrderLabel, "text"))
                                .child(field("date", WMsg::OrderDateLabel, "date")),
                        )
                        .child(busy(button("primary", "details", t(WMsg::SendDetails)))));
                }
                if view.can_confirm || view.can_reopen {
                    let mut resolve = h("div").class("resolve");
                    if view.can_confirm {
                        resolve = resolve
                            .child(h("p").text(t(WMsg::ResolvedAsk)))
                            .child(busy(button("primary", "confirm", t(WMsg::Confirm))));
                    }
                    if view.can_reopen && view.can_confirm {
                        resolve =
                            resolve.child(busy(button("secondary", "reopen", t(WMsg::Reopen))));
                    } else if view.can_reopen {
                        resolve = resolve
                            .child(h("p").text(t(WMsg::ConfirmedReopenAsk)))
                            .child(busy(button("secondary", "reopen", t(WMsg::ReopenAgain))));
                    }
                    add(resolve);
                }
            }
            let mut actions = h("div").class("card-actions");
            if view.can_withdraw {
                if self.withdraw_step.get() {
                    actions = actions.child(h("p").class("warn").text(t(WMsg::WithdrawSure)));
                }
                actions = actions.child(busy(button("link danger", "withdraw", t(WMsg::Withdraw))));
            }
            let link = ctx.api.private_link(&self.tracked.id, &self.tracked.token);
            actions = actions
                .child(
                    h("a")
                        .class("link private-link")
                        .attr("href", &link)
                        .attr("target", "_blank")
                        .attr("rel", "noopener noreferrer")
                        .text(t(WMsg::OpenAnywhere)),
                )
                .child(button("link", "forget", t(WMsg::Forget)));
            add(actions);
        } else if !self.failed.get() {
            add(h("p").class("muted").text(ctx.t(Msg::Loading)));
        }
        if self.failed.get() {
            add(h("p")
                .class("error")
                .attr("role", "alert")
                .text(t(WMsg::ActionFailed)));
            if view.is_none() {
                add(button("link", "forget", t(WMsg::Forget)));
            }
        }

        for (id, value) in typed {
            let mut selector = String::from("#");
            selector.push_str(&id);
            if let Some(input) = self
                .el
                .query_selector(&selector)
                .ok()
                .flatten()
                .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
            {
                input.set_value(&value);
            }
        }
        if let Some((id, act)) = focused {
            let mut selector = String::new();
            if !id.is_empty() {
                selector.push('#');
                selector.push_str(&id);
            } else if !act.is_empty() {
                selector.push_str("[data-act=");
                selector.push_str(&act);
                selector.push(']');
            }
            let again = (!selector.is_empty())
                .then(|| self.el.query_selector(&selector).ok().flatten())
                .flatten()
                .and_then(|el| el.dyn_into::<HtmlElement>().ok());
            match again {
                Some(el) => {
                    let _ = el.focus();
                }
                // The control is gone (an action finished): the keyboard
                // goes to the card's heading, not to the page's start.
                None => self.focus(),
            }
        }
    }

    /// The line about when the answer comes: a countdown to the complaint's
    /// own deadline or, while support is closed, when it opens and the
    /// answer is due.
    fn render_due(&self, ctx: &Ctx, view: &AuthorView, status: Option<&Opening>, add: &dyn Fn(H)) {
        let due = Some(view)
            .filter(|v| v.review.awaiting_answer() && v.review.status == "published")
            .and_then(|v| v.answer_due_at.as_deref())
            .and_then(intl::parse_ms);
        let Some(due) = due else {
            return;
        };
        let now = intl::now_ms();
        let opens = status
            .filter(|s| !s.open_now)
            .and_then(|s| s.next_open_at.as_deref())
            .and_then(intl::parse_ms)
            .filter(|opens| *opens <= due);
        match opens {
            Some(opens) => add(h("p").class("countdown opens").text(&ctx.fill(
                WMsg::OpensAnswerBy,
                &[
                    ("open", &clock_time(opens, now, ctx.lang)),
                    ("due", &clock_time(due, now, ctx.lang)),
                ],
            ))),
            None => {
                let line = h("p")
                    .class("countdown")
                    .attr("role", "timer")
                    .attr("aria-live", "off")
                    .text(&countdown_text(due, now, ctx.lang));
                *self.countdown.borrow_mut() = Some((line.0.clone(), due));
                add(line);
            }
        }
    }
}

/// "Answer due within 9:41" or "Overdue by 0:20".
fn countdown_text(due: f64, now: f64, lang: Lang) -> String {
    if due >= now {
        crate::core::i18n::fill(
            WMsg::DueIn.text(lang),
            &[("time", &intl::countdown(due - now, lang))],
        )
    } else {
        crate::core::i18n::fill(
            WMsg::Overdue.text(lang),
            &[("time", &intl::countdown(now - due, lang))],
        )
    }
}

/// A clock time in the shopper's zone (`17:10`), with the weekday when it is
/// not today.
fn clock_time(ms: f64, now: f64, lang: Lang) -> String {
    let day = |t: f64| intl::date(t, lang);
    if day(ms) == day(now) {
        intl::time(ms, lang)
    } else {
        intl::weekday_time(ms, lang, None)
    }
}

/// The request behind a card button's `data-act`.
pub fn action(act: &str) -> Option<AuthorAction> {
    Some(match act {
        "confirm" => AuthorAction::Confirm,
        "reopen" => AuthorAction::Reopen,
        "withdraw" => AuthorAction::Withdraw,
        "details" => AuthorAction::Details,
        _ => return None,
    })
}
