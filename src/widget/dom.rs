//! A few lines of DOM building for the reader's views, in place of a
//! framework: the reader's parts are small and mostly read-only, and a
//! virtual DOM would cost more bytes than the views themselves.
//!
//! Text only ever enters the page as text nodes ([`H::text`]); there is no
//! way to set HTML through this module.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Node};

thread_local! {
    static DOCUMENT: Option<Document> = web_sys::window().and_then(|w| w.document());
}

/// The page's document (the widget only runs in a page).
pub fn document() -> Document {
    DOCUMENT
        .with(|d| d.clone())
        .expect("the widget runs in a page")
}

/// An element under construction.
#[derive(Debug, Clone)]
pub struct H(pub Element);

/// Starts an element `tag`.
pub fn h(tag: &str) -> H {
    // Not `expect`: that would format the JS error with `Debug`, bringing
    // wasm-bindgen's `debugString` into both modules' glue.
    match document().create_element(tag) {
        Ok(element) => H(element),
        Err(_) => panic!("a valid tag name"),
    }
}

impl H {
    /// Sets the `class` attribute.
    pub fn class(self, class: &str) -> Self {
        self.0.set_class_name(class);
        self
    }

    /// Sets an attribute.
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Appends a text node (never parsed as HTML).
    pub fn text(self, text: &str) -> Self {
        append_text(&self.0, text);
        self
    }

    /// Appends a child element.
    pub fn child(self, child: impl AsRef<Node>) -> Self {
        let _ = self.0.append_child(child.as_ref());
        self
    }

    /// Appends a child element when there is one.
    pub fn child_opt(self, child: Option<H>) -> Self {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }

    /// The element.
    pub fn el(self) -> Element {
        self.0
    }
}

impl AsRef<Node> for H {
    fn as_ref(&self) -> &Node {
        &self.0
    }
}

/// Appends a text node to `parent`.
pub fn append_text(parent: &Element, text: &str) {
    let _ = parent.append_child(&document().create_text_node(text));
}

/// Replaces `parent`'s children with `children`.
pub fn replace(parent: &Element, children: &[&Node]) {
    parent.set_text_content(None);
    for child in children {
        let _ = parent.append_child(child);
    }
}

/// Shows or hides an element (the `hidden` attribute).
pub fn show(element: &Element, visible: bool) {
    if let Some(element) = element.dyn_ref::<HtmlElement>() {
        element.set_hidden(!visible);
    }
}
