//! The queue: open complaints and unanswered reviews in the server's order
//! (deadline, then priority), each with a live countdown badge.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::core::lang::Lang;
use crate::core::topic::{Priority, Topic};
use crate::panel::api::QueueFilter;
use crate::panel::i18n::{fill, Msg};
use crate::panel::state::{urgency, QueueItem, Urgency};
use crate::widget::intl;

/// Props of [`DueBadge`].
#[derive(Properties, PartialEq)]
pub struct DueBadgeProps {
    /// RFC 3339 deadline.
    pub due: String,
    /// Now, in Unix ms.
    pub now: f64,
    /// UI language.
    pub lang: Lang,
}

/// The countdown to an answer deadline: green, amber in the last 10 minutes,
/// red once the promise is broken, with an escalation mark an hour later;
/// the calendar time of the deadline is always shown.
#[function_component(DueBadge)]
pub fn due_badge(props: &DueBadgeProps) -> Html {
    let lang = props.lang;
    let Some(due) = intl::parse_ms(&props.due) else {
        return html! {};
    };
    let left = due - props.now;
    let level = urgency(left);
    let time = intl::countdown(left.abs(), lang);
    let text = if left > 0.0 {
        fill(Msg::DueIn, lang, &[("time", &time)])
    } else {
        fill(Msg::OverdueBy, lang, &[("time", &time)])
    };
    let when = intl::date_time(
        due,
        lang,
        &[
            ("weekday", "short"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
        ],
    );
    html! {
        <span class={level.class()} data-urgency={format!("{level:?}").to_lowercase()}>
            if level == Urgency::Escalated {
                <strong class="escalated-mark">{ "⚑ " }{ Msg::Escalated.text(lang) }{ " · " }</strong>
            }
            <span class="countdown">{ text }</span>
            <span class="when">{ " (" }{ fill(Msg::DueAt, lang, &[("when", &when)]) }{ ")" }</span>
        </span>
    }
}

/// The rating as a row of stars (the accessible name says it in words).
pub fn star_row(rating: u8) -> String {
    "★".repeat(usize::from(rating.min(5)))
}

/// The status badge text of an item.
pub fn status_badges(item: &QueueItem, lang: Lang) -> Vec<(String, &'static str)> {
    let r = &item.review;
    let mut out = Vec::new();
    if r.status == "hidden" {
        let reason = item
            .hidden_reason
            .as_deref()
            .and_then(crate::panel::i18n::hide_reason)
            .map(|m| m.text(lang))
            .unwrap_or_default();
        out.push((
            fill(Msg::HiddenFor, lang, &[("reason", reason)]),
            "badge muted",
        ));
    } else if r.status == "held" {
        out.push((Msg::Held.text(lang).to_owned(), "badge muted"));
    }
    if r.has("resolved_confirmed") {
        out.push((Msg::ConfirmedByCustomer.text(lang).to_owned(), "badge ok"));
    } else if r.has("resolved_by_merchant") {
        out.push((Msg::ResolvedByShop.text(lang).to_owned(), "badge ok"));
    } else if r.has("moved_private") {
        out.push((Msg::MovedPrivate.text(lang).to_owned(), "badge"));
    } else if r.has("answered") {
        out.push((Msg::Answered.text(lang).to_owned(), "badge"));
    } else if item.is_open() {
        out.push((Msg::AwaitingAnswer.text(lang).to_owned(), "badge warn"));
    }
    if r.has("details_requested") {
        out.push((Msg::DetailsRequested.text(lang).to_owned(), "badge"));
    }
    if r.has("verified_order") {
        out.push((Msg::VerifiedOrder.text(lang).to_owned(), "badge"));
    }
    if item.stop_engaging {
        out.push((Msg::NotEngaging.text(lang).to_owned(), "badge muted"));
    }
    match item.suspected.as_deref() {
        Some("template") => out.push((Msg::SuspectedTemplate.text(lang).to_owned(), "badge warn")),
        Some("campaign") => out.push((Msg::SuspectedCampaign.text(lang).to_owned(), "badge warn")),
        _ => {}
    }
    if item.machine_like {
        out.push((Msg::MachineLike.text(lang).to_owned(), "badge warn"));
    }
    if let Some(n) = r.votes.filter(|n| *n > 0) {
        let msg = if r.is_complaint() {
            Msg::MeTooCount
        } else {
            Msg::HelpfulCount
        };
        out.push((fill(msg, lang, &[("n", &n.to_string())]), "badge"));
    }
    out
}

/// Topic and priority labels of an item, when the server sends them.
pub fn triage_labels(item: &QueueItem, lang: Lang) -> Html {
    let priority = item.priority.as_deref().and_then(Priority::from_code);
    let topic = item.topic.as_deref().and_then(Topic::from_code);
    html! {
        <>
            if let Some(p) = priority {
                <span class={classes!("badge", (p != Priority::Normal).then_some("warn"))}
                    aria-label={fill(Msg::PriorityLabel, lang, &[("p", p.text(lang))])}>
                    { p.text(lang) }
                </span>
            }
            // "Product safety" is both a topic and a priority: one tag.
            if let Some(t) = topic.filter(|t| priority.is_none_or(|p| p.code() != t.code())) {
                <span class="badge">{ t.text(lang) }</span>
            }
        </>
    }
}

/// Props of [`QueueList`].
#[derive(Properties, PartialEq)]
pub struct QueueListProps {
    /// UI language.
    pub lang: Lang,
    /// The items.
    pub items: Vec<QueueItem>,
    /// Now (Unix ms), for the countdowns.
    pub now: f64,
    /// The filter in use.
    pub filter: QueueFilter,
    /// A new filter.
    pub on_filter: Callback<QueueFilter>,
    /// Open an item by review id.
    pub on_open: Callback<String>,
    /// Another page of the queue follows.
    pub has_more: bool,
    /// Load the next page.
    pub on_more: Callback<()>,
}

/// The queue with its filters.
#[function_component(QueueList)]
pub fn queue_list(props: &QueueListProps) -> Html {
    let lang = props.lang;
    // The form is the source of truth: every change reads all of its controls
    // at event time, so a change never carries a stale copy of the filter (two
    // quick changes both count, and text typed in the search box is kept when a
    // select changes).
    let refs = FilterRefs {
        q: use_node_ref(),
        open: use_node_ref(),
        priority: use_node_ref(),
        topic: use_node_ref(),
        rating: use_node_ref(),
        suspected: use_node_ref(),
        lang: use_node_ref(),
    };
    // The search box is not bound to the filter: yew would write the filter's
    // text back into it on every render (the countdowns re-render each
    // second), wiping what the merchant is typing. It is set from the filter
    // only when the filter's text changes (and on mount).
    {
        let q = refs.q.clone();
        use_effect_with(props.filter.q.clone(), move |text| {
            if let Some(input) = q.cast::<HtmlInputElement>() {
                if input.value() != *text {
                    input.set_value(text);
                }
            }
        });
    }
    let search = {
        let (refs, on_filter) = (refs.clone(), props.on_filter.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            on_filter.emit(refs.read());
        })
    };
    let changed = {
        let (refs, on_filter) = (refs.clone(), props.on_filter.clone());
        Callback::from(move |_: Event| on_filter.emit(refs.read()))
    };
    let f = &props.filter;
    let option = |value: &str, label: &str, current: &str| {
        html! { <option value={value.to_owned()} selected={current == value}>{ label.to_owned() }</option> }
    };
    let open_count = props.items.iter().filter(|i| i.is_open()).count();
    let broken = props
        .items
        .iter()
        .filter(|i| i.is_open())
        .filter_map(|i| i.answer_due_at.as_deref().and_then(intl::parse_ms))
        .filter(|due| *due <= props.now)
        .count();
    // Announced when it changes: how many wait, how many are overdue.
    let mut live = fill(
        Msg::QueueCount,
        lang,
        &[("n", &intl::number(open_count as f64, lang, 0))],
    );
    if broken > 0 {
        live.push_str(" · ");
        live.push_str(&fill(
            Msg::OverdueCount,
            lang,
            &[("n", &intl::number(broken as f64, lang, 0))],
        ));
    }
    html! {
           <section class="queue" aria-labelledby="candor-queue-title">
               <h3 id="candor-queue-title">{ Msg::Queue.text(lang) }</h3>
               <p class="queue-count" aria-live="polite">{ live }</p>
               <form class="filters" role="search" onsubmit={search}>
                   <label class="visually-hidden" for="candor-q">{ Msg::Search.text(lang) }</label>
                   <input id="candor-q" ref={refs.q.clone()} type="search" placeholder={Msg::Search.text(lang)}
    />
                   <label class="inline">
                       <input type="checkbox" ref={refs.open.clone()} checked={props.filter.open} onchange={changed.clone()} />
                       { Msg::OnlyOpen.text(lang) }
                   </label>
                   // On a phone the five filters fold behind one control, so
                   // the queue starts on the first screen.
                   <details class="filters-fold" open={!is_phone()}>
                   <summary>{ Msg::Filters.text(lang) }</summary>
                   <label for="candor-priority">{ Msg::Priority.text(lang) }</label>
                   <select id="candor-priority" ref={refs.priority.clone()} onchange={changed.clone()}>
                       { option("", Msg::AnyPriority.text(lang), &f.priority) }
                       { for Priority::ALL.iter().rev().map(|p| option(p.code(), p.text(lang), &f.priority)) }
                   </select>
                   <label for="candor-ftopic">{ Msg::Topic.text(lang) }</label>
                   <select id="candor-ftopic" ref={refs.topic.clone()} onchange={changed.clone()}>
                       { option("", Msg::AnyTopic.text(lang), &f.topic) }
                       { for Topic::ALL.iter().map(|t| option(t.code(), t.text(lang), &f.topic)) }
                   </select>
                   <label for="candor-frating">{ Msg::FilterRating.text(lang) }</label>
                   <select id="candor-frating" ref={refs.rating.clone()} onchange={changed.clone()}>
                       { option("", Msg::AnyRating.text(lang), &f.rating) }
                       { for (1..=5u8).map(|n| option(&n.to_string(), &fill(Msg::Stars, lang, &[("n", &intl::number(f64::from(n), lang, 0))]), &f.rating)) }
                   </select>
                   <label for="candor-flang">{ Msg::FilterLanguage.text(lang) }</label>
                   <select id="candor-flang" ref={refs.lang.clone()} onchange={changed.clone()}>
                       { option("", Msg::AnyLanguage.text(lang), &f.lang) }
                       { for Lang::ALL.iter().map(|l| option(l.code(), l.native_name(), &f.lang)) }
                   </select>
                   <label for="candor-fsuspected">{ Msg::FilterSuspicion.text(lang) }</label>
                   <select id="candor-fsuspected" ref={refs.suspected.clone()} onchange={changed.clone()}>
                       { option("", Msg::AnySuspicion.text(lang), &f.suspected) }
                       { option("any", Msg::SuspectedAny.text(lang), &f.suspected) }
                       { option("template", Msg::SuspectedTemplate.text(lang), &f.suspected) }
                       { option("campaign", Msg::SuspectedCampaign.text(lang), &f.suspected) }
                   </select>
                   </details>
               </form>
               if props.items.is_empty() {
                   <p class="muted">{ Msg::QueueEmpty.text(lang) }</p>
               }
               <ul class="items">
                   { for props.items.iter().map(|item| row(item, props)) }
               </ul>
               if props.has_more {
                   <button type="button" class="more" onclick={props.on_more.reform(|_: MouseEvent| ())}>
                       { Msg::ShowMore.text(lang) }
                   </button>
               }
           </section>
       }
}

/// The filter form's controls.
#[derive(Clone)]
struct FilterRefs {
    q: NodeRef,
    open: NodeRef,
    priority: NodeRef,
    topic: NodeRef,
    rating: NodeRef,
    suspected: NodeRef,
    lang: NodeRef,
}

impl FilterRefs {
    /// The filter as the form shows it now.
    fn read(&self) -> QueueFilter {
        let select = |r: &NodeRef| {
            r.cast::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default()
        };
        let input = |r: &NodeRef| r.cast::<HtmlInputElement>();
        QueueFilter {
            q: input(&self.q).map(|i| i.value()).unwrap_or_default(),
            open: input(&self.open).is_some_and(|i| i.checked()),
            priority: select(&self.priority),
            topic: select(&self.topic),
            rating: select(&self.rating),
            suspected: select(&self.suspected),
            lang: select(&self.lang),
        }
    }
}

fn row(item: &QueueItem, props: &QueueListProps) -> Html {
    let lang = props.lang;
    let r = &item.review;
    let id = r.id.clone();
    let open = props.on_open.reform(move |_: MouseEvent| id.clone());
    let kind = if r.is_complaint() {
        Msg::Complaint
    } else {
        Msg::Review
    };
    let snippet: String = r.text.chars().take(140).collect();
    html! {
        <li class="item" data-queue-id={r.id.clone()} key={r.id.clone()}>
            <div class="item-head">
                <strong>{ kind.text(lang) }</strong>
                <span class="stars" aria-label={fill(Msg::Stars, lang, &[("n", &intl::number(f64::from(r.rating), lang, 0))])}>
                    { star_row(r.rating) }
                </span>
                <bdi>{ r.author_name.clone().unwrap_or_else(|| Msg::Anonymous.text(lang).to_owned()) }</bdi>
                { triage_labels(item, lang) }
            </div>
            if let (true, Some(due)) = (item.is_open(), item.answer_due_at.clone()) {
                <DueBadge {due} now={props.now} {lang} />
            }
            <p class="snippet" dir="auto">{ snippet }</p>
            <div class="badges">
                { for status_badges(item, lang).into_iter().map(|(text, class)| html! { <span {class}>{ text }</span> }) }
            </div>
            <button type="button" class="open" onclick={open}
                aria-label={format!("{}: {}", Msg::Open.text(lang), crate::panel::state::snippet_at_word(&r.text, 40))}>
                { Msg::Open.text(lang) }
            </button>
        </li>
    }
}

/// A narrow screen (a phone): the filters start folded.
fn is_phone() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(max-width: 600px)").ok().flatten())
        .is_some_and(|query| query.matches())
}
