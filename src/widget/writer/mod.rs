//! The writer: everything a shopper uses to write — the review/complaint
//! form with the live checker and the cards that follow their complaints.
//!
//! Most shoppers only read, so this is a second wasm module
//! (`pkg/candor_write.*`, feature `writer`) that the reader (`candor.js`)
//! imports only when a shopper clicks "Write a review" or local storage shows
//! a returning writer (see [`crate::widget::local::returning_writer`]). Like
//! the reader it is plain DOM code ([`crate::widget::dom`], no framework):
//! the reader creates two slots in its shadow root and calls
//! [`mount_writer`]; the form goes into the first, the tracking cards into
//! the second. The reader forwards live review events with [`Writer::live`]
//! and reloads its list when `on_submitted` is called.

pub mod checker;
mod form;
pub mod i18n;
mod stars;
mod timer;
mod tracking_card;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement};

pub use form::{Draft, ReviewForm};
pub use stars::StarsInput;
pub use tracking_card::{Opening, TrackingCard};

use self::i18n::{Text, WMsg};
use self::timer::Timer;
use crate::core::lang::Lang;
use crate::widget::api::{Api, AuthorAction};
use crate::widget::dom::{self, H};
use crate::widget::js::FromJs;
use crate::widget::local::{self, Tracked};
use crate::widget::prop;
use crate::widget::state::{Review, Submission, Submitted};

/// What every part of one writer shares: its API client, UI language and
/// product.
#[derive(Debug, Clone, PartialEq)]
pub struct Ctx {
    /// The API of this widget's site.
    pub api: Api,
    /// The UI language.
    pub lang: Lang,
    /// The site id.
    pub site: String,
    /// The product id (may be empty: reviews of the whole shop).
    pub product: String,
}

impl Ctx {
    /// A message (of either catalogue) in the widget's language.
    pub fn t(&self, msg: impl Text) -> &'static str {
        msg.text(self.lang)
    }

    /// A message with its placeholders filled.
    pub fn fill(&self, msg: impl Text, args: &[(&str, &str)]) -> String {
        crate::core::i18n::fill(msg.text(self.lang), args)
    }
}

/// Appends `child` to `parent`.
fn append(parent: &Element, child: H) {
    let _ = parent.append_child(&child.el());
}

/// Sets `aria-invalid="true"` on `el`, or removes it.
fn set_invalid(el: &Element, invalid: bool) {
    let _ = if invalid {
        el.set_attribute("aria-invalid", "true")
    } else {
        el.remove_attribute("aria-invalid")
    };
}

/// A DOM listener with its event name.
type Listener = (&'static str, Element, Closure<dyn Fn(Event)>);

/// The mounted writer's state.
struct Inner {
    ctx: Rc<Ctx>,
    /// `div.candor-writer` in the form slot: the form or the thank-you line.
    form_root: Element,
    /// `div.candor-writer` in the cards slot: the tracking cards, newest first.
    cards_root: Element,
    form: RefCell<Option<Rc<ReviewForm>>>,
    /// The line shown after a submission, in the form's place.
    sent: RefCell<Option<Element>>,
    form_open: Cell<bool>,
    cards: RefCell<Vec<Rc<TrackingCard>>>,
    /// The shop's support status (open or closed), for the cards' deadlines.
    status: RefCell<Option<Opening>>,
    on_submitted: Option<Function>,
    on_form: Option<Function>,
    /// Ticks once a second while a card counts down.
    tick: RefCell<Option<Timer>>,
    listeners: RefCell<Vec<Listener>>,
    closed: Cell<bool>,
    weak: Weak<Inner>,
}

impl Inner {
    fn alive(weak: &Weak<Inner>) -> Option<Rc<Inner>> {
        weak.upgrade().filter(|inner| !inner.closed.get())
    }

    fn listen(&self, el: &Element, names: &[&'static str], handler: fn(&Rc<Inner>, &Event)) {
        for name in names {
            let weak = self.weak.clone();
            let closure = Closure::<dyn Fn(Event)>::new(move |event: Event| {
                if let Some(inner) = Inner::alive(&weak) {
                    handler(&inner, &event);
                }
            });
            let _ = el.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
            self.listeners
                .borrow_mut()
                .push((name, el.clone(), closure));
        }
    }

    fn on_form_event(self: &Rc<Self>, event: &Event) {
        let form = self.form.borrow().clone();
        if let Some(form) = form {
            form.on_event(event);
        }
    }

    /// Shows the form (fresh from the kept draft), or only moves the keyboard
    /// to it when it is already open.
    fn open_form(self: &Rc<Self>, focus: bool) {
        if let Some(form) = &*self.form.borrow() {
            if focus {
                form.focus();
            }
            return;
        }
        if let Some(sent) = self.sent.borrow_mut().take() {
            sent.remove();
        }
        let weak = self.weak.clone();
        let form = ReviewForm::mount(
            self.ctx.clone(),
            &self.form_root,
            focus,
            Box::new(move |submitted, submission| {
                if let Some(inner) = Inner::alive(&weak) {
                    inner.submitted(submitted, &submission);
                }
            }),
        );
        *self.form.borrow_mut() = Some(form);
        self.set_form_open(true);
    }

    fn set_form_open(&self, open: bool) {
        if self.form_open.replace(open) != open {
            self.tell_form(open);
        }
    }

    fn tell_form(&self, open: bool) {
        if let Some(on_form) = &self.on_form {
            let _ = on_form.call1(&JsValue::NULL, &JsValue::from_bool(open));
        }
    }

    /// After an accepted submission: the form closes with a thank-you line,
    /// the review is followed on this device, the reader reloads its list.
    fn submitted(self: &Rc<Self>, submitted: Submitted, submission: &Submission) {
        let complaint = submission.kind == "complaint";
        let msg = match (complaint, submitted.status == "held") {
            (true, true) => WMsg::SentHeld,
            (true, false) => WMsg::SentComplaint,
            _ => WMsg::SentReview,
        };
        if let Some(form) = self.form.borrow_mut().take() {
            form.unmount();
        }
        let line = dom::h("p")
            .class("ok sent")
            .attr("role", "status")
            .attr("tabindex", "-1")
            .text(self.ctx.t(msg))
            .el();
        let _ = self.form_root.append_child(&line);
        *self.sent.borrow_mut() = Some(line.clone());
        self.set_form_open(false);
        // Reviews are followed too: the shop may still answer one, or ask
        // for the order details.
        let mut tracked = local::tracked(&self.ctx.site);
        tracked.retain(|t| t.id != submitted.id);
        let new = Tracked {
            id: submitted.id.clone(),
            token: submitted.author_token.clone(),
        };
        tracked.push(new.clone());
        local::set_tracked(&self.ctx.site, &tracked);
        self.remove_card(&submitted.id);
        let card = self.add_card(new);
        // The keyboard goes to what answers the shopper: a complaint's card,
        // or the thank-you line.
        match line.dyn_ref::<HtmlElement>() {
            Some(_) if complaint => card.focus(),
            Some(line) => {
                let _ = line.focus();
            }
            None => {}
        }
        self.load_status();
        if let Some(notify) = &self.on_submitted {
            let _ = notify.call0(&JsValue::NULL);
        }
    }

    /// Adds a card at the top (newest first) and loads it.
    fn add_card(self: &Rc<Self>, tracked: Tracked) -> Rc<TrackingCard> {
        let card = Rc::new(TrackingCard::new(&self.ctx, tracked));
        let _ = self
            .cards_root
            .insert_before(&card.el, self.cards_root.first_child().as_ref());
        self.cards.borrow_mut().push(card.clone());
        self.load_card(&card);
        card
    }

    fn remove_card(&self, id: &str) {
        self.cards.borrow_mut().retain(|card| {
            let keep = card.tracked.id != id;
            if !keep {
                card.el.remove();
            }
            keep
        });
    }

    fn card(&self, id: &str) -> Option<Rc<TrackingCard>> {
        self.cards
            .borrow()
            .iter()
            .find(|card| card.tracked.id == id)
            .cloned()
    }

    /// (Re)loads a card's author view.
    fn load_card(self: &Rc<Self>, card: &Rc<TrackingCard>) {
        let (weak, card) = (self.weak.clone(), card.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let Some(inner) = Inner::alive(&weak) else {
                return;
            };
            let tracked = &card.tracked;
            let loaded = inner.ctx.api.author_view(&tracked.id, &tracked.token).await;
            match loaded {
                Ok(view) => {
                    card.failed.set(false);
                    *card.view.borrow_mut() = Some(view);
                }
                Err(_) => card.failed.set(true),
            }
            if !inner.closed.get() {
                inner.render_card(&card);
            }
        });
    }

    fn render_card(&self, card: &TrackingCard) {
        card.render(&self.ctx, self.status.borrow().as_ref());
        self.update_tick();
    }

    /// Loads the support status: a complaint sent while support is closed
    /// is told when it opens and when the answer is due, not a long
    /// countdown.
    fn load_status(self: &Rc<Self>) {
        let weak = self.weak.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Some(inner) = Inner::alive(&weak) else {
                return;
            };
            if let Ok(status) = inner.ctx.api.status_as::<Opening>().await {
                *inner.status.borrow_mut() = Some(status);
                let cards = inner.cards.borrow().clone();
                for card in cards.iter().filter(|c| c.view.borrow().is_some()) {
                    inner.render_card(card);
                }
            }
        });
    }

    /// Ticks once a second while any card counts down.
    fn update_tick(&self) {
        let counting = self.cards.borrow().iter().any(|card| card.counting());
        let mut tick = self.tick.borrow_mut();
        if !counting {
            tick.take();
        } else if tick.is_none() {
            let weak = self.weak.clone();
            *tick = Timer::every(1000, move || {
                if let Some(inner) = Inner::alive(&weak) {
                    for card in inner.cards.borrow().iter() {
                        card.tick(inner.ctx.lang);
                    }
                }
            });
        }
    }

    fn on_cards_click(self: &Rc<Self>, event: &Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Some(button) = target.closest("[data-act]").ok().flatten() else {
            return;
        };
        let card = button
            .closest("section.card")
            .ok()
            .flatten()
            .and_then(|section| section.get_attribute("data-id"))
            .and_then(|id| self.card(&id));
        let (Some(card), Some(act)) = (card, button.get_attribute("data-act")) else {
            return;
        };
        if act == "forget" {
            self.remove_card(&card.tracked.id);
            let next: Vec<Tracked> = local::tracked(&self.ctx.site)
                .into_iter()
                .filter(|t| t.id != card.tracked.id)
                .collect();
            local::set_tracked(&self.ctx.site, &next);
            self.update_tick();
            return;
        }
        let Some(action) = tracking_card::action(&act) else {
            return;
        };
        if action == AuthorAction::Withdraw && !card.confirm_withdraw(&self.ctx) {
            return;
        }
        let details = if action == AuthorAction::Details {
            match card.details() {
                Some(details) => Some(details),
                None => return,
            }
        } else {
            None
        };
        card.set_busy(true);
        let weak = self.weak.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Some(inner) = Inner::alive(&weak) else {
                return;
            };
            let tracked = &card.tracked;
            let result = inner
                .ctx
                .api
                .author_action(&tracked.id, &tracked.token, action, details.as_ref())
                .await;
            card.set_busy(false);
            card.failed.set(result.is_err());
            if !inner.closed.get() {
                inner.render_card(&card);
                inner.load_card(&card);
            }
        });
    }

    fn unmount(&self) {
        self.closed.set(true);
        if let Some(form) = self.form.borrow_mut().take() {
            form.unmount();
        }
        self.tick.borrow_mut().take();
        for (name, el, listener) in self.listeners.borrow_mut().drain(..) {
            let _ = el.remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        self.cards.borrow_mut().clear();
        self.form_root.remove();
        self.cards_root.remove();
    }
}

/// A mounted writer; `unmount()` removes it.
#[cfg_attr(not(feature = "panel"), wasm_bindgen)]
pub struct Writer {
    inner: Option<Rc<Inner>>,
}

#[cfg_attr(not(feature = "panel"), wasm_bindgen)]
impl Writer {
    /// A live review event's `review` object: the tracking card of that
    /// review reloads.
    pub fn live(&mut self, review: JsValue) {
        let (Some(inner), Some(review)) = (&self.inner, Review::from_js(&review)) else {
            return;
        };
        if let Some(card) = inner.card(&review.id) {
            inner.load_card(&card);
        }
    }

    /// Opens the form (the shopper pressed the write button) and moves the
    /// keyboard into it.
    pub fn open(&mut self) {
        if let Some(inner) = &self.inner {
            inner.open_form(true);
        }
    }

    /// Destroys the writer and removes its nodes from both slots.
    pub fn unmount(&mut self) {
        if let Some(inner) = self.inner.take() {
            inner.unmount();
        }
    }
}

/// Renders the writer: the form into `form_slot`, the tracking cards into
/// `cards_slot` (both inside the widget's shadow root, whose stylesheet
/// applies). `props` is `{site, product, lang, api, on_submitted, focus}`:
/// `open` false to render only the tracking cards until [`Writer::open`]
/// (default true), `on_form` a function called with `true`/`false` as the
/// form opens and closes (it closes after a submission),
/// `lang` an already-resolved code (default `en`), `api` the API base URL,
/// `on_submitted` a function called with no arguments after each accepted
/// submission, `focus` true to move keyboard focus to the form once
/// rendered.
#[cfg_attr(not(feature = "panel"), wasm_bindgen)]
pub fn mount_writer(
    form_slot: HtmlElement,
    cards_slot: HtmlElement,
    props: JsValue,
) -> Result<Writer, JsValue> {
    let get = |key: &str| Reflect::get(&props, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let site = prop(&props, "site").unwrap_or_default();
    let lang = prop(&props, "lang")
        .and_then(|code| Lang::parse(&code))
        .unwrap_or(Lang::En);
    let api = prop(&props, "api").unwrap_or_default();
    let ctx = Rc::new(Ctx {
        api: Api::new(&api, &site, lang),
        lang,
        site,
        product: prop(&props, "product").unwrap_or_default(),
    });
    let root = || dom::h("div").class("candor-writer").el();
    let (form_root, cards_root) = (root(), root());
    form_slot.append_child(&form_root)?;
    cards_slot.append_child(&cards_root)?;
    let inner = Rc::new_cyclic(|weak| Inner {
        ctx,
        form_root,
        cards_root,
        form: RefCell::new(None),
        sent: RefCell::new(None),
        form_open: Cell::new(false),
        cards: RefCell::new(Vec::new()),
        status: RefCell::new(None),
        on_submitted: get("on_submitted").dyn_into::<Function>().ok(),
        on_form: get("on_form").dyn_into::<Function>().ok(),
        tick: RefCell::new(None),
        listeners: RefCell::new(Vec::new()),
        closed: Cell::new(false),
        weak: weak.clone(),
    });
    inner.listen(
        &inner.form_root,
        &["input", "change", "click", "submit"],
        Inner::on_form_event,
    );
    inner.listen(&inner.cards_root, &["click"], Inner::on_cards_click);
    let tracked = local::tracked(&inner.ctx.site);
    for t in &tracked {
        inner.add_card(t.clone());
    }
    if !tracked.is_empty() {
        inner.load_status();
    }
    if get("open").as_bool().unwrap_or(true) {
        inner.open_form(get("focus").as_bool().unwrap_or(false));
    } else {
        // The reader learns the form's state from the start.
        inner.tell_form(false);
    }
    Ok(Writer { inner: Some(inner) })
}
