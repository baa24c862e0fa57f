//! The writer: everything a shopper uses to write — the review/complaint
//! form with the live checker and the cards that follow their complaints.
//!
//! Most shoppers only read, so this is a second wasm module
//! (`pkg/candor_write.*`, features `writer`), still rendered with yew, that
//! the reader (`candor.js`, plain DOM code) imports only when a shopper
//! clicks "Write a review" or local storage shows a returning writer (see
//! [`crate::widget::local::returning_writer`]). The reader creates two slots
//! in its shadow root and calls [`mount_writer`]: the form goes into the
//! first, the tracking cards into the second (a yew portal, so one app and
//! one context drive both). The reader forwards live review events with
//! [`Writer::live`] and reloads its list when `on_submitted` is called.

pub mod checker;
mod form;
pub mod hooks;
pub mod i18n;
mod stars;
mod tracking_card;

use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;
use yew::AppHandle;

pub use form::{Draft, ReviewForm, ReviewFormProps};
pub use stars::{StarsInput, StarsInputProps};
pub use tracking_card::{TrackingCard, TrackingCardProps};

use self::i18n::{Text, WMsg};
use crate::core::lang::Lang;
use crate::widget::api::Api;
use crate::widget::js::FromJs;
use crate::widget::local::{self, Tracked};
use crate::widget::prop;
use crate::widget::state::{Review, Submission, Submitted};

/// What every component of one writer shares: its API client, UI language
/// and product.
#[derive(Debug, Clone, PartialEq)]
pub struct Ctx {
    /// The API of this widget's site.
    pub api: Api,
    /// The UI language.
    pub lang: Lang,
    /// The site id.
    pub site: AttrValue,
    /// The product id (may be empty: reviews of the whole shop).
    pub product: AttrValue,
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx {
            api: Api::new("", "", Lang::En),
            lang: Lang::En,
            site: AttrValue::default(),
            product: AttrValue::default(),
        }
    }
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

/// The writer's shared context (a default one outside a provider).
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().unwrap_or_default()
}

/// The writer's configuration, from [`mount_writer`]'s props.
#[derive(Debug, Clone, Properties, PartialEq)]
pub struct WriterProps {
    /// Site id.
    pub site: AttrValue,
    /// Product id (empty: the whole shop).
    #[prop_or_default]
    pub product: AttrValue,
    /// UI language.
    pub lang: Lang,
    /// API base URL (scheme and host).
    pub api: AttrValue,
    /// Called with no arguments after each accepted submission.
    #[prop_or_default]
    pub on_submitted: Option<Function>,
    /// Move keyboard focus into the form once it is rendered.
    #[prop_or_default]
    pub focus: bool,
    /// Show the form at once (a kept draft or an unsent submission, or the
    /// shopper pressed the write button); otherwise only the tracking cards
    /// until [`Writer::open`].
    #[prop_or(true)]
    pub open: bool,
    /// Bumped by [`Writer::open`]: the form opens (again).
    #[prop_or_default]
    pub open_seq: u32,
    /// Called with `true` when the form opens and `false` when it closes
    /// (after a submission), so the reader shows its write button again.
    #[prop_or_default]
    pub on_form: Option<Function>,
    /// Where the tracking cards go (none: right after the form).
    #[prop_or_default]
    pub cards_slot: Option<Element>,
    /// The last live event about any review (from [`Writer::live`]).
    #[prop_or_default]
    pub live: Option<Rc<Review>>,
}

/// The writer's root: the form, and the followed complaints' cards in the
/// cards slot.
#[function_component(WriterRoot)]
pub fn writer_root(props: &WriterProps) -> Html {
    let ctx = use_memo(
        (
            props.api.clone(),
            props.site.clone(),
            props.product.clone(),
            props.lang,
        ),
        |(api, site, product, lang)| Ctx {
            api: Api::new(api, site, *lang),
            lang: *lang,
            site: site.clone(),
            product: product.clone(),
        },
    );
    let tracked = {
        let site = props.site.clone();
        use_state(move || local::tracked(&site))
    };
    let form_open = use_state(|| props.open);
    // After a submission: what was sent (the form closes) and the card to
    // move the keyboard to.
    let sent = use_state(|| None::<(WMsg, Option<String>)>);
    {
        let (form_open, sent) = (form_open.clone(), sent.clone());
        use_effect_with(props.open_seq, move |seq| {
            if *seq > 0 {
                form_open.set(true);
                sent.set(None);
            }
        });
    }
    {
        let on_form = props.on_form.clone();
        use_effect_with(*form_open, move |open| {
            if let Some(on_form) = on_form {
                let _ = on_form.call1(&JsValue::NULL, &JsValue::from_bool(*open));
            }
        });
    }
    let sent_ref = use_node_ref();
    {
        let sent_ref = sent_ref.clone();
        use_effect_with((*sent).clone(), move |sent| {
            // A review: the keyboard goes to the thank-you line (a
            // complaint's card takes it itself).
            if matches!(sent, Some((_, None))) {
                if let Some(line) = sent_ref.cast::<HtmlElement>() {
                    let _ = line.focus();
                }
            }
        });
    }

    let on_submitted = {
        let (site, tracked, notify, form_open, sent) = (
            props.site.clone(),
            tracked.clone(),
            props.on_submitted.clone(),
            form_open.clone(),
            sent.clone(),
        );
        Callback::from(
            move |(submitted, submission): (Rc<Submitted>, Submission)| {
                let complaint = submission.kind == "complaint";
                sent.set(Some(if complaint {
                    let msg = if submitted.status == "held" {
                        WMsg::SentHeld
                    } else {
                        WMsg::SentComplaint
                    };
                    (msg, Some(submitted.id.clone()))
                } else {
                    (WMsg::SentReview, None)
                }));
                form_open.set(false);
                // Reviews are followed too: the shop may still answer one, or
                // ask for the order details.
                {
                    let mut next = local::tracked(&site);
                    next.retain(|t| t.id != submitted.id);
                    next.push(Tracked {
                        id: submitted.id.clone(),
                        token: submitted.author_token.clone(),
                    });
                    local::set_tracked(&site, &next);
                    tracked.set(next);
                }
                if let Some(notify) = &notify {
                    let _ = notify.call0(&JsValue::NULL);
                }
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

    let cards = html! {
        <div class="candor-writer">
            { for tracked.iter().rev().map(|t| html! {
                <TrackingCard key={t.id.clone()} tracked={t.clone()} live={props.live.clone()} on_forget={on_forget.clone()}
                    focus={sent.as_ref().and_then(|(_, id)| id.as_deref()) == Some(t.id.as_str())} />
            }) }
        </div>
    };
    html! {
        <ContextProvider<Ctx> context={(*ctx).clone()}>
            if *form_open {
                <ReviewForm {on_submitted} focus={props.focus} />
            } else if let Some((msg, _)) = &*sent {
                <p class="ok sent" role="status" tabindex="-1" ref={sent_ref}>{ ctx.t(*msg) }</p>
            }
            { match props.cards_slot.clone() {
                Some(slot) => yew::create_portal(cards, slot),
                None => cards,
            } }
        </ContextProvider<Ctx>>
    }
}

/// A mounted writer; `unmount()` removes it.
#[cfg_attr(not(feature = "panel"), wasm_bindgen)]
pub struct Writer {
    app: Option<AppHandle<WriterRoot>>,
    props: WriterProps,
    root: Element,
}

#[cfg_attr(not(feature = "panel"), wasm_bindgen)]
impl Writer {
    /// A live review event's `review` object: the tracking card of that
    /// complaint reloads.
    pub fn live(&mut self, review: JsValue) {
        let Some(review) = Review::from_js(&review) else {
            return;
        };
        self.props.live = Some(Rc::new(review));
        if let Some(app) = self.app.as_mut() {
            app.update(self.props.clone());
        }
    }

    /// Opens the form (the shopper pressed the write button) and moves the
    /// keyboard into it.
    pub fn open(&mut self) {
        self.props.open_seq += 1;
        self.props.focus = true;
        if let Some(app) = self.app.as_mut() {
            app.update(self.props.clone());
        }
    }

    /// Destroys the writer and removes its nodes from both slots.
    pub fn unmount(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
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
    let document = form_slot.owner_document().ok_or("no document")?;
    let props = WriterProps {
        site: prop(&props, "site").unwrap_or_default().into(),
        product: prop(&props, "product").unwrap_or_default().into(),
        lang: prop(&props, "lang")
            .and_then(|code| Lang::parse(&code))
            .unwrap_or(Lang::En),
        api: prop(&props, "api").unwrap_or_default().into(),
        on_submitted: get("on_submitted").dyn_into::<Function>().ok(),
        focus: get("focus").as_bool().unwrap_or(false),
        open: get("open").as_bool().unwrap_or(true),
        open_seq: 0,
        on_form: get("on_form").dyn_into::<Function>().ok(),
        cards_slot: Some(cards_slot.into()),
        live: None,
    };
    let root = document.create_element("div")?;
    root.set_class_name("candor-writer");
    form_slot.append_child(&root)?;
    let app =
        yew::Renderer::<WriterRoot>::with_root_and_props(root.clone(), props.clone()).render();
    Ok(Writer {
        app: Some(app),
        props,
        root,
    })
}
