//! The review/complaint form with the live checker.
//!
//! While the shopper types, the core detector (the same code the server runs)
//! judges the text in the browser after a pause and its reasons appear as
//! hints in an `aria-live` region. It never blocks: a `template` verdict only
//! asks once for details before sending. The draft is kept in local storage,
//! and a submission that cannot reach the server is kept and retried.

use std::rc::Rc;

use gloo_timers::callback::Interval;
use wasm_bindgen::JsValue;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::checker;
use super::hooks::use_debounce;
use super::i18n::WMsg;
use super::{use_ctx, Ctx, StarsInput};
use crate::widget::api::ApiError;
use crate::widget::js::{FromJs, Obj, ObjBuilder, ToJs};
use crate::widget::local;
use crate::widget::state::{Submission, Submitted};

/// Texts shorter than this (in characters) are not judged yet.
const CHECK_FROM_CHARS: usize = 12;
/// How often a kept submission is retried, in milliseconds.
const RETRY_MILLIS: u32 = 10_000;

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

/// Properties of [`ReviewForm`].
#[derive(Debug, Properties, PartialEq)]
pub struct ReviewFormProps {
    /// Called after the server accepted a submission.
    pub on_submitted: Callback<(Rc<Submitted>, Submission)>,
    /// Move keyboard focus to the form's heading once it is rendered (the
    /// shopper just asked to write).
    #[prop_or_default]
    pub focus: bool,
}

/// The form.
#[function_component(ReviewForm)]
pub fn review_form(props: &ReviewFormProps) -> Html {
    let ctx = use_ctx();
    let draft = {
        let ctx = ctx.clone();
        use_state(move || load::<Draft>(&ctx, "draft").unwrap_or_default())
    };
    let pending = {
        let ctx = ctx.clone();
        use_state(move || load::<Submission>(&ctx, "pending"))
    };
    let sending = use_state(|| false);
    let asked_template = use_state(|| false);
    let notice = use_state(|| pending.as_ref().map(|_| Notice::Saved));
    let field_error = use_state(|| None::<(String, String)>);
    let heading = use_node_ref();
    {
        let (heading, focus) = (heading.clone(), props.focus);
        use_effect_with((), move |_| {
            if let Some(heading) = heading.cast::<HtmlElement>().filter(|_| focus) {
                let _ = heading.focus();
            }
        });
    }

    // The live checker judges the text once typing settles.
    let settled = use_debounce((draft.text.clone(), draft.rating), 400);
    let report = use_memo((settled, ctx.lang), |((text, rating), lang)| {
        (text.trim().chars().count() >= CHECK_FROM_CHARS)
            .then(|| checker::check(text, (*rating > 0).then_some(*rating), *lang))
    });

    // Keep the draft on the device.
    {
        let ctx = ctx.clone();
        use_effect_with((*draft).clone(), move |draft| {
            save(&ctx, "draft", (draft != &Draft::default()).then_some(draft));
        });
    }

    // Sends a submission; network trouble keeps it for a retry.
    let send = {
        let ctx = ctx.clone();
        let (draft, pending, sending, notice, field_error, asked_template) = (
            draft.clone(),
            pending.clone(),
            sending.clone(),
            notice.clone(),
            field_error.clone(),
            asked_template.clone(),
        );
        let on_submitted = props.on_submitted.clone();
        Callback::from(move |submission: Submission| {
            if *sending {
                return;
            }
            sending.set(true);
            let ctx = ctx.clone();
            let (draft, pending, sending, notice, field_error, asked_template) = (
                draft.clone(),
                pending.clone(),
                sending.clone(),
                notice.clone(),
                field_error.clone(),
                asked_template.clone(),
            );
            let on_submitted = on_submitted.clone();
            yew::platform::spawn_local(async move {
                let result = ctx.api.submit(&submission).await;
                sending.set(false);
                match result {
                    Ok(submitted) => {
                        save::<Submission>(&ctx, "pending", None);
                        pending.set(None);
                        draft.set(Draft {
                            kind: draft.kind.clone(),
                            ..Draft::default()
                        });
                        // Cleared here too: the form closes on success and
                        // its draft effect may not run again.
                        save::<Draft>(&ctx, "draft", None);
                        asked_template.set(false);
                        field_error.set(None);
                        notice.set(None);
                        on_submitted.emit((Rc::new(submitted), submission));
                    }
                    Err(error) if error.is_transient() => {
                        save(&ctx, "pending", Some(&submission));
                        pending.set(Some(submission));
                        notice.set(Some(Notice::Saved));
                    }
                    Err(ApiError::Http { message, field, .. }) => {
                        save::<Submission>(&ctx, "pending", None);
                        pending.set(None);
                        match field {
                            Some(field) => {
                                notice.set(None);
                                field_error.set(Some((field, message)));
                            }
                            None => notice.set(Some(Notice::Error(message))),
                        }
                    }
                    Err(ApiError::Network) => {}
                }
            });
        })
    };

    // Retry a kept submission every few seconds while it is pending.
    {
        let send = send.clone();
        use_effect_with((*pending).clone(), move |pending| {
            let interval = pending.clone().map(|submission| {
                Interval::new(RETRY_MILLIS, move || send.emit(submission.clone()))
            });
            move || drop(interval)
        });
    }

    let onsubmit = {
        let (ctx, draft, send, notice, field_error, asked_template) = (
            ctx.clone(),
            draft.clone(),
            send.clone(),
            notice.clone(),
            field_error.clone(),
            asked_template.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if draft.rating == 0 {
                field_error.set(Some(("rating".into(), ctx.t(WMsg::NeedRating).into())));
                return;
            }
            if draft.text.trim().chars().count() < 3 {
                field_error.set(Some(("text".into(), ctx.t(WMsg::NeedText).into())));
                return;
            }
            field_error.set(None);
            // The text's own language (not the UI's) helps the server's check.
            let report = checker::check(&draft.text, Some(draft.rating), ctx.lang);
            if report.is_template() && !*asked_template {
                asked_template.set(true);
                notice.set(Some(Notice::TemplateAsk));
                return;
            }
            notice.set(None);
            send.emit(draft.submission(&ctx.product, report.lang.map(|l| l.code())));
        })
    };

    // Field setters.
    let edit = |apply: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            let value = match event.target_dyn_into::<HtmlTextAreaElement>() {
                Some(area) => area.value(),
                None => event.target_unchecked_into::<HtmlInputElement>().value(),
            };
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    let set_kind = |kind: &'static str| {
        let draft = draft.clone();
        Callback::from(move |_| {
            draft.set(Draft {
                kind: kind.into(),
                ..(*draft).clone()
            })
        })
    };
    let on_rating = {
        let draft = draft.clone();
        Callback::from(move |rating| {
            draft.set(Draft {
                rating,
                ..(*draft).clone()
            })
        })
    };
    let retry_now = {
        let (send, pending) = (send.clone(), pending.clone());
        Callback::from(move |_| {
            if let Some(submission) = (*pending).clone() {
                send.emit(submission);
            }
        })
    };

    let error_for = |field: &str| {
        field_error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, message)| message.clone())
    };
    let error_id = |field: &str| error_for(field).map(|_| AttrValue::from(format_id(field)));
    let error_html = |field: &str| match error_for(field) {
        Some(message) => html! { <p class="field-error" id={format_id(field)}>{message}</p> },
        None => Html::default(),
    };
    let text_field = |field: &'static str,
                      label: WMsg,
                      kind: &'static str,
                      value: &str,
                      apply: fn(&mut Draft, String),
                      autocomplete: &'static str| {
        html! {
            <div class="field">
                <label for={field}>{ ctx.t(label) }</label>
                <input id={field} type={kind} value={value.to_owned()} dir="auto"
                    autocomplete={autocomplete}
                    aria-invalid={error_for(field).map(|_| "true")}
                    aria-describedby={error_id(field)}
                    oninput={edit(apply)} />
                { error_html(field) }
            </div>
        }
    };

    let complaint = draft.is_complaint();
    html! {
        <form class="review-form" onsubmit={onsubmit} novalidate=true>
            <h3 tabindex="-1" ref={heading}>{ ctx.t(if complaint { WMsg::FormTitleComplaint } else { WMsg::FormTitle }) }</h3>
            <fieldset class="kind-choice">
                <legend>{ ctx.t(WMsg::KindLabel) }</legend>
                <label><input type="radio" name="kind" value="review" checked={!complaint} onchange={set_kind("review")} />{ ctx.t(WMsg::KindReview) }</label>
                <label><input type="radio" name="kind" value="complaint" checked={complaint} onchange={set_kind("complaint")} />{ ctx.t(WMsg::KindComplaint) }</label>
            </fieldset>
            <StarsInput value={draft.rating} on_change={on_rating} error_id={error_id("rating")} />
            { error_html("rating") }
            <div class="field">
                <label for="text">{ ctx.t(if complaint { WMsg::TextLabelComplaint } else { WMsg::TextLabel }) }</label>
                <p class="help" id="text-help">{ ctx.t(WMsg::TextHelp) }</p>
                <textarea id="text" rows="5" dir="auto" value={draft.text.clone()}
                    aria-describedby={match error_id("text") { Some(id) => AttrValue::from(format!("text-help hints {id}")), None => AttrValue::from("text-help hints") }}
                    aria-invalid={error_for("text").map(|_| "true")}
                    oninput={edit(|d, v| d.text = v)}></textarea>
                { error_html("text") }
            </div>
            <div class="hints" id="hints" aria-live="polite">
                if let Some(report) = report.as_ref() {
                    if report.reasons.is_empty() && report.is_specific() {
                        <p class="hint-ok">{ ctx.t(WMsg::HintSpecific) }</p>
                    } else if !report.reasons.is_empty() {
                        <p class="hints-title">{ ctx.t(WMsg::HintsTitle) }</p>
                        <ul>{ for report.reasons.iter().map(|r| html! { <li>{ *r }</li> }) }</ul>
                    }
                }
            </div>
            { text_field("author_name", if complaint { WMsg::NameLabelComplaint } else { WMsg::NameLabel }, "text", &draft.name, |d, v| d.name = v, "nickname") }
            { text_field("email", WMsg::EmailLabel, "email", &draft.email, |d, v| d.email = v, "email") }
            <div class="row">
                { text_field("order_ref", WMsg::OrderLabel, "text", &draft.order_ref, |d, v| d.order_ref = v, "off") }
                { text_field("order_date", WMsg::OrderDateLabel, "date", &draft.order_date, |d, v| d.order_date = v, "off") }
            </div>
            <div class="notice" role="status" aria-live="polite">
                { match &*notice {
                    Some(Notice::Saved) => html! {
                        <p class="warn">{ ctx.t(WMsg::NetworkSaved) }{" "}
                            <button type="button" class="link" onclick={retry_now}>{ ctx.t(WMsg::SendNow) }</button>
                        </p>
                    },
                    Some(Notice::TemplateAsk) => html! { <p class="warn">{ ctx.t(WMsg::TemplateConfirm) }</p> },
                    Some(Notice::Error(message)) => html! { <p class="error">{ message.clone() }</p> },
                    None => Html::default(),
                } }
            </div>
            <button type="submit" class="primary" disabled={*sending || pending.is_some()}>
                { ctx.t(if *sending { WMsg::Sending } else if complaint { WMsg::SubmitComplaint } else { WMsg::SubmitReview }) }
            </button>
        </form>
    }
}

fn format_id(field: &str) -> String {
    let mut id = String::from("err-");
    id.push_str(field);
    id
}
