//! The reader: what every shopper sees — the live support status, the
//! shop's incident notice, the summary, the review list with its controls,
//! and the way into writing — built with plain DOM calls.
//!
//! Most shoppers only read, so this part is kept small: no framework, one
//! click and one change listener on the widget's root (buttons and selects
//! name their action in `data-act`), and views that rebuild only the part
//! that changed while the controls a shopper may have focused stay in place.
//! Writing (the form, the tracking cards) is the yew module `candor_write`,
//! loaded when the shopper asks for the form, or at once for a returning
//! writer (a kept draft, a kept submission or a followed complaint).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlElement, HtmlSelectElement};

use crate::core::lang::Lang;
use crate::widget::api::{Api, ApiError};
use crate::widget::dom::{self, h, H};
use crate::widget::i18n::{self, Msg};
use crate::widget::intl;
use crate::widget::js::{FromJs, Loader, ObjBuilder};
use crate::widget::live::{self, LiveEvent, Stream};
use crate::widget::local;
use crate::widget::state::{
    ListAction, ListState, Reply, Review, ReviewPage, Sort, Summary, SupportStatus,
};

/// The reader's settings, from the element's attributes and the loader.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site id.
    pub site: String,
    /// Product id (empty: the whole shop).
    pub product: String,
    /// This browser's voter id for "Me too" and "Helpful" (made and kept
    /// by `candor.js`).
    pub voter: String,
    /// UI language.
    pub lang: Lang,
    /// API base URL (scheme and host).
    pub api: String,
    /// Subscribe to live events (off in some tests).
    pub live: bool,
    /// Dark colours (the `theme` attribute or the host page's
    /// `color-scheme`).
    pub dark: bool,
    /// The `<candor-reviews>` element, for the `candor-admin` event.
    pub host: Option<HtmlElement>,
    /// Imports and starts the moderation panel with `{api, site, lang}`.
    pub panel: Option<Loader>,
    /// Imports the writer module and resolves to its `mount_writer`.
    pub writer: Option<Loader>,
    /// The first page as the server already rendered it into the page
    /// (`reviews.html`, docs/seo.md): the list starts from it instead of a
    /// second request for the same reviews.
    pub first_page: Option<JsValue>,
}

/// Badge names in display order, with their message.
const BADGES: [(&str, Msg); 6] = [
    ("verified_order", Msg::BadgeVerified),
    ("resolved_confirmed", Msg::BadgeResolvedConfirmed),
    ("resolved_by_merchant", Msg::BadgeResolvedByShop),
    ("answered", Msg::BadgeAnswered),
    ("moved_private", Msg::BadgeMovedPrivate),
    ("details_requested", Msg::BadgeDetailsRequested),
];

/// The elements that stay in place while the reader lives.
#[derive(Debug)]
struct Nodes {
    root: Element,
    status: Element,
    hours: Element,
    hours_list: Element,
    incident: Element,
    summary: Element,
    cards: Element,
    list: Element,
    items: Element,
    foot: Element,
    more: Element,
    write_button: Element,
    write_error: Element,
    form: Element,
    panel_error: Element,
}

/// Where the writer module stands.
#[derive(Debug)]
enum Writer {
    Idle,
    Loading,
    /// Mounted: its handle (`live(review)`, `unmount()`, `free()`).
    Mounted(JsValue),
}

/// A DOM listener on the reader's root, with its event name.
type Listener = (&'static str, Closure<dyn Fn(Event)>);

/// What the reader does with one DOM event on its root.
type Handler = fn(&Rc<Reader>, &Event);

/// A callback handed to JavaScript with one argument.
type JsCallback = Closure<dyn Fn(JsValue)>;

/// A `setInterval` id with its callback.
type Interval = (i32, Closure<dyn Fn()>);

/// A mounted reader.
#[derive(Debug)]
pub struct Reader {
    cfg: Config,
    api: Api,
    nodes: Nodes,
    list: RefCell<ListState>,
    shown_summary: RefCell<Option<Summary>>,
    /// The reviews on screen with their `<li>`, in order.
    rendered: RefCell<Vec<(Review, Element)>>,
    status: RefCell<Option<Rc<SupportStatus>>>,
    /// Numbers list requests; an answer to an older one is dropped.
    request: Cell<u32>,
    writer: RefCell<Writer>,
    /// The writer module was requested ahead of a click.
    prefetched: Cell<bool>,
    on_submitted: RefCell<Option<Closure<dyn Fn()>>>,
    on_form: RefCell<Option<JsCallback>>,
    stream: RefCell<Option<Stream>>,
    listeners: RefCell<Vec<Listener>>,
    /// The minute tick that keeps "awaiting answer · N minutes ago" current.
    tick: RefCell<Option<Interval>>,
    closed: Cell<bool>,
}

impl Reader {
    /// Builds the reader into `parent` and starts loading.
    pub fn mount(parent: &Element, cfg: Config) -> Rc<Reader> {
        let api = Api::new(&cfg.api, &cfg.site, cfg.lang);
        let nodes = shell(&cfg);
        let _ = parent.append_child(&nodes.root);
        let reader = Rc::new(Reader {
            cfg,
            api,
            nodes,
            list: RefCell::new(ListState::new()),
            shown_summary: RefCell::new(None),
            rendered: RefCell::new(Vec::new()),
            status: RefCell::new(None),
            request: Cell::new(0),
            writer: RefCell::new(Writer::Idle),
            prefetched: Cell::new(false),
            on_submitted: RefCell::new(None),
            on_form: RefCell::new(None),
            stream: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            tick: RefCell::new(None),
            closed: Cell::new(false),
        });
        reader.start();
        reader
    }

    fn start(self: &Rc<Self>) {
        let handlers: [(&'static str, Handler); 4] = [
            ("click", Self::on_click),
            ("change", Self::on_change),
            ("pointerover", Self::on_intent),
            ("focusin", Self::on_intent),
        ];
        for (name, act) in handlers {
            let weak = Rc::downgrade(self);
            let listener = Closure::<dyn Fn(Event)>::new(move |event: Event| {
                if let Some(reader) = weak.upgrade() {
                    act(&reader, &event);
                }
            });
            let _ = self
                .nodes
                .root
                .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            self.listeners.borrow_mut().push((name, listener));
        }
        let weak = Rc::downgrade(self);
        let tick = Closure::<dyn Fn()>::new(move || {
            if let Some(reader) = alive(&weak) {
                reader.refresh_ages();
            }
        });
        let id = web_sys::window().and_then(|w| {
            w.set_interval_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                60_000,
            )
            .ok()
        });
        if let Some(id) = id {
            *self.tick.borrow_mut() = Some((id, tick));
        }
        if self.cfg.live {
            let weak = Rc::downgrade(self);
            let stream = Stream::open(
                &self.api.events_url(),
                &live::WIDGET_EVENTS,
                move |name, event| {
                    if let (Some(reader), Some(event)) = (weak.upgrade(), live::parse(name, &event))
                    {
                        reader.on_live(event);
                    }
                },
            );
            *self.stream.borrow_mut() = stream;
        }
        // The status once by request too: live events may be blocked by a proxy.
        let weak = Rc::downgrade(self);
        let api = self.api.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = api.status().await;
            if let (Some(reader), Ok(status)) = (alive(&weak), loaded) {
                if reader.status.borrow().is_none() {
                    reader.set_status(Rc::new(status));
                }
            }
        });
        self.render_status();
        match self.cfg.first_page.as_ref().and_then(ReviewPage::from_js) {
            Some(page) => {
                self.list
                    .borrow_mut()
                    .apply(ListAction::Loaded(Rc::new(page)));
            }
            None => self.fetch_list(),
        }
        self.render_list();

        let (site, product) = (&self.cfg.site, &self.cfg.product);
        if local::returning_writer(site, product) {
            // The form opens only for unfinished writing; followed
            // complaints alone bring back their cards, and the button stays.
            self.open_writer(local::unfinished_writing(site, product), false);
        }
        let admin_hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            // `#candor-admin=<review id>` (a team mail's link) opens the
            // panel at that review.
            .is_some_and(|hash| hash == "#candor-admin" || hash.starts_with("#candor-admin="));
        if admin_hash {
            self.open_panel();
        }
    }

    /// Stops everything and removes the reader's nodes.
    pub fn unmount(&self) {
        self.closed.set(true);
        self.stream.borrow_mut().take();
        for (name, listener) in self.listeners.borrow_mut().drain(..) {
            let _ = self
                .nodes
                .root
                .remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        if let Writer::Mounted(handle) =
            std::mem::replace(&mut *self.writer.borrow_mut(), Writer::Idle)
        {
            call_method(&handle, "unmount", None);
            call_method(&handle, "free", None);
        }
        self.on_submitted.borrow_mut().take();
        self.on_form.borrow_mut().take();
        if let (Some((id, _)), Some(window)) = (self.tick.borrow_mut().take(), web_sys::window()) {
            window.clear_interval_with_handle(id);
        }
        self.nodes.root.remove();
    }

    /// Brings every "awaiting answer · N minutes ago" badge up to date.
    pub fn refresh_ages(&self) {
        let Ok(badges) = self.nodes.items.query_selector_all(".awaiting[data-since]") else {
            return;
        };
        for i in 0..badges.length() {
            let Some(badge) = badges.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let since = badge.get_attribute("data-since");
            if let Some(ms) = since.as_deref().and_then(intl::parse_ms) {
                badge.set_text_content(Some(&awaiting_text(ms, self.cfg.lang)));
            }
        }
    }

    fn on_click(self: &Rc<Self>, event: &Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Some(actor) = target.closest("[data-act]").ok().flatten() else {
            return;
        };
        match actor.get_attribute("data-act").as_deref() {
            Some("more") => self.dispatch(ListAction::More),
            Some("retry") => {
                let page = self.list.borrow().page;
                self.dispatch(if page > 1 {
                    ListAction::More
                } else {
                    ListAction::Reload
                });
            }
            Some("write") => self.open_writer(true, true),
            Some("vote") => self.vote(&actor),
            Some("admin") => {
                event.prevent_default();
                self.open_panel();
            }
            _ => {}
        }
    }

    /// A pointer over, or keyboard focus on, the write button: the shopper
    /// is about to write, so the writer module starts downloading (it is
    /// mounted on the click).
    fn on_intent(self: &Rc<Self>, event: &Event) {
        let on_write = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-act=write]").ok().flatten())
            .is_some();
        if !on_write || self.prefetched.replace(true) {
            return;
        }
        if let Some(loader) = self.cfg.writer.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                // A failure is reported when the shopper presses the button.
                let _ = loader.run(&JsValue::UNDEFINED).await;
            });
        }
    }

    fn on_change(self: &Rc<Self>, event: &Event) {
        let Some(select) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        else {
            return;
        };
        match select.get_attribute("data-act").as_deref() {
            Some("sort") => self.dispatch(ListAction::Sort(Sort::parse(&select.value()))),
            Some("filter") => self.dispatch(ListAction::Filter(select.value().parse().ok())),
            _ => {}
        }
    }

    /// Casts this browser's "Me too" or "Helpful" on the pressed review, or
    /// takes it back when it is counted (`aria-pressed`); a refusal (the
    /// shopper's own review, another browser at the same address, a rate
    /// limit) is shown under the button in the server's words.
    fn vote(self: &Rc<Self>, button: &Element) {
        let Some(article) = button.closest("[data-review-id]").ok().flatten() else {
            return;
        };
        let id = article.get_attribute("data-review-id").unwrap_or_default();
        let cast = button.get_attribute("aria-pressed").as_deref() != Some("true");
        let (api, weak, voter) = (
            self.api.clone(),
            Rc::downgrade(self),
            self.cfg.voter.clone(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            let result = api.vote(&id, &voter, cast).await;
            let Some(reader) = alive(&weak) else { return };
            match result {
                Ok((voted, count)) => {
                    local::set("voted", &id, "", if voted { "1" } else { "" });
                    reader.dispatch(ListAction::Voted(id, voted, count));
                }
                Err(err) => {
                    let message = match err {
                        ApiError::Http { message, .. } if !message.is_empty() => message,
                        _ => Msg::LoadFailed.text(reader.cfg.lang).to_owned(),
                    };
                    let note = h("p").class("error").attr("role", "alert").text(&message);
                    let _ = article.append_child(&note.el());
                }
            }
        });
    }

    fn on_live(self: &Rc<Self>, event: LiveEvent) {
        match event {
            LiveEvent::Status(status) => self.set_status(status),
            LiveEvent::Review(review, raw) => {
                if let Writer::Mounted(handle) = &*self.writer.borrow() {
                    call_method(handle, "live", Some(&raw));
                }
                self.dispatch(ListAction::Live(review));
            }
            LiveEvent::Reload => self.dispatch(ListAction::Reload),
        }
    }

    /// Applies a list action; a new query (sort, filter, page, reload) is
    /// requested from the server.
    pub fn dispatch(self: &Rc<Self>, action: ListAction) {
        let fetch = matches!(
            action,
            ListAction::Sort(_) | ListAction::Filter(_) | ListAction::More | ListAction::Reload
        );
        if !self.list.borrow_mut().apply(action) {
            return;
        }
        if fetch {
            self.fetch_list();
        }
        self.render_list();
    }

    fn fetch_list(self: &Rc<Self>) {
        let number = self.request.get().wrapping_add(1);
        self.request.set(number);
        let (sort, rating, page) = {
            let list = self.list.borrow();
            (list.sort, list.rating, list.page)
        };
        let weak = Rc::downgrade(self);
        let (api, product) = (self.api.clone(), self.cfg.product.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let result = api.reviews(&product, rating, sort, page).await;
            let Some(reader) = alive(&weak) else { return };
            if reader.request.get() != number {
                return;
            }
            reader.dispatch(match result {
                Ok(loaded) => ListAction::Loaded(Rc::new(loaded)),
                Err(_) => ListAction::Failed,
            });
        });
    }

    /// Shows a new support status (and its incident notice).
    pub fn set_status(&self, status: Rc<SupportStatus>) {
        *self.status.borrow_mut() = Some(status);
        self.render_status();
    }

    fn render_status(&self) {
        let lang = self.cfg.lang;
        let n = &self.nodes;
        let status = self.status.borrow();
        let dot = h("span").class("dot").attr("aria-hidden", "true");
        let Some(status) = status.as_deref() else {
            n.status.set_class_name("status");
            dom::replace(&n.status, &[dot.as_ref()]);
            dom::append_text(&n.status, Msg::StatusChecking.text(lang));
            return;
        };
        let (class, text) = status_text(status, lang);
        n.status.set_class_name(&["status ", class].concat());
        dom::replace(&n.status, &[dot.as_ref()]);
        dom::append_text(&n.status, &text);
        let lines = if status.hours.always_open || status.online {
            Vec::new()
        } else {
            hours_lines(status, lang)
        };
        n.hours_list.set_text_content(None);
        for line in &lines {
            let _ = n.hours_list.append_child(&h("li").text(line).el());
        }
        dom::show(&n.hours, !lines.is_empty());

        n.incident.set_text_content(None);
        if let Some(incident) = &status.incident {
            let notice = h("aside")
                .class("incident")
                .attr("data-incident-id", &incident.id.to_string())
                .child(
                    h("p")
                        .class("incident-title")
                        .text(Msg::IncidentTitle.text(lang)),
                )
                .child(
                    h("p")
                        .class("incident-text")
                        .child(h("bdi").attr("dir", "auto").text(&incident.text)),
                );
            let _ = n.incident.append_child(&notice.el());
        }
    }

    fn render_list(&self) {
        let lang = self.cfg.lang;
        let n = &self.nodes;
        let list = self.list.borrow();
        let _ = n
            .list
            .set_attribute("aria-busy", if list.loading { "true" } else { "false" });

        let summary_changed = *self.shown_summary.borrow() != list.summary;
        if summary_changed {
            n.summary.set_text_content(None);
            if let Some(summary) = &list.summary {
                let view = summary_view(summary, lang, &self.api.moderation_log_url());
                let _ = n.summary.append_child(&view.el());
            }
            self.shown_summary.replace(list.summary.clone());
        }

        // Keyed by review: an unchanged review keeps its node (a shopper's
        // text selection, the panel's in-place controls); only new or
        // changed ones are built, and nodes move only when the order changed.
        let mut rendered = self.rendered.borrow_mut();
        let next: Vec<(Review, Element)> = list
            .items
            .iter()
            .map(|review| {
                let kept = rendered.iter().find(|(r, _)| r == review);
                let node = match kept {
                    Some((_, node)) => node.clone(),
                    None => h("li").child(review_item(review, lang)).el(),
                };
                (review.clone(), node)
            })
            .collect();
        let mut cursor = n.items.first_element_child();
        for (_, node) in &next {
            if cursor.as_ref().is_some_and(|c| c.is_same_node(Some(node))) {
                cursor = node.next_element_sibling();
            } else {
                let _ = n
                    .items
                    .insert_before(node, cursor.as_ref().map(|c| c.as_ref()));
            }
        }
        while let Some(stale) = cursor {
            cursor = stale.next_element_sibling();
            stale.remove();
        }
        *rendered = next;
        dom::show(&n.items, !list.items.is_empty());

        n.foot.set_text_content(None);
        let foot = if list.failed {
            Some(
                h("p")
                    .class("error")
                    .text(Msg::LoadFailed.text(lang))
                    .text(" ")
                    .child(
                        h("button")
                            .attr("type", "button")
                            .class("link")
                            .attr("data-act", "retry")
                            .text(Msg::Retry.text(lang)),
                    ),
            )
        } else if list.loading {
            Some(h("p").class("muted").text(Msg::Loading.text(lang)))
        } else if list.items.is_empty() {
            Some(h("p").class("muted").text(Msg::NoReviews.text(lang)))
        } else {
            None
        };
        if let Some(foot) = foot {
            let _ = n.foot.append_child(&foot.el());
        }
        dom::show(&n.more, list.has_more && !list.loading && !list.failed);
    }

    /// Loads the writer module (once) and mounts the tracking cards and,
    /// with `open`, the form into their places; `focus` moves the keyboard
    /// into the form. A writer already mounted just opens its form.
    fn open_writer(self: &Rc<Self>, open: bool, focus: bool) {
        let Some(loader) = self.cfg.writer.clone() else {
            return;
        };
        match &*self.writer.borrow() {
            Writer::Idle => {}
            Writer::Loading => return,
            Writer::Mounted(handle) => {
                if open {
                    call_method(handle, "open", None);
                    dom::show(&self.nodes.write_button, false);
                }
                return;
            }
        }
        *self.writer.borrow_mut() = Writer::Loading;
        let n = &self.nodes;
        let _ = n.write_button.set_attribute("aria-busy", "true");
        dom::show(&n.write_error, false);
        let weak = Rc::downgrade(self);
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = loader.run(&JsValue::UNDEFINED).await;
            let Some(reader) = alive(&weak) else { return };
            let mounted = loaded
                .ok()
                .and_then(|mount| reader.mount_writer(&mount, open, focus));
            let n = &reader.nodes;
            let _ = n.write_button.remove_attribute("aria-busy");
            let failed = mounted.is_none();
            *reader.writer.borrow_mut() = match mounted {
                Some(handle) => Writer::Mounted(handle),
                None => Writer::Idle,
            };
            dom::show(&n.write_error, failed);
            // The form takes the button's place while it is open.
            dom::show(&n.write_button, failed || !open);
        });
    }

    fn mount_writer(self: &Rc<Self>, mount: &JsValue, open: bool, focus: bool) -> Option<JsValue> {
        let mount = mount.dyn_ref::<Function>()?;
        let weak = Rc::downgrade(self);
        let on_submitted = Closure::<dyn Fn()>::new(move || {
            if let Some(reader) = weak.upgrade() {
                reader.dispatch(ListAction::Reload);
            }
        });
        let weak = Rc::downgrade(self);
        let on_form = Closure::<dyn Fn(JsValue)>::new(move |open: JsValue| {
            if let Some(reader) = weak.upgrade() {
                dom::show(&reader.nodes.write_button, open.as_bool() != Some(true));
            }
        });
        let cfg = &self.cfg;
        let props = ObjBuilder::new()
            .set("site", cfg.site.as_str())
            .set("product", cfg.product.as_str())
            .set("lang", cfg.lang.code())
            .set("api", cfg.api.as_str())
            .set("on_submitted", on_submitted.as_ref().clone())
            .set("on_form", on_form.as_ref().clone())
            .set("focus", focus)
            .set("open", open)
            .build();
        let handle = mount
            .call3(&JsValue::NULL, &self.nodes.form, &self.nodes.cards, &props)
            .ok()?;
        *self.on_submitted.borrow_mut() = Some(on_submitted);
        *self.on_form.borrow_mut() = Some(on_form);
        Some(handle)
    }

    /// The merchant's panel: dispatches `candor-admin` and imports the
    /// panel's bundle; a failure shows a message, the next click retries.
    fn open_panel(self: &Rc<Self>) {
        let cfg = &self.cfg;
        if let Some(host) = &cfg.host {
            crate::widget::dispatch_admin(host, &cfg.site);
        }
        let Some(panel) = cfg.panel.clone() else {
            return;
        };
        let args = ObjBuilder::new()
            .set("api", cfg.api.as_str())
            .set("site", cfg.site.as_str())
            .set("lang", cfg.lang.code())
            .build();
        let weak = Rc::downgrade(self);
        wasm_bindgen_futures::spawn_local(async move {
            let failed = panel.run(&args).await.is_err();
            if let Some(reader) = alive(&weak) {
                dom::show(&reader.nodes.panel_error, failed);
            }
        });
    }
}

/// The reader behind `weak`, unless it was unmounted meanwhile.
fn alive(weak: &Weak<Reader>) -> Option<Rc<Reader>> {
    weak.upgrade().filter(|reader| !reader.closed.get())
}

/// Calls `object.name(arg)`, ignoring failures.
fn call_method(object: &JsValue, name: &str, arg: Option<&JsValue>) {
    if let Some(method) = Reflect::get(object, &name.into())
        .ok()
        .and_then(|m| m.dyn_into::<Function>().ok())
    {
        let _ = match arg {
            Some(arg) => method.call1(object, arg),
            None => method.call0(object),
        };
    }
}

fn button(class: &str, act: &str, label: &str) -> H {
    h("button")
        .attr("type", "button")
        .class(class)
        .attr("data-act", act)
        .text(label)
}

/// The reader's fixed frame: heading and status, the incident region, the
/// places of the summary and the tracking cards, the list with its
/// controls, the way into writing and the footer.
fn shell(cfg: &Config) -> Nodes {
    let lang = cfg.lang;
    let t = |msg: Msg| msg.text(lang);
    let status = h("p").attr("role", "status").attr("aria-live", "polite");
    let hours_list = h("ul");
    let hours = h("details")
        .class("hours")
        .child(h("summary").text(t(Msg::HoursTitle)))
        .child(hours_list.clone());
    let incident = h("div").class("incident-slot").attr("aria-live", "polite");
    let summary = h("div").class("summary-slot");
    let cards = h("div").class("cards-slot");

    let mut sort = h("select").attr("data-act", "sort");
    for (value, msg) in [
        (Sort::Newest, Msg::SortNewest),
        (Sort::Lowest, Msg::SortLowest),
        (Sort::Highest, Msg::SortHighest),
        (Sort::Helpful, Msg::SortHelpful),
    ] {
        let option = h("option").attr("value", value.as_str()).text(t(msg));
        sort = sort.child(if value == Sort::Newest {
            option.attr("selected", "")
        } else {
            option
        });
    }
    let mut filter = h("select").attr("data-act", "filter").child(
        h("option")
            .attr("value", "")
            .attr("selected", "")
            .text(t(Msg::FilterAll)),
    );
    for n in (1..=5u8).rev() {
        let label = i18n::fill(
            Msg::FilterStars,
            lang,
            &[("stars", &i18n::count(&i18n::STARS, f64::from(n), lang))],
        );
        filter = filter.child(h("option").attr("value", &n.to_string()).text(&label));
    }
    let items = h("ol").class("reviews");
    let foot = h("div").class("list-foot").attr("role", "status");
    let more = button("secondary", "more", t(Msg::ShowMore));
    let list = h("section")
        .class("list")
        .attr("data-candor-list", "")
        .child(
            h("div")
                .class("controls")
                .child(
                    h("label")
                        .child(h("span").text(t(Msg::SortLabel)))
                        .child(sort),
                )
                .child(
                    h("label")
                        .child(h("span").text(t(Msg::FilterLabel)))
                        .child(filter),
                ),
        )
        .child(items.clone())
        .child(foot.clone())
        .child(more.clone());

    let write_button = button("primary", "write", t(Msg::WriteButton));
    let write_error = h("p")
        .class("error")
        .attr("role", "alert")
        .text(t(Msg::WriteUnavailable));
    let form = h("div").class("form-slot");
    let write = h("section")
        .class("write")
        .child(write_button.clone())
        .child(write_error.clone())
        .child(form.clone());
    let panel_error = h("p")
        .class("error")
        .attr("role", "alert")
        .text(t(Msg::PanelUnavailable));
    let footer = h("footer")
        .class("foot")
        .child(
            h("a")
                .attr("href", "#candor-admin")
                .attr("data-act", "admin")
                .text(t(Msg::ShopSignIn)),
        )
        .child(panel_error.clone());

    let root = h("div")
        .class(if cfg.dark { "candor dark" } else { "candor" })
        .attr("lang", lang.code())
        .attr("dir", if lang.is_rtl() { "rtl" } else { "ltr" })
        .child(
            h("header")
                .class("top")
                .child(h("h2").text(t(Msg::Title)))
                .child(
                    h("div")
                        .class("status-block")
                        .child(status.clone())
                        .child(hours.clone()),
                ),
        )
        .child(incident.clone())
        .child(summary.clone())
        .child(cards.clone())
        .child(list.clone())
        .child(write)
        .child(footer);
    let nodes = Nodes {
        root: root.el(),
        status: status.el(),
        hours: hours.el(),
        hours_list: hours_list.el(),
        incident: incident.el(),
        summary: summary.el(),
        cards: cards.el(),
        list: list.el(),
        items: items.el(),
        foot: foot.el(),
        more: more.el(),
        write_button: write_button.el(),
        write_error: write_error.el(),
        form: form.el(),
        panel_error: panel_error.el(),
    };
    for hidden in [
        &nodes.hours,
        &nodes.more,
        &nodes.write_error,
        &nodes.panel_error,
    ] {
        dom::show(hidden, false);
    }
    nodes
}

/// A rating shown as five stars, read as "Rated 4 out of 5".
pub fn stars_view(rating: f64, lang: Lang) -> H {
    let full = rating.round().clamp(0.0, 5.0) as usize;
    let label = i18n::fill(
        Msg::RatedOutOf,
        lang,
        &[("n", &intl::number(rating, lang, 1))],
    );
    let mut stars = String::with_capacity(15);
    for i in 0..5 {
        stars.push(if i < full { '★' } else { '☆' });
    }
    h("span")
        .class("stars")
        .attr("role", "img")
        .attr("aria-label", &label)
        .text(&stars)
}

/// The aggregates above the list: average, count, histogram, resolved
/// share, typical answer time, and the shop's promise to publish every
/// review with the link to the public moderation log.
pub fn summary_view(s: &Summary, lang: Lang, log_url: &str) -> H {
    let num = |value: f64| intl::number(value, lang, 0);
    let mut average = h("div").class("average");
    if let Some(value) = s.average {
        average = average
            .child(
                h("span")
                    .class("average-number")
                    .text(&intl::number(value, lang, 1)),
            )
            .child(stars_view(value, lang));
    }
    let count = i18n::fill(Msg::ReviewCount, lang, &[("n", &num(f64::from(s.count)))]);
    average = average.child(h("span").class("muted").text(&count));

    let rows = s.histogram.rows();
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let mut histogram = h("ul").class("histogram");
    for (stars, n) in rows {
        // Widths in 10% steps through classes: a CSP without
        // 'unsafe-inline' blocks style attributes.
        let width = ((f64::from(n) / f64::from(max) * 10.0).round() as u32).to_string();
        let label = i18n::fill(
            Msg::HistogramRow,
            lang,
            &[
                ("stars", &i18n::count(&i18n::STARS, f64::from(stars), lang)),
                ("count", &num(f64::from(n))),
            ],
        );
        let (stars, n) = (num(f64::from(stars)), num(f64::from(n)));
        histogram = histogram.child(
            h("li")
                .child(h("span").class("sr").text(&label))
                .child(
                    h("span")
                        .class("hist-stars")
                        .attr("aria-hidden", "true")
                        .text(&stars)
                        .text("★"),
                )
                .child(
                    h("span")
                        .class("bar")
                        .attr("aria-hidden", "true")
                        .child(h("span").class(&["w", &width].concat())),
                )
                .child(
                    h("span")
                        .class("hist-count")
                        .attr("aria-hidden", "true")
                        .text(&n),
                ),
        );
    }

    let mut facts = h("ul").class("facts");
    if let Some(share) = s.resolved_share {
        let text = i18n::fill(
            Msg::ResolvedShare,
            lang,
            &[("pct", &intl::percent(share, lang))],
        );
        facts = facts.child(h("li").text(&text));
    }
    if let Some(minutes) = s.typical_answer_minutes {
        let time = intl::duration_minutes(minutes, lang);
        facts =
            facts.child(h("li").text(&i18n::fill(Msg::TypicalAnswer, lang, &[("time", &time)])));
    }
    facts = facts.child(
        h("li")
            .text(Msg::PublishesEvery.text(lang))
            .text(" ")
            .child(
                h("a")
                    .attr("href", log_url)
                    .attr("target", "_blank")
                    .attr("rel", "noopener")
                    .text(Msg::ModerationLog.text(lang)),
            ),
    );
    h("section")
        .class("summary")
        .attr("aria-label", Msg::Histogram.text(lang))
        .child(average)
        .child(histogram)
        .child(facts)
}

/// One review: stars, text, name, date, badges and the shop's replies. User
/// text is only ever a text node, isolated with `dir="auto"`/`<bdi>`. A
/// review hidden for abuse is a placeholder with the reason; its replies
/// stay public.
pub fn review_item(review: &Review, lang: Lang) -> H {
    let t = |msg: Msg| msg.text(lang);
    let created = intl::parse_ms(&review.created_at);
    let article = h("article").attr("data-review-id", &review.id);
    if review.status == "hidden" {
        let reason = t(i18n::hidden_reason(review.hidden_reason.as_deref()));
        let text = i18n::fill(Msg::HiddenPlaceholder, lang, &[("reason", reason)]);
        return article
            .class("review hidden-review")
            .child(h("p").class("muted").text(&text))
            .child_opt(replies(&review.replies, lang, Msg::Anonymous.text(lang)));
    }
    let complaint = review.is_complaint();
    let name = review
        .author_name
        .as_deref()
        .filter(|n| !n.trim().is_empty());
    let mut head = h("header")
        .class("review-head")
        .child(stars_view(f64::from(review.rating), lang))
        .child(match name {
            Some(name) => h("bdi").class("author").text(name),
            None => h("span").class("author").text(t(Msg::Anonymous)),
        });
    if let Some(ms) = created {
        head = head.child(
            h("time")
                .attr("datetime", &review.created_at)
                .class("muted")
                .text(&intl::date(ms, lang)),
        );
    }
    if complaint {
        head = head.child(h("span").class("kind").text(t(Msg::Complaint)));
    }
    let resolved = review.has("resolved_confirmed") || review.has("resolved_by_merchant");
    let mut badges = h("ul").class("badges");
    for (name, msg) in BADGES {
        if review.has(name) {
            let class = ["badge ", name, if resolved { " resolved" } else { "" }].concat();
            badges = badges.child(h("li").class(&class).text(t(msg)));
        }
    }
    if review.awaiting_answer() {
        let badge = h("li").class("badge awaiting");
        badges = badges.child(match created {
            // The age is kept current by the reader's minute tick.
            Some(ms) => badge
                .attr("data-since", &review.created_at)
                .text(&awaiting_text(ms, lang)),
            None => badge.text(t(Msg::BadgeAwaiting)),
        });
    }
    // Kind and rating let the merchant's in-page toolbar offer only what
    // makes sense (no "Mark resolved" on a five-star review).
    article
        .attr("data-kind", &review.kind)
        .attr("data-rating", &review.rating.to_string())
        .class(if complaint {
            "review complaint"
        } else {
            "review"
        })
        .child(head)
        .child(h("p").class("text").attr("dir", "auto").text(&review.text))
        .child(badges)
        .child_opt(vote_button(review, lang))
        .child_opt(replies(&review.replies, lang, Msg::Anonymous.text(lang)))
}

/// "Me too" on a published complaint, "Helpful" on a published review, with
/// the count; pressed (`aria-pressed`) when this browser's vote is counted.
fn vote_button(review: &Review, lang: Lang) -> Option<H> {
    if review.status != "published" {
        return None;
    }
    let msg = if review.is_complaint() {
        Msg::MeToo
    } else {
        Msg::Helpful
    };
    let count = review.votes.unwrap_or(0);
    let button = button("vote", "vote", msg.text(lang))
        .attr("aria-pressed", if review.voted { "true" } else { "false" });
    Some(if count > 0 {
        button
            .text(" ")
            .child(
                h("span")
                    .class("count")
                    .text(&intl::number(f64::from(count), lang, 0)),
            )
    } else {
        button
    })
}

/// "Awaiting answer · 5 minutes ago".
fn awaiting_text(since_ms: f64, lang: Lang) -> String {
    [
        Msg::BadgeAwaiting.text(lang),
        " · ",
        &intl::ago(since_ms, lang),
    ]
    .concat()
}

/// The public thread under a review: the shop's replies with the replier's
/// name and how fast they answered, the resolution note under its own
/// label, and the author's own steps under `author_label` ("Customer" in
/// the list, "You" on the author's own tracking card). The writer's
/// tracking cards show the same markup.
pub fn replies(replies: &[Reply], lang: Lang, author_label: &str) -> Option<H> {
    if replies.is_empty() {
        return None;
    }
    let mut list = h("ul").class("replies");
    for reply in replies {
        let by_author = reply.by_author();
        let resolution = reply.kind == "resolution";
        let mut head = h("p").class("reply-head");
        head = if by_author {
            head.child(h("span").text(author_label))
        } else {
            let label = if resolution {
                Msg::ResolutionNote
            } else {
                Msg::ShopReply
            };
            head = head
                .child(h("span").class("reply-label").text(label.text(lang)))
                .text(" · ")
                .child(h("bdi").class("author").text(&reply.author));
            if resolution {
                head
            } else {
                let time = intl::duration_minutes(reply.minutes_after, lang);
                head.text(" · ")
                    .child(h("span").class("muted").text(&i18n::fill(
                        Msg::AnsweredIn,
                        lang,
                        &[("time", &time)],
                    )))
            }
        };
        let class = if by_author {
            "reply by-author"
        } else if resolution {
            "reply resolution"
        } else {
            "reply"
        };
        list = list.child(
            h("li")
                .class(class)
                .child(head)
                .child(h("p").class("text").attr("dir", "auto").text(&reply.text)),
        );
    }
    Some(list)
}

/// The status sentence and its CSS class.
pub fn status_text(status: &SupportStatus, lang: Lang) -> (&'static str, String) {
    let fill = |msg, args: &[(&str, &str)]| i18n::fill(msg, lang, args);
    let promise = intl::duration_minutes(status.promise_minutes, lang);
    if status.open_now {
        let msg = if status.online {
            Msg::StatusOnline
        } else {
            Msg::StatusOpen
        };
        let mut text = fill(msg, &[("promise", &promise)]);
        if let Some(typical) = status.typical_answer_minutes {
            text.push(' ');
            text.push_str(&fill(
                Msg::StatusTypical,
                &[("time", &intl::duration_minutes(typical, lang))],
            ));
        }
        return (if status.online { "online" } else { "open" }, text);
    }
    let next = status.next_open_at.as_deref().and_then(intl::parse_ms);
    let Some(next) = next else {
        return ("offline", Msg::StatusClosed.text(lang).to_owned());
    };
    // The shopper's own clock first; the shop's after it, labelled, when
    // the two differ.
    let mut when = intl::weekday_time(next, lang, None);
    let zone = (!status.timezone.is_empty()).then_some(status.timezone.as_str());
    if let Some(zone) = zone.filter(|zone| intl::differs_from_local(next, zone)) {
        let shop = intl::date_time(
            next,
            lang,
            &[
                ("hour", "2-digit"),
                ("minute", "2-digit"),
                ("timeZone", zone),
            ],
        );
        when.push(' ');
        when.push_str(&fill(Msg::ShopTime, &[("time", &shop)]));
    }
    ("offline", fill(Msg::StatusOffline, &[("when", &when)]))
}

fn hhmm(value: &str) -> Option<(f64, f64)> {
    let (h, m) = value.split_once(':')?;
    Some((
        f64::from(h.trim().parse::<u8>().ok()?),
        f64::from(m.trim().parse::<u8>().ok()?),
    ))
}

/// The opening spans of the next seven days, converted from the shop's time
/// zone to the shopper's (`Monday 10:00–20:00`).
pub fn hours_lines(status: &SupportStatus, lang: Lang) -> Vec<String> {
    let zone = if status.timezone.is_empty() {
        "UTC"
    } else {
        &status.timezone
    };
    let Some([year, month, day, _, _]) = intl::wall_clock(zone, intl::now_ms()) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    for offset in 0..7 {
        let date = day + f64::from(offset);
        let days_since_epoch = (intl::utc_ms(year, month, date, 0.0, 0.0) / 86_400_000.0).floor();
        // 1970-01-01 was a Thursday (4 in JavaScript's Sunday-first count).
        let weekday = ((days_since_epoch + 4.0).rem_euclid(7.0)) as u8;
        for (open, close) in status.hours.weekly.day(weekday) {
            let (Some((oh, om)), Some((ch, cm))) = (hhmm(open), hhmm(close)) else {
                continue;
            };
            let close_date = if (ch, cm) <= (oh, om) {
                date + 1.0
            } else {
                date
            };
            let start = intl::zoned_ms(zone, [year, month, date, oh, om]);
            let end = intl::zoned_ms(zone, [year, month, close_date, ch, cm]);
            if let (Some(start), Some(end)) = (start, end) {
                let mut line = intl::weekday_time(start, lang, None);
                line.push('–');
                line.push_str(&intl::time(end, lang));
                lines.push(line);
            }
        }
    }
    lines
}
