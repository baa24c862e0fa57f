//! The review/complaint form with the live checker.
//!
//! While the shopper types, the core detector (the same code the server runs)
//! judges the text in the browser after a pause and its reasons appear as
//! hints in an `aria-live` region. It never blocks: a `template` verdict only
//! asks once for details before sending. The draft is kept in local storage,
//! and a submission that cannot reach the server is kept and retried.
//!
//! The form is built once (plain DOM, [`crate::widget::dom`]); the fields
//! keep what the shopper types, and only the parts that depend on the state
//! (titles, stars, errors, hints, notice, submit button) are updated.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

use super::checker::{self, Report};
use super::i18n::WMsg;
use super::stars::StarsInput;
use super::timer::Timer;
use super::{append, set_invalid, Ctx};
use crate::widget::api::ApiError;
use crate::widget::dom::h;
use crate::widget::js::{FromJs, Obj, ObjBuilder, ToJs};
use crate::widget::local;
use crate::widget::state::{Submission, Submitted};

/// Texts shorter than this (in characters) are not judged yet.
const CHECK_FROM_CHARS: usize = 12;
/// The pause in typing after which the live checker runs, in milliseconds.
const CHECK_AFTER_MILLIS: i32 = 400;
/// How often a kept submission is retried, in milliseconds.
const RETRY_MILLIS: i32 = 10_000;
/// The one-line text fields: id, autocomplete, input type.
const TEXT_FIELDS: [(&str, &str, &str); 4] = [
    ("author_name", "nickname", "text"),
    ("email", "email", "email"),
    ("order_ref", "off", "text"),
    ("order_date", "off", "date"),
];

/// What the shopper has typed, kept across reloads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// `review` or `complaint`.
    pub kind: String,
    /// 0 for none yet.
    pub rating: u8,
    /// The text.
    pub text: String,
    /// Display name.
    pub name: String,
    /// Contact e-mail.
    pub email: String,
    /// Order number.
    pub order_ref: String,
    /// Order date `YYYY-MM-DD`.
    pub order_date: String,
}

impl Draft {
    fn is_complaint(&self) -> bool {
        self.kind == "complaint"
    }

    /// The request body for this draft; `lang` is the language the text is
    /// written in, when known.
    pub fn submission(&self, product: &str, lang: Option<&str>) -> Submission {
        let some = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        Submission {
            kind: if self.is_complaint() {
                "complaint"
            } else {
                "review"
            }
            .into(),
            rating: self.rating,
            text: self.text.trim().to_owned(),
            product: some(product),
            author_name: some(&self.name),
            email: some(&self.email),
            order_ref: some(&self.order_ref),
            order_date: some(&self.order_date),
            lang: lang.map(str::to_owned),
        }
    }

    /// The one-line field `id` (see [`TEXT_FIELDS`]).
    fn field(&mut self, id: &str) -> Option<&mut String> {
        Some(match id {
            "author_name" => &mut self.name,
            "email" => &mut self.email,
            "order_ref" => &mut self.order_ref,
            "order_date" => &mut self.order_date,
            _ => return None,
        })
    }
}

impl FromJs for Draft {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(Draft {
            kind: o.str("kind"),
            rating: o.num("rating").clamp(0.0, 5.0) as u8,
            text: o.str("text"),
            name: o.str("name"),
            email: o.str("email"),
            order_ref: o.str("order_ref"),
            order_date: o.str("order_date"),
        })
    }
}

impl ToJs for Draft {
    fn to_js(&self) -> JsValue {
        ObjBuilder::new()
            .set("kind", self.kind.as_str())
            .set("rating", self.rating)
            .set("text", self.text.as_str())
            .set("name", self.name.as_str())
            .set("email", self.email.as_str())
            .set("order_ref", self.order_ref.as_str())
            .set("order_date", self.order_date.as_str())
            .build()
    }
}

fn load<T: FromJs>(ctx: &Ctx, kind: &str) -> Option<T> {
    let text = local::get(kind, &ctx.site, &ctx.product)?;
    T::from_js(&js_sys::JSON::parse(&text).ok()?)
}

fn save<T: ToJs>(ctx: &Ctx, kind: &str, value: Option<&T>) {
    let text = value
        .and_then(|v| js_sys::JSON::stringify(&v.to_js()).ok())
        .map(String::from)
        .unwrap_or_default();
    local::set(kind, &ctx.site, &ctx.product, &text);
}

/// A message shown above the submit button.
#[derive(Debug, Clone, PartialEq)]
enum Notice {
    /// Kept locally, will retry.
    Saved,
    /// A template-like text: asked once before sending.
    TemplateAsk,
    /// An error without a field.
    Error(String),
}

/// What the form shows apart from the fields' own values.
#[derive(Debug, Default)]
struct FormState {
    draft: Draft,
    pending: Option<Submission>,
    sending: bool,
    asked_template: bool,
    notice: Option<Notice>,
    /// The field with a server or validation error, and the message.
    field_error: Option<(String, String)>,
    /// What the hints region shows now.
    report: Option<Report>,
}

/// Called with the server's answer and what was sent, after it accepted a
/// submission.
pub type OnSent = Box<dyn Fn(Submitted, Submission)>;

/// The mounted form.
pub struct ReviewForm {
    ctx: Rc<Ctx>,
    /// The `<form>`.
    pub el: Element,
    heading: HtmlElement,
    text_label: Element,
    name_label: Element,
    stars: StarsInput,
    text: HtmlTextAreaElement,
    /// The `.field` wrappers of the text and one-line fields, by field id.
    fields: Vec<(&'static str, Element)>,
    hints: Element,
    notice: Element,
    submit: Element,
    /// The error paragraph on screen.
    error: RefCell<Option<Element>>,
    state: RefCell<FormState>,
    check_timer: RefCell<Option<Timer>>,
    retry_timer: RefCell<Option<Timer>>,
    on_sent: OnSent,
    weak: Weak<ReviewForm>,
    closed: Cell<bool>,
}

impl std::fmt::Debug for ReviewForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReviewForm").finish_non_exhaustive()
    }
}

impl ReviewForm {
    /// Builds the form (with the kept draft and unsent submission of this
    /// site and product) into `parent`; `focus` moves the keyboard to its
    /// heading.
    pub fn mount(ctx: Rc<Ctx>, parent: &Element, focus: bool, on_sent: OnSent) -> Rc<ReviewForm> {
        let draft = load::<Draft>(&ctx, "draft").unwrap_or_default();
        let pending = load::<Submission>(&ctx, "pending");
        let t = |msg: WMsg| ctx.t(msg);

        let heading = h("h3").attr("tabindex", "-1");
        let kind = |value: &str, msg: WMsg, checked: bool| {
            let input = h("input")
                .attr("type", "radio")
                .attr("name", "kind")
                .attr("value", value);
            input
                .0
                .unchecked_ref::<HtmlInputElement>()
                .set_checked(checked);
            h("label").child(input).text(t(msg))
        };
        let complaint = draft.is_complaint();
        let stars = StarsInput::new(&ctx, draft.rating);

        let text_label = h("label").attr("for", "text");
        let text = h("textarea")
            .attr("id", "text")
            .attr("rows", "5")
            .attr("dir", "auto");
        let text_field = h("div")
            .class("field")
            .child(text_label.clone())
            .child(
                h("p")
                    .class("help")
                    .attr("id", "text-help")
                    .text(t(WMsg::TextHelp)),
            )
            .child(text.clone());
        let mut fields = vec![("text", text_field.0.clone())];
        let mut name_label = None;
        let mut one_line = Vec::new();
        for (id, autocomplete, kind) in TEXT_FIELDS {
            let label = h("label").attr("for", id);
            let input = h("input")
                .attr("id", id)
                .attr("type", kind)
                .attr("dir", "auto")
                .attr("autocomplete", autocomplete);
            let value = match id {
                "author_name" => {
                    name_label = Some(label.0.clone());
                    &draft.name
                }
                "email" => &draft.email,
                "order_ref" => &draft.order_ref,
                _ => &draft.order_date,
            };
            input.0.unchecked_ref::<HtmlInputElement>().set_value(value);
            let label = match id {
                "email" => label.text(t(WMsg::EmailLabel)),
                "order_ref" => label.text(t(WMsg::OrderLabel)),
                "order_date" => label.text(t(WMsg::OrderDateLabel)),
                _ => label,
            };
            let field = h("div").class("field").child(label).child(input);
            fields.push((id, field.0.clone()));
            one_line.push(field);
        }
        let mut one_line = one_line.into_iter();
        let mut next = || one_line.next().unwrap_or_else(|| h("div"));
        let (name, email, order_ref, order_date) = (next(), next(), next(), next());

        let hints = h("div")
            .class("hints")
            .attr("id", "hints")
            .attr("aria-live", "polite");
        let notice = h("div")
            .class("notice")
            .attr("role", "status")
            .attr("aria-live", "polite");
        let submit = h("button").attr("type", "submit").class("primary");
        let el = h("form")
            .class("review-form")
            .attr("novalidate", "")
            .child(heading.clone())
            .child(
                h("fieldset")
                    .class("kind-choice")
                    .child(h("legend").text(t(WMsg::KindLabel)))
                    .child(kind("review", WMsg::KindReview, !complaint))
                    .child(kind("complaint", WMsg::KindComplaint, complaint)),
            )
            .child(&stars.el)
            .child(text_field)
            .child(hints.clone())
            .child(name)
            .child(email)
            .child(h("div").class("row").child(order_ref).child(order_date))
            .child(notice.clone())
            .child(submit.clone())
            .el();
        let _ = parent.append_child(&el);

        let text: HtmlTextAreaElement = text.el().unchecked_into();
        text.set_value(&draft.text);
        let form = Rc::new_cyclic(|weak| ReviewForm {
            ctx,
            el,
            heading: heading.el().unchecked_into(),
            text_label: text_label.el(),
            name_label: name_label.unwrap_or_else(|| h("label").el()),
            stars,
            text,
            fields,
            hints: hints.el(),
            notice: notice.el(),
            submit: submit.el(),
            error: RefCell::new(None),
            state: RefCell::new(FormState {
                notice: pending.as_ref().map(|_| Notice::Saved),
                pending: None,
                draft,
                ..FormState::default()
            }),
            check_timer: RefCell::new(None),
            retry_timer: RefCell::new(None),
            on_sent,
            weak: weak.clone(),
            closed: Cell::new(false),
        });
        form.render_kind();
        form.render_error();
        form.render_notice();
        form.set_pending(pending);
        form.check_now();
        if focus {
            let _ = form.heading.focus();
        }
        form
    }

    /// Stops the form's timers and removes it.
    pub fn unmount(&self) {
        self.closed.set(true);
        self.check_timer.borrow_mut().take();
        self.retry_timer.borrow_mut().take();
        self.el.remove();
    }

    /// Moves the keyboard to the form's heading.
    pub fn focus(&self) {
        let _ = self.heading.focus();
    }

    /// Handles a DOM event inside the form: typing, choices, the retry
    /// button and submission.
    pub fn on_event(&self, event: &Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        match event.type_().as_str() {
            "input" => self.on_input(&target),
            "change" => self.on_change(&target),
            "submit" => {
                event.prevent_default();
                self.on_submit();
            }
            "click" => {
                let retry = target.closest("[data-act=retry]").ok().flatten().is_some();
                let pending = self.state.borrow().pending.clone();
                if let (true, Some(submission)) = (retry, pending) {
                    self.send(submission);
                }
            }
            _ => {}
        }
    }

    fn on_input(&self, target: &Element) {
        let id = target.id();
        {
            let mut state = self.state.borrow_mut();
            if id == "text" {
                state.draft.text = self.text.value();
            } else if let (Some(field), Some(input)) =
                (state.draft.field(&id), target.dyn_ref::<HtmlInputElement>())
            {
                *field = input.value();
            } else {
                return;
            }
        }
        self.save_draft();
        if id == "text" {
            self.check_later();
        }
    }

    fn on_change(&self, target: &Element) {
        let Some(input) = target.dyn_ref::<HtmlInputElement>() else {
            return;
        };
        let value = input.value();
        match input.name().as_str() {
            "kind" => {
                self.state.borrow_mut().draft.kind = value;
                self.render_kind();
            }
            "rating" => {
                let rating = value.parse::<u8>().unwrap_or(0).min(5);
                self.state.borrow_mut().draft.rating = rating;
                self.stars.set(rating);
                self.check_later();
            }
            _ => return,
        }
        self.save_draft();
    }

    fn save_draft(&self) {
        let state = self.state.borrow();
        let draft = &state.draft;
        save(
            &self.ctx,
            "draft",
            (*draft != Draft::default()).then_some(draft),
        );
    }

    /// Runs the live checker once typing pauses.
    fn check_later(&self) {
        let weak = self.weak.clone();
        *self.check_timer.borrow_mut() = Timer::once(CHECK_AFTER_MILLIS, move || {
            if let Some(form) = weak.upgrade() {
                form.check_now();
            }
        });
    }

    /// Judges the text and shows the hints (when they changed).
    fn check_now(&self) {
        let (text, rating) = {
            let draft = &self.state.borrow().draft;
            (draft.text.clone(), draft.rating)
        };
        let report = (text.trim().chars().count() >= CHECK_FROM_CHARS)
            .then(|| checker::check(&text, (rating > 0).then_some(rating), self.ctx.lang));
        if self.state.borrow().report == report {
            return;
        }
        self.hints.set_text_content(None);
        if let Some(report) = &report {
            if report.reasons.is_empty() && report.is_specific() {
                append(
                    &self.hints,
                    h("p").class("hint-ok").text(self.ctx.t(WMsg::HintSpecific)),
                );
            } else if !report.reasons.is_empty() {
                append(
                    &self.hints,
                    h("p")
                        .class("hints-title")
                        .text(self.ctx.t(WMsg::HintsTitle)),
                );
                let mut list = h("ul");
                for reason in &report.reasons {
                    list = list.child(h("li").text(reason));
                }
                append(&self.hints, list);
            }
        }
        self.state.borrow_mut().report = report;
    }

    /// Titles that follow the review/complaint choice, and the submit button.
    fn render_kind(&self) {
        let complaint = self.state.borrow().draft.is_complaint();
        let pick = |complaint_msg, review_msg| {
            self.ctx
                .t(if complaint { complaint_msg } else { review_msg })
        };
        self.heading
            .set_text_content(Some(pick(WMsg::FormTitleComplaint, WMsg::FormTitle)));
        self.text_label
            .set_text_content(Some(pick(WMsg::TextLabelComplaint, WMsg::TextLabel)));
        self.name_label
            .set_text_content(Some(pick(WMsg::NameLabelComplaint, WMsg::NameLabel)));
        self.render_submit();
    }

    fn render_submit(&self) {
        let state = self.state.borrow();
        let label = if state.sending {
            WMsg::Sending
        } else if state.draft.is_complaint() {
            WMsg::SubmitComplaint
        } else {
            WMsg::SubmitReview
        };
        self.submit.set_text_content(Some(self.ctx.t(label)));
        let disabled = state.sending || state.pending.is_some();
        if disabled {
            let _ = self.submit.set_attribute("disabled", "");
        } else {
            let _ = self.submit.remove_attribute("disabled");
        }
    }

    /// The field error next to its field (`aria-invalid`, `aria-describedby`).
    fn render_error(&self) {
        if let Some(old) = self.error.borrow_mut().take() {
            old.remove();
        }
        let error = self.state.borrow().field_error.clone();
        let field = error.as_ref().map(|(field, _)| field.as_str());
        let mut id = String::from("err-");
        id.push_str(field.unwrap_or_default());
        let id = field.map(|_| id.as_str());
        self.stars.set_error(id.filter(|_| field == Some("rating")));
        let mut described = String::from("text-help hints");
        if let (Some("text"), Some(id)) = (field, id) {
            described.push(' ');
            described.push_str(id);
        }
        let _ = self.text.set_attribute("aria-describedby", &described);
        for (name, wrapper) in &self.fields {
            let Some(input) = wrapper.query_selector("input, textarea").ok().flatten() else {
                continue;
            };
            let here = field == Some(*name);
            set_invalid(&input, here);
            if *name != "text" {
                match id.filter(|_| here) {
                    Some(id) => {
                        let _ = input.set_attribute("aria-describedby", id);
                    }
                    None => {
                        let _ = input.remove_attribute("aria-describedby");
                    }
                }
            }
        }
        let (Some((field, message)), Some(id)) = (&error, id) else {
            return;
        };
        let p = h("p")
            .class("field-error")
            .attr("id", id)
            .text(message)
            .el();
        if field == "rating" {
            let _ = self.stars.el.after_with_node_1(&p);
        } else if let Some((_, wrapper)) = self.fields.iter().find(|(name, _)| name == field) {
            let _ = wrapper.append_child(&p);
        } else {
            return;
        }
        *self.error.borrow_mut() = Some(p);
    }

    fn render_notice(&self) {
        self.notice.set_text_content(None);
        let t = |msg| self.ctx.t(msg);
        let line = match &self.state.borrow().notice {
            Some(Notice::Saved) => h("p")
                .class("warn")
                .text(t(WMsg::NetworkSaved))
                .text(" ")
                .child(
                    h("button")
                        .attr("type", "button")
                        .class("link")
                        .attr("data-act", "retry")
                        .text(t(WMsg::SendNow)),
                ),
            Some(Notice::TemplateAsk) => h("p").class("warn").text(t(WMsg::TemplateConfirm)),
            Some(Notice::Error(message)) => h("p").class("error").text(message),
            None => return,
        };
        append(&self.notice, line);
    }

    fn set_notice(&self, notice: Option<Notice>) {
        let changed = self.state.borrow().notice != notice;
        if changed {
            self.state.borrow_mut().notice = notice;
            self.render_notice();
        }
    }

    fn set_field_error(&self, error: Option<(String, String)>) {
        let known = error.as_ref().is_none_or(|(field, _)| {
            field == "rating" || self.fields.iter().any(|(f, _)| f == field)
        });
        if !known {
            // A field this form does not show: the message goes above the
            // button instead of nowhere.
            let message = error.map(|(_, message)| message).unwrap_or_default();
            self.state.borrow_mut().field_error = None;
            self.render_error();
            self.set_notice(Some(Notice::Error(message)));
            return;
        }
        self.state.borrow_mut().field_error = error;
        self.render_error();
    }

    /// Keeps (or forgets) the submission waiting for a retry: on the device,
    /// and retried every few seconds while it waits.
    fn set_pending(&self, pending: Option<Submission>) {
        let weak = self.weak.clone();
        *self.retry_timer.borrow_mut() = pending.as_ref().and_then(|_| {
            Timer::every(RETRY_MILLIS, move || {
                let form = weak.upgrade();
                let pending = form.as_ref().and_then(|f| f.state.borrow().pending.clone());
                if let (Some(form), Some(submission)) = (form, pending) {
                    form.send(submission);
                }
            })
        });
        self.state.borrow_mut().pending = pending;
        self.render_submit();
    }

    fn on_submit(&self) {
        let (draft, asked) = {
            let state = self.state.borrow();
            (state.draft.clone(), state.asked_template)
        };
        let ctx = &self.ctx;
        if draft.rating == 0 {
            self.set_field_error(Some(("rating".into(), ctx.t(WMsg::NeedRating).into())));
            return;
        }
        if draft.text.trim().chars().count() < 3 {
            self.set_field_error(Some(("text".into(), ctx.t(WMsg::NeedText).into())));
            return;
        }
        self.set_field_error(None);
        // The text's own language (not the UI's) helps the server's check.
        let report = checker::check(&draft.text, Some(draft.rating), ctx.lang);
        if report.is_template() && !asked {
            self.state.borrow_mut().asked_template = true;
            self.set_notice(Some(Notice::TemplateAsk));
            return;
        }
        self.set_notice(None);
        self.send(draft.submission(&ctx.product, report.lang.map(|l| l.code())));
    }

    /// Sends a submission; network trouble keeps it for a retry.
    fn send(&self, submission: Submission) {
        if self.state.borrow().sending {
            return;
        }
        self.state.borrow_mut().sending = true;
        self.render_submit();
        let Some(form) = self.weak.upgrade() else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            let result = form.ctx.api.submit(&submission).await;
            form.state.borrow_mut().sending = false;
            let ctx = &form.ctx;
            match result {
                Ok(submitted) => {
                    save::<Submission>(ctx, "pending", None);
                    form.set_pending(None);
                    {
                        let mut state = form.state.borrow_mut();
                        state.draft = Draft {
                            kind: state.draft.kind.clone(),
                            ..Draft::default()
                        };
                        state.asked_template = false;
                    }
                    save::<Draft>(ctx, "draft", None);
                    form.set_field_error(None);
                    form.set_notice(None);
                    if !form.closed.get() {
                        (form.on_sent)(submitted, submission);
                    }
                }
                Err(error) if error.is_transient() => {
                    save(ctx, "pending", Some(&submission));
                    let waiting = form.state.borrow().pending.is_some();
                    if waiting {
                        form.render_submit();
                    } else {
                        form.set_pending(Some(submission));
                    }
                    form.set_notice(Some(Notice::Saved));
                }
                Err(ApiError::Http { message, field, .. }) => {
                    save::<Submission>(ctx, "pending", None);
                    form.set_pending(None);
                    match field {
                        Some(field) => {
                            form.set_notice(None);
                            form.set_field_error(Some((field, message)));
                        }
                        None => form.set_notice(Some(Notice::Error(message))),
                    }
                }
                Err(ApiError::Network) => form.render_submit(),
            }
        });
    }
}
