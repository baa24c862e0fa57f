//! The panel's root: the session (existing or signed in here), the queue
//! (refetched on live events), the opened item, the undo toast, presence and
//! the in-page controls.

use std::rc::Rc;

use gloo_timers::callback::{Interval, Timeout};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::core::lang::Lang;
use crate::panel::api::{Api, ApiError, QueueFilter};
use crate::panel::hooks::{use_live, use_now, use_presence, Live};
use crate::panel::i18n::{done_text, fill, Msg};
use crate::panel::inject::{self, Intent};
use crate::panel::state::{
    ActionDone, Crisis, CrisisAlert, Incident, Incidents, Me, QueueItem, QueuePage,
};
use crate::widget::intl;

use super::{error_text, Detail, LoginDialog, MetricsView, QueueList};

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The merchant API of the page's site.
    pub api: Api,
    /// UI language.
    pub lang: Lang,
    /// How often the open queue is reloaded besides live events, in ms.
    #[prop_or(QUEUE_POLL_MS)]
    pub poll_ms: u32,
    /// A review to open at once (a team mail's link,
    /// `#candor-admin=<review id>`).
    #[prop_or_default]
    pub open_review: Option<String>,
}

/// The queue reloads this often while the page is visible, besides on live
/// events: texts held as a template campaign are not on the public stream.
pub const QUEUE_POLL_MS: u32 = 30_000;

/// The session as far as the panel knows it.
#[derive(Debug, Clone, PartialEq)]
enum Session {
    /// Asking `GET /auth/me`.
    Checking,
    /// Not signed in (or not for this site): the sign-in dialog.
    SignedOut { error: Option<String>, busy: bool },
    /// Signed in with a role on the site.
    SignedIn(Rc<Me>),
}

/// The panel.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let lang = props.lang;
    let api = props.api.clone();
    let session = use_state(|| Session::Checking);
    {
        let (api, session) = (api.clone(), session.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                session.set(match api.me().await {
                    Ok(me) if me.moderates(api.site()) => Session::SignedIn(Rc::new(me)),
                    _ => Session::SignedOut {
                        error: None,
                        busy: false,
                    },
                });
            });
        });
    }
    let close = Callback::from(|_: ()| crate::panel::close_panel());
    let dir = if lang.is_rtl() { "rtl" } else { "ltr" };
    let body = match &*session {
        Session::Checking => html! {},
        Session::SignedOut { error, busy } => {
            let on_submit = {
                let (api, session) = (api.clone(), session.clone());
                Callback::from(move |(email, password): (String, String)| {
                    let (api, session) = (api.clone(), session.clone());
                    session.set(Session::SignedOut {
                        error: None,
                        busy: true,
                    });
                    spawn_local(async move {
                        let next = match api.login(&email, &password).await {
                            Ok(me) if me.moderates(api.site()) => Session::SignedIn(Rc::new(me)),
                            Ok(_) => signed_out(Msg::NotYourSite.text(lang)),
                            Err(ApiError::Http {
                                status: 401 | 422, ..
                            }) => signed_out(Msg::LoginFailed.text(lang)),
                            Err(ApiError::Http { status: 429, .. }) => {
                                signed_out(Msg::TooManyAttempts.text(lang))
                            }
                            Err(e) => signed_out(&error_text(&e, lang)),
                        };
                        session.set(next);
                    });
                })
            };
            html! { <LoginDialog {lang} error={error.clone()} busy={*busy} {on_submit} on_cancel={close} /> }
        }
        Session::SignedIn(me) => {
            let on_sign_out = {
                let (api, session) = (api.clone(), session.clone());
                Callback::from(move |_: ()| {
                    let (api, session) = (api.clone(), session.clone());
                    inject::remove_all();
                    spawn_local(async move {
                        let _ = api.away().await;
                        let _ = api.logout().await;
                        session.set(Session::SignedOut {
                            error: None,
                            busy: false,
                        });
                    });
                })
            };
            html! { <Drawer {lang} api={api.clone()} me={me.clone()} on_close={close} {on_sign_out} poll_ms={props.poll_ms} open_review={props.open_review.clone()} /> }
        }
    };
    html! { <div class="candor-panel" {dir} lang={lang.code()}>{ body }</div> }
}

fn signed_out(error: &str) -> Session {
    Session::SignedOut {
        error: Some(error.to_owned()),
        busy: false,
    }
}

/// Props of [`Drawer`].
#[derive(Properties, PartialEq)]
pub struct DrawerProps {
    lang: Lang,
    api: Api,
    me: Rc<Me>,
    on_close: Callback<()>,
    on_sign_out: Callback<()>,
    poll_ms: u32,
    open_review: Option<String>,
}

/// An action's toast with its undo window.
#[derive(Debug, Clone, PartialEq)]
struct Toast {
    text: String,
    undo: Option<(i64, f64)>,
}

/// The queue drawer (signed in).
#[function_component(Drawer)]
fn drawer(props: &DrawerProps) -> Html {
    let lang = props.lang;
    let api = props.api.clone();
    let now = use_now();
    use_presence(api.clone());
    let filter = use_state(QueueFilter::default);
    let queue = use_state(|| None::<Result<QueuePage, String>>);
    // How many pages of the queue are shown ("Show more" adds one; a new
    // filter starts again at one). A refetch reloads all of them.
    let pages = use_state(|| 1u32);
    let open = {
        let first = props.open_review.clone();
        use_state(move || first.map(|id| (id, None::<Intent>)))
    };
    let toast = use_state(|| None::<Toast>);
    // The opened item as the last action returned it, for when a filter
    // drops it from the queue page.
    let last_item = use_state(|| None::<QueueItem>);
    // Bumped to refetch the queue.
    let generation = use_state(|| 0u32);
    // Bumped by the queue's timer (a separate counter: the timer's closure
    // outlives the render it was made in).
    let poll_tick = use_state(|| 0u32);
    let metrics_tab = use_state(|| false);
    // Crisis alerts: polled each minute and on every new complaint.
    let crisis = use_state(|| None::<Crisis>);
    // The open incident notices, fetched with the alerts.
    let incidents = use_state(Incidents::default);
    let crisis_generation = use_state(|| 0u32);
    {
        let (api, crisis, incidents) = (api.clone(), crisis.clone(), incidents.clone());
        use_effect_with(*crisis_generation, move |_| {
            spawn_local(async move {
                // A server without crisis detection simply shows no banner.
                crisis.set(api.crisis().await.ok());
                incidents.set(api.incidents().await.unwrap_or_default());
            });
        });
    }
    {
        let crisis_generation = crisis_generation.clone();
        use_effect_with((), move |_| {
            let counter = std::rc::Rc::new(std::cell::Cell::new(0u32));
            let tick = Interval::new(60_000, move || {
                counter.set(counter.get() + 1);
                crisis_generation.set(counter.get());
            });
            move || drop(tick)
        });
    }

    {
        // Only the newest request may set the queue: an older one (another
        // filter, or a refetch from a live event) can finish later.
        let latest = use_mut_ref(|| 0u32);
        let (api, queue) = (api.clone(), queue.clone());
        use_effect_with(
            ((*filter).clone(), *generation, *pages, *poll_tick),
            move |(filter, _, pages, _)| {
                let (filter, pages) = (filter.clone(), *pages);
                let ticket = {
                    let mut latest = latest.borrow_mut();
                    *latest = latest.wrapping_add(1);
                    *latest
                };
                spawn_local(async move {
                    let mut all = QueuePage {
                        items: Vec::new(),
                        has_more: false,
                    };
                    let mut result = Ok(());
                    for number in 1..=pages {
                        match api.queue(&filter, number).await {
                            Ok(page) => {
                                // An item that moved between pages while loading
                                // is shown once.
                                for item in page.items {
                                    if !all.items.iter().any(|i| i.review.id == item.review.id) {
                                        all.items.push(item);
                                    }
                                }
                                all.has_more = page.has_more;
                                if !page.has_more {
                                    break;
                                }
                            }
                            Err(e) => {
                                result = Err(error_text(&e, lang));
                                break;
                            }
                        }
                    }
                    if *latest.borrow() == ticket {
                        queue.set(Some(result.map(|()| all)));
                    }
                });
            },
        );
    }
    let refetch = {
        let generation = generation.clone();
        Callback::from(move |_: ()| generation.set(generation.wrapping_add(1)))
    };

    // Texts held as a template campaign are not announced on the public live
    // stream: the queue also reloads every `poll_ms` while the page is seen.
    {
        let poll_tick = poll_tick.clone();
        use_effect_with(props.poll_ms.max(1000), move |every| {
            let counter = Rc::new(std::cell::Cell::new(0u32));
            let tick = Interval::new(*every, move || {
                let seen = web_sys::window()
                    .and_then(|w| w.document())
                    .is_some_and(|d| !d.hidden());
                if seen {
                    counter.set(counter.get().wrapping_add(1));
                    poll_tick.set(counter.get());
                }
            });
            move || drop(tick)
        });
    }

    // Live: refetch on any review event; notify on new ones.
    {
        let (refetch, crisis_generation) = (refetch.clone(), crisis_generation.clone());
        let on_event = Callback::from(move |live: Live| {
            if live.name == "review_created" {
                crisis_generation.set(crisis_generation.wrapping_add(1_000_000));
                if let Some(review) = &live.review {
                    notify(
                        if review.is_complaint() {
                            Msg::NewComplaint
                        } else {
                            Msg::NewReview
                        }
                        .text(lang),
                        &review.text,
                    );
                }
            }
            refetch.emit(());
        });
        use_live(api.events_url(), on_event);
    }

    // In-page controls: scan now and every second (the widgets re-render).
    {
        let open = open.clone();
        use_effect_with(lang, move |lang| {
            let pick: Rc<dyn Fn(String, Intent)> =
                Rc::new(move |id, intent| open.set(Some((id, Some(intent)))));
            let labels = [
                Msg::SendReply.text(*lang),
                Msg::MarkResolved.text(*lang),
                Msg::Hide.text(*lang),
                Msg::ModerateReview.text(*lang),
            ];
            inject::scan(&pick, labels);
            let tick = Interval::new(1000, move || inject::scan(&pick, labels));
            move || {
                drop(tick);
                inject::remove_all();
            }
        });
    }

    // The toast disappears when its undo window ends (at most 15 s), or
    // after 4 s without one.
    {
        let toast_handle = toast.clone();
        use_effect_with((*toast).clone(), move |current| {
            let timer = current.as_ref().map(|t| {
                let wait = t
                    .undo
                    .map(|(_, until)| until - intl::now_ms())
                    .unwrap_or(4000.0);
                Timeout::new(wait.clamp(1000.0, 15_000.0) as u32, move || {
                    toast_handle.set(None)
                })
            });
            move || drop(timer)
        });
    }

    let on_done = {
        let (toast, refetch, last_item) = (toast.clone(), refetch.clone(), last_item.clone());
        Callback::from(move |(label, done): (Msg, ActionDone)| {
            if done.item.is_some() {
                last_item.set(done.item.clone());
            }
            let undo = done
                .action_id
                .zip(done.undo_until.as_deref().and_then(intl::parse_ms))
                .filter(|(_, until)| *until > intl::now_ms());
            toast.set(Some(Toast {
                text: done_text(label, lang),
                undo,
            }));
            refetch.emit(());
        })
    };
    // Posting or closing a notice: the toast, the queue and the notices.
    let on_incident = {
        let (on_done, crisis_generation) = (on_done.clone(), crisis_generation.clone());
        Callback::from(move |label: Msg| {
            crisis_generation.set(crisis_generation.wrapping_add(1));
            on_done.emit((
                label,
                ActionDone {
                    item: None,
                    action_id: None,
                    undo_until: None,
                },
            ));
        })
    };
    let on_undo = {
        let (api, toast, refetch) = (api.clone(), toast.clone(), refetch.clone());
        Callback::from(move |action_id: i64| {
            let (api, toast, refetch) = (api.clone(), toast.clone(), refetch.clone());
            spawn_local(async move {
                let text = match api.undo(action_id).await {
                    Ok(_) => Msg::Undone.text(lang).to_owned(),
                    Err(e) => error_text(&e, lang),
                };
                toast.set(Some(Toast { text, undo: None }));
                refetch.emit(());
            });
        })
    };

    let items = match &*queue {
        Some(Ok(page)) => page.items.clone(),
        _ => Vec::new(),
    };
    let content = if let Some((id, intent)) = (*open).clone() {
        let item = items
            .iter()
            .find(|i| i.review.id == id)
            .or((*last_item).as_ref().filter(|i| i.review.id == id))
            .cloned();
        let on_back = {
            let open = open.clone();
            Callback::from(move |_: ()| open.set(None))
        };
        html! {
            <Detail key={id.clone()} {lang} api={api.clone()} id={id.clone()} {item} {now}
                replier={props.me.display_name.clone()} {intent} {on_back} on_done={on_done.clone()} />
        }
    } else {
        match &*queue {
            None => html! { <p class="muted">{ Msg::Loading.text(lang) }</p> },
            Some(Err(error)) => html! {
                <div role="alert">
                    <p class="error">{ Msg::QueueFailed.text(lang) }{ " " }{ error.clone() }</p>
                    <div class="row">
                        <button type="button" onclick={refetch.reform(|_: MouseEvent| ())}>{ Msg::Retry.text(lang) }</button>
                        if *filter != QueueFilter::default() {
                            <button type="button" class="clear-filters"
                                onclick={{ let (filter, pages) = (filter.clone(), pages.clone()); Callback::from(move |_: MouseEvent| { pages.set(1); filter.set(QueueFilter::default()) }) }}>
                                { Msg::ClearFilters.text(lang) }
                            </button>
                        }
                    </div>
                </div>
            },
            Some(Ok(_)) => {
                let on_open = {
                    let open = open.clone();
                    Callback::from(move |id: String| open.set(Some((id, None))))
                };
                let on_filter = {
                    let (filter, pages) = (filter.clone(), pages.clone());
                    Callback::from(move |f: QueueFilter| {
                        pages.set(1);
                        filter.set(f);
                    })
                };
                let has_more = matches!(&*queue, Some(Ok(page)) if page.has_more);
                let on_more = {
                    let pages = pages.clone();
                    Callback::from(move |_: ()| pages.set(*pages + 1))
                };
                html! { <QueueList {lang} items={items.clone()} {now} filter={(*filter).clone()} {on_filter} {on_open} {has_more} {on_more} /> }
            }
        }
    };

    let permission = notification_permission();
    let ask = Callback::from(|_: MouseEvent| {
        let _ = web_sys::Notification::request_permission();
    });
    html! {
        <aside class="drawer" aria-labelledby="candor-panel-title">
            // The title and the action toast stay at the top of the drawer,
            // clear of the forms below (the drawer's scroll padding keeps a
            // focused field out from under them).
            <div class="drawer-top">
                <header>
                    <h2 id="candor-panel-title">{ Msg::PanelTitle.text(lang) }</h2>
                    <button type="button" class="icon" aria-label={Msg::ClosePanel.text(lang)}
                        onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "×" }</button>
                </header>
                <div class="toast-region" aria-live="polite">
                    if let Some(t) = &*toast {
                        <div class="toast" role="status">
                            <span class="grow">{ t.text.clone() }</span>
                            if let Some((action_id, _)) = t.undo {
                                <button type="button" class="undo" onclick={on_undo.reform(move |_: MouseEvent| action_id)}>{ Msg::Undo.text(lang) }</button>
                            }
                            <button type="button" class="icon" aria-label={Msg::Dismiss.text(lang)}
                                onclick={{ let toast = toast.clone(); Callback::from(move |_: MouseEvent| toast.set(None)) }}>{ "×" }</button>
                        </div>
                    }
                </div>
            </div>
            <p class="muted who">
                { fill(Msg::SignedInAs, lang, &[("name", &props.me.display_name)]) }{ " · " }
                <button type="button" class="link" onclick={props.on_sign_out.reform(|_: MouseEvent| ())}>{ Msg::SignOut.text(lang) }</button>
            </p>
            if permission.as_deref() == Some("default") {
                <button type="button" class="link" onclick={ask}>{ Msg::EnableNotifications.text(lang) }</button>
            }
            { for incidents.0.iter().map(|incident| html! {
                <IncidentNotice key={incident.id} {lang} api={api.clone()} incident={incident.clone()} on_done={on_incident.clone()} />
            }) }
            if let Some(Crisis(alerts)) = &*crisis {
                // A topic with an open notice is answered already: its notice
                // (with Close) stands in for the banner.
                { for alerts.iter().filter(|a| !incidents.0.iter().any(|i| i.topic == a.topic)).map(|alert| html! {
                    <CrisisBanner {lang} api={api.clone()} alert={alert.clone()} on_done={on_incident.clone()} />
                }) }
            }
            <div class="tabs">
                <button type="button" aria-pressed={(!*metrics_tab).to_string()}
                    onclick={{ let t = metrics_tab.clone(); Callback::from(move |_: MouseEvent| t.set(false)) }}>{ Msg::Queue.text(lang) }</button>
                <button type="button" aria-pressed={(*metrics_tab).to_string()}
                    onclick={{ let t = metrics_tab.clone(); Callback::from(move |_: MouseEvent| t.set(true)) }}>{ Msg::Metrics.text(lang) }</button>
            </div>
            if *metrics_tab {
                <MetricsView {lang} api={api.clone()} />
            } else {
                { content }
            }
            <nav class="export" aria-labelledby="candor-export-title">
                <h3 id="candor-export-title">{ Msg::Export.text(lang) }</h3>
                <ul>
                    { for [(Msg::ExportReviews, "reviews"), (Msg::ExportReplies, "replies"), (Msg::ExportLog, "moderation-log")].into_iter().map(|(label, what)| html! {
                        <li>
                            { label.text(lang) }{ ": " }
                            <a href={api.export_url("csv", what)} download="">{ "CSV" }</a>{ " · " }
                            <a href={api.export_url("json", what)} download="">{ "JSON" }</a>
                        </li>
                    }) }
                </ul>
            </nav>
        </aside>
    }
}

/// `default`, `granted` or `denied`; `None` without notifications.
fn notification_permission() -> Option<String> {
    let window = web_sys::window()?;
    let has = js_sys::Reflect::has(&window, &"Notification".into()).unwrap_or(false);
    has.then(|| {
        match web_sys::Notification::permission() {
            web_sys::NotificationPermission::Granted => "granted",
            web_sys::NotificationPermission::Denied => "denied",
            _ => "default",
        }
        .to_owned()
    })
}

/// A desktop notification and a short chime when the merchant allowed
/// notifications. The shopper's text goes in as the body: notifications
/// render plain text.
fn notify(title: &str, text: &str) {
    if notification_permission().as_deref() != Some("granted") {
        return;
    }
    let options = web_sys::NotificationOptions::new();
    options.set_body(&text.chars().take(160).collect::<String>());
    let _ = web_sys::Notification::new_with_options(title, &options);
    chime();
}

/// A short 880 Hz tone through Web Audio (looked up at run time, so no
/// audio bindings are compiled in); silent where audio is unavailable.
fn chime() {
    use js_sys::{Array, Function, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    fn call(target: &JsValue, name: &str, args: &Array) -> Option<JsValue> {
        let method = Reflect::get(target, &name.into())
            .ok()?
            .dyn_into::<Function>()
            .ok()?;
        Reflect::apply(&method, target, args).ok()
    }
    fn set_value(target: &JsValue, param: &str, value: f64) -> Option<()> {
        let param = Reflect::get(target, &param.into()).ok()?;
        Reflect::set(&param, &"value".into(), &value.into()).ok()?;
        Some(())
    }
    let play = || -> Option<JsValue> {
        let window = web_sys::window()?;
        let ctor = Reflect::get(&window, &"AudioContext".into())
            .ok()?
            .dyn_into::<Function>()
            .ok()?;
        let context = Reflect::construct(&ctor, &Array::new()).ok()?;
        let oscillator = call(&context, "createOscillator", &Array::new())?;
        let gain = call(&context, "createGain", &Array::new())?;
        set_value(&oscillator, "frequency", 880.0)?;
        set_value(&gain, "gain", 0.08)?;
        call(&oscillator, "connect", &Array::of1(&gain))?;
        call(
            &gain,
            "connect",
            &Array::of1(&Reflect::get(&context, &"destination".into()).ok()?),
        )?;
        let now = Reflect::get(&context, &"currentTime".into())
            .ok()?
            .as_f64()?;
        call(&oscillator, "start", &Array::new())?;
        call(&oscillator, "stop", &Array::of1(&(now + 0.18).into()))?;
        Some(context)
    };
    if let Some(context) = play() {
        Timeout::new(600, move || {
            let _ = call(&context, "close", &Array::new());
        })
        .forget();
    }
}

/// Props of [`CrisisBanner`].
#[derive(Properties, PartialEq)]
struct CrisisProps {
    lang: Lang,
    api: Api,
    alert: CrisisAlert,
    on_done: Callback<Msg>,
}

/// A crisis alert with the form for one public incident notice that answers
/// the complaints behind it together.
#[function_component(CrisisBanner)]
fn crisis_banner(props: &CrisisProps) -> Html {
    let lang = props.lang;
    let open = use_state(|| false);
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let topic = crate::core::topic::Topic::from_code(&props.alert.topic)
        .map(|t| t.text(lang))
        .unwrap_or(&props.alert.topic);
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                text.set(area.value());
            }
        })
    };
    let onsubmit = {
        let (api, alert, text, error, on_done, open) = (
            props.api.clone(),
            props.alert.clone(),
            text.clone(),
            error.clone(),
            props.on_done.clone(),
            open.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if text.trim().is_empty() {
                error.set(Some(Msg::TextRequired.text(lang).to_owned()));
                return;
            }
            let (api, alert, text, error, on_done, open) = (
                api.clone(),
                alert.clone(),
                text.clone(),
                error.clone(),
                on_done.clone(),
                open.clone(),
            );
            spawn_local(async move {
                match api
                    .post_incident(&alert.topic, &text, &alert.review_ids)
                    .await
                {
                    Ok(()) => {
                        open.set(false);
                        on_done.emit(Msg::PostIncident);
                    }
                    Err(e) => error.set(Some(error_text(&e, lang))),
                }
            });
        })
    };
    let num = |n: f64| intl::number(n, lang, 1);
    html! {
        <div class="crisis" role="alert">
            <p><strong>{ fill(Msg::CrisisAlert, lang, &[("topic", topic), ("count", &num(props.alert.count)), ("baseline", &num(props.alert.baseline))]) }</strong></p>
            if *open {
                <form {onsubmit}>
                    <label for="candor-incident">{ Msg::IncidentText.text(lang) }</label>
                    <textarea id="candor-incident" rows="3" value={(*text).clone()} oninput={on_input}></textarea>
                    if let Some(message) = &*error {
                        <p class="error">{ message.clone() }</p>
                    }
                    <button type="submit" class="primary">{ Msg::PostIncident.text(lang) }</button>
                </form>
            } else {
                <button type="button" onclick={{ let open = open.clone(); Callback::from(move |_: MouseEvent| open.set(true)) }}>{ Msg::PostIncident.text(lang) }</button>
            }
        </div>
    }
}

/// Props of [`IncidentNotice`].
#[derive(Properties, PartialEq)]
struct IncidentProps {
    lang: Lang,
    api: Api,
    incident: Incident,
    on_done: Callback<Msg>,
}

/// An open public incident notice with its Close button.
#[function_component(IncidentNotice)]
fn incident_notice(props: &IncidentProps) -> Html {
    let lang = props.lang;
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let incident = &props.incident;
    let topic = crate::core::topic::Topic::from_code(&incident.topic)
        .map(|t| t.text(lang))
        .unwrap_or(&incident.topic);
    let on_close = {
        let (api, id, error, busy, on_done) = (
            props.api.clone(),
            incident.id,
            error.clone(),
            busy.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (api, error, busy, on_done) =
                (api.clone(), error.clone(), busy.clone(), on_done.clone());
            busy.set(true);
            spawn_local(async move {
                match api.close_incident(id).await {
                    Ok(()) => on_done.emit(Msg::CloseIncident),
                    Err(e) => {
                        busy.set(false);
                        error.set(Some(error_text(&e, lang)));
                    }
                }
            });
        })
    };
    html! {
        <section class="incident" data-incident-id={incident.id.to_string()}>
            <p><strong>{ fill(Msg::IncidentOpen, lang, &[("topic", topic)]) }</strong></p>
            <p class="incident-text" dir="auto">{ incident.text.clone() }</p>
            if let Some(message) = &*error {
                <p class="error" role="alert">{ message.clone() }</p>
            }
            <button type="button" class="close-incident" disabled={*busy} onclick={on_close}>{ Msg::CloseIncident.text(lang) }</button>
        </section>
    }
}
