//! One review opened in the drawer: the shopper's words (as text), private
//! contact fields, the thread, the reply editor with the core reply checker
//! running as the merchant types, and the moderation actions.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::core::lang::Lang;
use crate::core::reply_check::{check_reply, ReplyContext};
use crate::core::topic::{Priority, Topic};
use crate::panel::api::{Action, Api};
use crate::panel::i18n::{fill, Msg, HIDE_REASONS, OTHER_REVIEWS};
use crate::panel::inject::Intent;
use crate::panel::state::{ActionDone, Offer, QueueItem, SavedReply};
use crate::widget::intl;

use super::error_text;
use super::queue::{star_row, status_badges, triage_labels, DueBadge};

/// The action forms that need a note or reason before applying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Take private.
    Private,
    /// Mark resolved.
    Resolve,
    /// Request order details.
    Details,
    /// Stop engaging.
    StopEngaging,
    /// Hide for abuse.
    Hide,
    /// Ban.
    Ban,
}

impl Form {
    fn label(self) -> Msg {
        match self {
            Form::Private => Msg::TakePrivate,
            Form::Resolve => Msg::MarkResolved,
            Form::Details => Msg::RequestDetails,
            Form::StopEngaging => Msg::StopEngaging,
            Form::Hide => Msg::Hide,
            Form::Ban => Msg::Ban,
        }
    }
}

/// Props of [`Detail`].
#[derive(Properties, PartialEq)]
pub struct DetailProps {
    /// UI language.
    pub lang: Lang,
    /// The API.
    pub api: Api,
    /// The review id.
    pub id: String,
    /// The item, when the queue has it.
    pub item: Option<QueueItem>,
    /// Now (Unix ms).
    pub now: f64,
    /// The merchant's display name (the checker looks for a signature).
    pub replier: String,
    /// What the in-page button asked for.
    pub intent: Option<Intent>,
    /// Back to the queue.
    pub on_back: Callback<()>,
    /// An action succeeded: `(its label, the answer)`.
    pub on_done: Callback<(Msg, ActionDone)>,
}

/// The opened review.
#[function_component(Detail)]
pub fn detail(props: &DetailProps) -> Html {
    let lang = props.lang;
    let reply = use_state(String::new);
    let form = use_state(|| match props.intent {
        Some(Intent::Resolve) => Some(Form::Resolve),
        Some(Intent::Hide) => Some(Form::Hide),
        _ => None,
    });
    let note = use_state(String::new);
    let extra = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let editor = use_node_ref();
    let history = use_state(|| None::<Result<Vec<QueueItem>, String>>);
    {
        let (api, history) = (props.api.clone(), history.clone());
        use_effect_with(props.id.clone(), move |id| {
            history.set(None);
            let id = id.clone();
            spawn_local(async move {
                history.set(Some(
                    api.history(&id).await.map_err(|e| error_text(&e, lang)),
                ));
            });
        });
    }
    let saved = use_state(|| None::<Result<Vec<SavedReply>, String>>);
    let saved_generation = use_state(|| 0u32);
    {
        let (api, saved) = (props.api.clone(), saved.clone());
        use_effect_with(*saved_generation, move |_| {
            spawn_local(async move {
                saved.set(Some(
                    api.saved_replies().await.map_err(|e| error_text(&e, lang)),
                ));
            });
        });
    }
    let saved_title = use_state(String::new);
    // The saved reply inserted last: the one Update and Delete act on.
    let saved_current = use_state(|| None::<i64>);
    let saved_confirm = use_state(|| false);
    let saved_busy = use_state(|| false);
    let saved_status = use_state(String::new);
    let delete_toggle = use_node_ref();
    let topic_choice = use_state(|| {
        props
            .item
            .as_ref()
            .and_then(|i| i.topic.clone())
            .unwrap_or_default()
    });
    let priority_choice = use_state(|| {
        props
            .item
            .as_ref()
            .and_then(|i| i.priority.clone())
            .unwrap_or_default()
    });
    {
        let (editor, form_ref) = (editor.clone(), *form);
        use_effect_with(props.id.clone(), move |_| {
            if form_ref.is_none() {
                if let Some(area) = editor.cast::<HtmlTextAreaElement>() {
                    let _ = area.focus();
                }
            }
        });
    }
    {
        let (form, intent) = (form.clone(), props.intent);
        use_effect_with((props.id.clone(), intent), move |(_, intent)| {
            form.set(match intent {
                Some(Intent::Resolve) => Some(Form::Resolve),
                Some(Intent::Hide) => Some(Form::Hide),
                _ => None,
            });
        });
    }

    let run = {
        let (api, id, busy, error, on_done) = (
            props.api.clone(),
            props.id.clone(),
            busy.clone(),
            error.clone(),
            props.on_done.clone(),
        );
        let (reply, form, note, extra) = (reply.clone(), form.clone(), note.clone(), extra.clone());
        Callback::from(move |(label, action): (Msg, Action)| {
            let (api, id, busy, error, on_done) = (
                api.clone(),
                id.clone(),
                busy.clone(),
                error.clone(),
                on_done.clone(),
            );
            let (reply, form, note, extra) =
                (reply.clone(), form.clone(), note.clone(), extra.clone());
            busy.set(true);
            spawn_local(async move {
                let result = api.act(&id, &action).await;
                busy.set(false);
                match result {
                    Ok(done) => {
                        error.set(None);
                        if matches!(action, Action::Reply { .. }) {
                            reply.set(String::new());
                        }
                        form.set(None);
                        note.set(String::new());
                        extra.set(String::new());
                        on_done.emit((label, done));
                    }
                    Err(e) => error.set(Some(error_text(&e, lang))),
                }
            });
        })
    };

    let complaint_lang = props
        .item
        .as_ref()
        .and_then(|i| i.lang.as_deref())
        .and_then(Lang::parse);
    let ctx = ReplyContext {
        replier_name: (!props.replier.is_empty()).then(|| props.replier.clone()),
        shop_name: None,
        complaint_lang,
    };
    let report = (!reply.trim().is_empty())
        .then(|| check_reply(&reply, complaint_lang.or(Some(lang)), &ctx));

    let on_reply_input = {
        let reply = reply.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                reply.set(area.value());
            }
        })
    };
    let send_reply = {
        let (reply, run) = (reply.clone(), run.clone());
        Callback::from(move |_: MouseEvent| {
            if !reply.trim().is_empty() {
                run.emit((
                    Msg::SendReply,
                    Action::Reply {
                        text: (*reply).clone(),
                    },
                ));
            }
        })
    };

    let pick_saved = {
        let (reply, saved, title, current, confirm, status) = (
            reply.clone(),
            saved.clone(),
            saved_title.clone(),
            saved_current.clone(),
            saved_confirm.clone(),
            saved_status.clone(),
        );
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            if let Some(Ok(list)) = &*saved {
                if let Some(found) = list.iter().find(|r| r.id.to_string() == select.value()) {
                    reply.set(found.text.clone());
                    title.set(found.title.clone());
                    current.set(Some(found.id));
                    confirm.set(false);
                    status.set(String::new());
                }
            }
            select.set_value("");
        })
    };
    // The inserted saved reply, while the list still has it.
    let current_saved = match (&*saved, *saved_current) {
        (Some(Ok(list)), Some(id)) => list.iter().find(|r| r.id == id).cloned(),
        _ => None,
    };
    let update_saved = {
        let (api, reply, title, error, generation, busy, status) = (
            props.api.clone(),
            reply.clone(),
            saved_title.clone(),
            error.clone(),
            saved_generation.clone(),
            saved_busy.clone(),
            saved_status.clone(),
        );
        let id = current_saved.as_ref().map(|r| r.id);
        Callback::from(move |_: MouseEvent| {
            let Some(id) = id else { return };
            if title.trim().is_empty() || reply.trim().is_empty() {
                error.set(Some(Msg::SavedTitle.text(lang).to_owned()));
                return;
            }
            let (api, title, text, error, generation, busy, status) = (
                api.clone(),
                (*title).clone(),
                (*reply).clone(),
                error.clone(),
                generation.clone(),
                busy.clone(),
                status.clone(),
            );
            busy.set(true);
            status.set(String::new());
            spawn_local(async move {
                let result = api.update_saved_reply(id, &title, &text).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        error.set(None);
                        status.set(Msg::SavedUpdated.text(lang).to_owned());
                        generation.set(*generation + 1);
                    }
                    Err(e) => error.set(Some(error_text(&e, lang))),
                }
            });
        })
    };
    let toggle_delete_saved = {
        let (confirm, error, status) = (saved_confirm.clone(), error.clone(), saved_status.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            status.set(String::new());
            confirm.set(!*confirm);
        })
    };
    let cancel_delete_saved = {
        let (confirm, toggle) = (saved_confirm.clone(), delete_toggle.clone());
        move || {
            confirm.set(false);
            if let Some(button) = toggle.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    };
    let on_cancel_delete = {
        let cancel = cancel_delete_saved.clone();
        Callback::from(move |_: MouseEvent| cancel())
    };
    let on_confirm_keydown = {
        let cancel = cancel_delete_saved.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                e.stop_propagation();
                cancel();
            }
        })
    };
    let delete_saved = {
        let (api, title, current, confirm, error, generation, busy, status) = (
            props.api.clone(),
            saved_title.clone(),
            saved_current.clone(),
            saved_confirm.clone(),
            error.clone(),
            saved_generation.clone(),
            saved_busy.clone(),
            saved_status.clone(),
        );
        let id = current_saved.as_ref().map(|r| r.id);
        Callback::from(move |_: MouseEvent| {
            let Some(id) = id else { return };
            let (api, title, current, confirm, error, generation, busy, status) = (
                api.clone(),
                title.clone(),
                current.clone(),
                confirm.clone(),
                error.clone(),
                generation.clone(),
                busy.clone(),
                status.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = api.delete_saved_reply(id).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        error.set(None);
                        confirm.set(false);
                        current.set(None);
                        title.set(String::new());
                        status.set(Msg::SavedDeleted.text(lang).to_owned());
                        generation.set(*generation + 1);
                    }
                    Err(e) => error.set(Some(error_text(&e, lang))),
                }
            });
        })
    };
    let save_as_saved = {
        let (api, reply, title, error, generation) = (
            props.api.clone(),
            reply.clone(),
            saved_title.clone(),
            error.clone(),
            saved_generation.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (api, reply, title, error, generation) = (
                api.clone(),
                reply.clone(),
                title.clone(),
                error.clone(),
                generation.clone(),
            );
            if title.trim().is_empty() || reply.trim().is_empty() {
                error.set(Some(Msg::SavedTitle.text(lang).to_owned()));
                return;
            }
            spawn_local(async move {
                match api.save_reply(&title, &reply).await {
                    Ok(_) => {
                        title.set(String::new());
                        error.set(None);
                        generation.set(*generation + 1);
                    }
                    Err(e) => error.set(Some(error_text(&e, lang))),
                }
            });
        })
    };
    let on_title = {
        let title = saved_title.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                title.set(i.value());
            }
        })
    };
    let choose = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                state.set(s.value());
            }
        })
    };
    let save_triage = {
        let (run, topic, priority) = (run.clone(), topic_choice.clone(), priority_choice.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit((
                Msg::Triage,
                Action::Triage {
                    topic: (*topic).clone(),
                    priority: (*priority).clone(),
                },
            ));
        })
    };

    let open_form = |f: Form| {
        let (form, error) = (form.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            form.set(if *form == Some(f) { None } else { Some(f) });
        })
    };
    let direct = |label: Msg, action: Action| {
        let run = run.clone();
        Callback::from(move |_: MouseEvent| run.emit((label, action.clone())))
    };

    let item = props.item.as_ref();
    let review = item.map(|i| &i.review);
    let offers = item.map(QueueItem::offers).unwrap_or_default();

    // Escape leaves the review for the queue (an open action form takes
    // Escape first and closes itself; in the reply editor it does nothing,
    // so a draft is never lost to a stray key).
    let on_escape = {
        let back = props.on_back.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && e.target_dyn_into::<HtmlTextAreaElement>().is_none() {
                e.prevent_default();
                back.emit(());
            }
        })
    };
    html! {
        <section class="detail" aria-labelledby="candor-detail-title" onkeydown={on_escape}>
            <button type="button" class="link" onclick={props.on_back.reform(|_: MouseEvent| ())}>
                { "← " }{ Msg::Back.text(lang) }
            </button>
            <h3 id="candor-detail-title">
                { review.map(|r| if r.is_complaint() { Msg::Complaint } else { Msg::Review }).unwrap_or(Msg::Review).text(lang) }
                if let Some(r) = review {
                    // The space stays outside the image, so the heading reads
                    // "Complaint 1 of 5 stars", not "Complaint1 of 5 stars".
                    { " " }
                    <span class="stars" role="img" aria-label={fill(Msg::Stars, lang, &[("n", &intl::number(f64::from(r.rating), lang, 0))])}>
                        { star_row(r.rating) }
                    </span>
                }
            </h3>
            if let Some(item) = item {
                <div class="item-head">
                    <bdi>{ item.review.author_name.clone().unwrap_or_else(|| Msg::Anonymous.text(lang).to_owned()) }</bdi>
                    <span class="muted">{ intl::parse_ms(&item.review.created_at).map(|ms| intl::date_time(ms, lang, &[("dateStyle", "medium"), ("timeStyle", "short")])).unwrap_or_default() }</span>
                    { triage_labels(item, lang) }
                </div>
                if let (true, Some(due)) = (item.is_open(), item.answer_due_at.clone()) {
                    <DueBadge {due} now={props.now} {lang} />
                }
                <p class="text" dir="auto">{ item.review.text.clone() }</p>
                if item.email.is_some() || item.order_ref.is_some() {
                    <p class="muted private">{ fill(Msg::Private, lang, &[("what", &[item.email.clone(), item.order_ref.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · "))]) }</p>
                }
                if item.history_count > 0 {
                    <p class="muted">{ crate::widget::i18n::count(&OTHER_REVIEWS, f64::from(item.history_count), lang) }</p>
                }
                <div class="badges">
                    { for status_badges(item, lang).into_iter().map(|(text, class)| html! { <span {class}>{ text }</span> }) }
                </div>
                <ol class="thread">
                    { for item.review.replies.iter().map(|r| html! {
                        <li class={classes!((r.kind == "resolution").then_some("resolution"))}>
                            if r.kind == "resolution" {
                                <span class="resolution-label">{ Msg::ResolutionNoteLabel.text(lang) }</span>{ " · " }
                            }
                            <strong><bdi>{ r.author.clone() }</bdi></strong>{ ": " }<span dir="auto">{ r.text.clone() }</span>
                        </li>
                    }) }
                </ol>
            }

            <h4>{ Msg::History.text(lang) }</h4>
            <div class="history">
                { match &*history {
                    None => html! { <p class="muted">{ Msg::Loading.text(lang) }</p> },
                    Some(Err(message)) => html! { <p class="muted">{ message.clone() }</p> },
                    Some(Ok(list)) if list.is_empty() => html! { <p class="muted">{ Msg::NoHistory.text(lang) }</p> },
                    Some(Ok(list)) => html! {
                        <ul>
                            { for list.iter().map(|h| html! {
                                <li>
                                    <span class="stars" aria-label={fill(Msg::Stars, lang, &[("n", &intl::number(f64::from(h.review.rating), lang, 0))])}>{ star_row(h.review.rating) }</span>
                                    { " " }
                                    <span class="muted">{ intl::parse_ms(&h.review.created_at).map(|ms| intl::date(ms, lang)).unwrap_or_default() }</span>
                                    { " " }
                                    <span dir="auto">{ h.review.text.chars().take(120).collect::<String>() }</span>
                                </li>
                            }) }
                        </ul>
                    },
                } }
            </div>

            <form class="triage" onsubmit={save_triage}>
                <h4>{ Msg::Triage.text(lang) }</h4>
                <label for="candor-topic">{ Msg::Topic.text(lang) }</label>
                <select id="candor-topic" onchange={choose(&topic_choice)}>
                    <option value="" selected={topic_choice.is_empty()}>{ "—" }</option>
                    { for Topic::ALL.iter().map(|t| html! {
                        <option value={t.code()} selected={*topic_choice == t.code()}>{ t.text(lang) }</option>
                    }) }
                </select>
                <label for="candor-prio">{ Msg::Priority.text(lang) }</label>
                <select id="candor-prio" onchange={choose(&priority_choice)}>
                    <option value="" selected={priority_choice.is_empty()}>{ "—" }</option>
                    { for Priority::ALL.iter().rev().map(|p| html! {
                        <option value={p.code()} selected={*priority_choice == p.code()}>{ p.text(lang) }</option>
                    }) }
                </select>
                <button type="submit" disabled={*busy}>{ Msg::Save.text(lang) }</button>
            </form>

            if let Some(Ok(list)) = &*saved {
                if !list.is_empty() {
                    <label for="candor-saved">{ Msg::SavedReplies.text(lang) }</label>
                    <select id="candor-saved" onchange={pick_saved}>
                        <option value="">{ Msg::InsertSaved.text(lang) }</option>
                        { for list.iter().map(|r| html! { <option value={r.id.to_string()}>{ r.title.clone() }</option> }) }
                    </select>
                }
            }
            <label for="candor-reply">{ Msg::ReplyLabel.text(lang) }</label>
            <textarea id="candor-reply" ref={editor} rows="6" value={(*reply).clone()} oninput={on_reply_input}
                aria-describedby="candor-checker"></textarea>
            <div id="candor-checker" class="checker" aria-live="polite">
                if let Some(report) = &report {
                    if report.ok {
                        <p class="ok">{ Msg::CheckerOk.text(lang) }</p>
                    } else {
                        <p><strong>{ Msg::CheckerIssues.text(lang) }</strong></p>
                    }
                    <ul class="issues">
                        { for report.issues.iter().map(|issue| html! {
                            <li data-issue={issue.code()}>{ issue.text(lang) }</li>
                        }) }
                    </ul>
                    if !report.strengths.is_empty() {
                        <p class="ok">
                            { Msg::CheckerGood.text(lang) }{ " " }
                            { report.strengths.iter().map(|s| s.text(lang)).collect::<Vec<_>>().join(" · ") }
                        </p>
                    }
                }
            </div>
            <div class="row">
                <button type="button" class="primary send" disabled={*busy || reply.trim().is_empty()} onclick={send_reply}>
                    { if report.as_ref().is_some_and(|r| !r.ok) { Msg::SendAnyway.text(lang) } else { Msg::SendReply.text(lang) } }
                </button>
            </div>

            if saved.as_ref().is_some_and(|r| r.is_ok()) && (!reply.trim().is_empty() || current_saved.is_some()) {
                <div class="row">
                    <label class="visually-hidden" for="candor-saved-title">{ Msg::SavedTitle.text(lang) }</label>
                    <input id="candor-saved-title" class="grow" type="text" placeholder={Msg::SavedTitle.text(lang)}
                        value={(*saved_title).clone()} oninput={on_title} />
                    <button type="button" onclick={save_as_saved}>{ Msg::SaveAsSaved.text(lang) }</button>
                </div>
            }
            if let Some(current) = &current_saved {
                <div class="row saved-current" data-saved-id={current.id.to_string()}>
                    <span class="grow">
                        <span class="muted">{ Msg::SavedInEditor.text(lang) }</span>{ " " }
                        <strong><bdi>{ current.title.clone() }</bdi></strong>
                    </span>
                    <button type="button" class="update-saved" disabled={*saved_busy || reply.trim().is_empty()}
                        onclick={update_saved}>{ Msg::UpdateSaved.text(lang) }</button>
                    <button type="button" class="danger delete-saved" ref={delete_toggle}
                        aria-expanded={(*saved_confirm).to_string()}
                        onclick={toggle_delete_saved}>{ Msg::DeleteSaved.text(lang) }</button>
                </div>
                if *saved_confirm {
                    <div id="candor-saved-confirm" class="confirm" role="group"
                        aria-labelledby="candor-saved-confirm-text" onkeydown={on_confirm_keydown}>
                        <p id="candor-saved-confirm-text">{ Msg::DeleteSavedConfirm.text(lang) }</p>
                        <div class="row">
                            <button type="button" class="primary danger confirm-delete-saved" disabled={*saved_busy}
                                onclick={delete_saved}>{ Msg::Delete.text(lang) }</button>
                            <button type="button" onclick={on_cancel_delete}>{ Msg::Cancel.text(lang) }</button>
                        </div>
                    </div>
                }
            }
            <p class="ok saved-status" role="status">{ (*saved_status).clone() }</p>

            <h4>{ Msg::Actions.text(lang) }</h4>
            // Only what the item's state and kind allow (the core's state
            // machine, `QueueItem::offers`).
            <div class="actions">
                { for offers.iter().map(|offer| {
                    let with_form = |f: Form| html! {
                        <button type="button" aria-expanded={(*form == Some(f)).to_string()} onclick={open_form(f)}>{ f.label().text(lang) }</button>
                    };
                    let now = |label: Msg, action: Action| html! {
                        <button type="button" onclick={direct(label, action)}>{ label.text(lang) }</button>
                    };
                    match offer {
                        Offer::TakePrivate => with_form(Form::Private),
                        Offer::Resolve => with_form(Form::Resolve),
                        Offer::RequestDetails => with_form(Form::Details),
                        Offer::OrderNotFound => now(Msg::OrderNotFound, Action::OrderNotFound),
                        Offer::StopEngaging => with_form(Form::StopEngaging),
                        Offer::Hide => with_form(Form::Hide),
                        Offer::Ban => with_form(Form::Ban),
                        Offer::Reopen => now(Msg::Reopen, Action::Reopen),
                        Offer::Release => now(Msg::Release, Action::Release),
                    }
                }) }
            </div>
            if let Some(f) = *form {
                { action_form(f, lang, &note, &extra, &form, &run, &error, *busy) }
            }
            if let Some(message) = (*error).clone() {
                <p class="error" role="alert">{ message }</p>
            }
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn action_form(
    f: Form,
    lang: Lang,
    note: &UseStateHandle<String>,
    extra: &UseStateHandle<String>,
    form: &UseStateHandle<Option<Form>>,
    run: &Callback<(Msg, Action)>,
    error: &UseStateHandle<Option<String>>,
    busy: bool,
) -> Html {
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                state.set(i.value());
            } else if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                state.set(t.value());
            }
        })
    };
    let pick = {
        let note = note.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                note.set(s.value());
            }
        })
    };
    let onkeydown = {
        let form = form.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                e.stop_propagation();
                form.set(None);
            }
        })
    };
    let onsubmit = {
        let (note, extra, run, error) = (note.clone(), extra.clone(), run.clone(), error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (n, x) = ((*note).clone(), (*extra).clone());
            let required = match f {
                Form::Resolve => Some(Msg::NoteRequired),
                Form::Hide | Form::Ban => Some(Msg::ReasonRequired),
                _ => None,
            };
            if let (Some(msg), true) = (required, n.trim().is_empty()) {
                error.set(Some(msg.text(lang).to_owned()));
                return;
            }
            let action = match f {
                Form::Private => Action::MovedPrivate {
                    note: n,
                    message: x,
                },
                Form::Resolve => Action::Resolve { note: n },
                Form::Details => Action::RequestDetails { note: n },
                Form::StopEngaging => Action::StopEngaging { note: n },
                Form::Hide => Action::Hide { reason: n },
                Form::Ban => Action::Ban {
                    reason: n,
                    days: x.trim().parse().ok(),
                },
            };
            run.emit((f.label(), action));
        })
    };
    let note_label = match f {
        Form::Resolve => Msg::ResolutionNote,
        Form::Hide | Form::Ban => Msg::Reason,
        _ => Msg::Note,
    };
    html! {
        <form class="action-form" data-form={format!("{f:?}").to_lowercase()} {onsubmit} {onkeydown}>
            <h5>{ f.label().text(lang) }</h5>
            if f == Form::Hide {
                <label for="candor-note">{ note_label.text(lang) }</label>
                <select id="candor-note" aria-required="true" onchange={pick}>
                    <option value="" selected={note.is_empty()}>{ "—" }</option>
                    { for HIDE_REASONS.iter().map(|(code, msg)| html! {
                        <option value={*code} selected={**note == *code}>{ msg.text(lang) }</option>
                    }) }
                </select>
            } else {
                <label for="candor-note">{ note_label.text(lang) }</label>
                if f == Form::Resolve {
                    <p class="help" id="candor-note-help">{ Msg::ResolutionNoteHelp.text(lang) }</p>
                }
                <input id="candor-note" type="text" value={(**note).clone()} oninput={set(note)}
                    aria-describedby={(f == Form::Resolve).then_some("candor-note-help")}
                    aria-required={matches!(f, Form::Resolve | Form::Ban).to_string()} />
            }
            if f == Form::Private {
                <label for="candor-extra">{ Msg::PrivateMessage.text(lang) }</label>
                <textarea id="candor-extra" rows="3" value={(**extra).clone()} oninput={set(extra)}></textarea>
            }
            if f == Form::Ban {
                <label for="candor-extra">{ Msg::BanDays.text(lang) }</label>
                <input id="candor-extra" type="number" min="1" inputmode="numeric" value={(**extra).clone()} oninput={set(extra)} />
            }
            <div class="row">
                <button type="submit" class="primary" disabled={busy}>{ Msg::Apply.text(lang) }</button>
                <button type="button" onclick={{ let form = form.clone(); Callback::from(move |_: MouseEvent| form.set(None)) }}>{ Msg::Cancel.text(lang) }</button>
            </div>
        </form>
    }
}
