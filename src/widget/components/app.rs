//! The root component: owns the list, the live status and the followed
//! complaints, subscribes to live events, and lays the widget out.

use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use super::{Ctx, IncidentNotice, ReviewForm, ReviewList, StatusPill, SummaryView, TrackingCard};
use crate::core::lang::Lang;
use crate::widget::api::Api;
use crate::widget::hooks::{use_sse, LiveEvent};
use crate::widget::i18n::Msg;
use crate::widget::js::Loader;
use crate::widget::local::{self, Tracked};
use crate::widget::state::{ListAction, ListState, Review, Submission, Submitted, SupportStatus};

/// The widget's configuration, from the element's attributes.
#[derive(Debug, Clone, Properties, PartialEq)]
pub struct AppProps {
    /// Site id.
    pub site: AttrValue,
    /// Product id (empty: the whole shop).
    #[prop_or_default]
    pub product: AttrValue,
    /// UI language.
    pub lang: Lang,
    /// API base URL (scheme and host).
    pub api: AttrValue,
    /// Subscribe to live events (off in some tests).
    #[prop_or(true)]
    pub live: bool,
    /// The `<candor-reviews>` element, for the `candor-admin` event.
    #[prop_or_default]
    pub host: Option<HtmlElement>,
    /// Loads the live checker's detector module (none: no hints).
    #[prop_or_default]
    pub detector: Option<Loader>,
    /// Imports and starts the moderation panel with `{api, site, lang}`
    /// (none: the sign-in link only sends the `candor-admin` event).
    #[prop_or_default]
    pub panel: Option<Loader>,
}

/// The whole widget.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let ctx = use_memo(props.clone(), |p| Ctx {
        api: Api::new(&p.api, &p.site, p.lang),
        lang: p.lang,
        site: p.site.clone(),
        product: p.product.clone(),
        detector: p.detector.clone(),
    });
    let list = use_reducer(ListState::new);
    let status = use_state(|| None::<Rc<SupportStatus>>);
    let last_review = use_state(|| None::<Rc<Review>>);
    let tracked = {
        let site = props.site.clone();
        use_state(move || local::tracked(&site))
    };

    // Live events: status and review changes.
    {
        let (list, status, last_review) = (list.clone(), status.clone(), last_review.clone());
        let url = if props.live {
            ctx.api.events_url()
        } else {
            String::new()
        };
        use_sse(
            url,
            Callback::from(move |event| match event {
                LiveEvent::Status(s) => status.set(Some(s)),
                LiveEvent::Review(review) => {
                    last_review.set(Some(review.clone()));
                    list.dispatch(ListAction::Live(review));
                }
            }),
        );
    }
    // The status once by request too: live events may be blocked by a proxy.
    {
        let (ctx, status) = (ctx.clone(), status.clone());
        use_effect_with(ctx.clone(), move |_| {
            yew::platform::spawn_local(async move {
                if let Ok(loaded) = ctx.api.status().await {
                    if status.is_none() {
                        status.set(Some(Rc::new(loaded)));
                    }
                }
            });
        });
    }
    // The list: reload when the query changes.
    {
        let query = (ctx.clone(), list.sort, list.rating, list.page, list.reload);
        let dispatcher = list.dispatcher();
        use_effect_with(query, move |(ctx, sort, rating, page, _)| {
            let cancelled = Rc::new(std::cell::Cell::new(false));
            let (ctx, sort, rating, page) = (ctx.clone(), *sort, *rating, *page);
            let flag = cancelled.clone();
            yew::platform::spawn_local(async move {
                let result = ctx.api.reviews(&ctx.product, rating, sort, page).await;
                if flag.get() {
                    return;
                }
                dispatcher.dispatch(match result {
                    Ok(loaded) => ListAction::Loaded(Rc::new(loaded)),
                    Err(_) => ListAction::Failed,
                });
            });
            move || cancelled.set(true)
        });
    }

    let on_submitted = {
        let (site, tracked, list) = (props.site.clone(), tracked.clone(), list.clone());
        Callback::from(
            move |(submitted, submission): (Rc<Submitted>, Submission)| {
                if submission.kind == "complaint" {
                    let mut next = (*tracked).clone();
                    next.push(Tracked {
                        id: submitted.id.clone(),
                        token: submitted.author_token.clone(),
                    });
                    local::set_tracked(&site, &next);
                    tracked.set(next);
                }
                list.dispatch(ListAction::Reload);
            },
        )
    };
    let on_forget = {
        let (site, tracked) = (props.site.clone(), tracked.clone());
        Callback::from(move |id: String| {
            let next: Vec<Tracked> = tracked.iter().filter(|t| t.id != id).cloned().collect();
            local::set_tracked(&site, &next);
            tracked.set(next);
        })
    };
    // The merchant's panel: on the sign-in link, or at once with
    // #candor-admin in the page address.
    let panel_failed = use_state(|| false);
    let open_panel = {
        let (props, panel_failed) = (props.clone(), panel_failed.clone());
        Callback::from(move |_: ()| {
            if let Some(host) = &props.host {
                crate::widget::dispatch_admin(host, &props.site);
            }
            let Some(panel) = props.panel.clone() else {
                return;
            };
            let args = js_sys::Object::new();
            for (key, value) in [
                ("api", props.api.as_str()),
                ("site", props.site.as_str()),
                ("lang", props.lang.code()),
            ] {
                let _ = js_sys::Reflect::set(&args, &key.into(), &value.into());
            }
            let panel_failed = panel_failed.clone();
            yew::platform::spawn_local(async move {
                panel_failed.set(panel.run(&args).await.is_err());
            });
        })
    };
    {
        let open_panel = open_panel.clone();
        use_effect_with((), move |_| {
            let admin_hash = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .is_some_and(|hash| hash == "#candor-admin");
            if admin_hash {
                open_panel.emit(());
            }
        });
    }
    let on_admin = open_panel.reform(|event: MouseEvent| event.prevent_default());

    let lang = props.lang;
    html! {
        <ContextProvider<Ctx> context={(*ctx).clone()}>
            <div class="candor" lang={lang.code()} dir={if lang.is_rtl() { "rtl" } else { "ltr" }}>
                <header class="top">
                    <h2>{ Msg::Title.text(lang) }</h2>
                    <StatusPill status={(*status).clone()} />
                </header>
                <IncidentNotice incident={status.as_ref().and_then(|s| s.incident.clone())} />
                if let Some(summary) = list.summary.clone() {
                    <SummaryView {summary} />
                }
                { for tracked.iter().rev().map(|t| html! {
                    <TrackingCard key={t.id.clone()} tracked={t.clone()} live={(*last_review).clone()} on_forget={on_forget.clone()} />
                }) }
                <ReviewList list={list.clone()} />
                <ReviewForm {on_submitted} />
                <footer class="foot">
                    <a href="#candor-admin" onclick={on_admin}>{ Msg::ShopSignIn.text(lang) }</a>
                    if *panel_failed {
                        <p class="error" role="alert">{ Msg::PanelUnavailable.text(lang) }</p>
                    }
                </footer>
            </div>
        </ContextProvider<Ctx>>
    }
}
