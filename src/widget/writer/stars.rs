//! The keyboard-operable rating input (the read-only stars are the reader's):
//! five native radio buttons in a fieldset, so arrow keys, Tab and screen
//! readers work as for any radio group; the stars are their visible labels.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use super::i18n::WMsg;
use super::Ctx;
use crate::widget::dom::h;
use crate::widget::intl;

/// The rating input's nodes.
#[derive(Debug)]
pub struct StarsInput {
    /// The `<fieldset class="stars-input">`.
    pub el: Element,
    labels: Vec<(Element, HtmlInputElement)>,
}

impl StarsInput {
    /// Builds the group with `value` (0 for none) chosen. The radios are
    /// named `rating`; their `change` events carry the new value.
    pub fn new(ctx: &Ctx, value: u8) -> StarsInput {
        let mut row = h("div").class("stars-row");
        let mut labels = Vec::with_capacity(5);
        for n in 1..=5u8 {
            let digit = char::from(b'0' + n).to_string();
            let input = h("input")
                .attr("type", "radio")
                .attr("name", "rating")
                .attr("value", &digit);
            let label = h("label")
                .class("star")
                .child(input.clone())
                .child(h("span").attr("aria-hidden", "true").text("★"));
            let text = ctx.fill(
                WMsg::StarOption,
                &[("n", &intl::number(f64::from(n), ctx.lang, 0))],
            );
            let label = label.child(h("span").class("sr").text(&text));
            row = row.child(label.clone());
            labels.push((label.el(), input.el().unchecked_into()));
        }
        let el = h("fieldset")
            .class("stars-input")
            .child(h("legend").text(ctx.t(WMsg::RatingLabel)))
            .child(row)
            .el();
        let stars = StarsInput { el, labels };
        stars.set(value);
        stars
    }

    /// Shows `value` (0 for none) as chosen.
    pub fn set(&self, value: u8) {
        for (n, (label, input)) in (1..=5u8).zip(&self.labels) {
            label.set_class_name(if n <= value { "star on" } else { "star" });
            input.set_checked(n == value);
        }
    }

    /// Marks the group invalid and described by the error `error_id`, or
    /// clears that.
    pub fn set_error(&self, error_id: Option<&str>) {
        match error_id {
            Some(id) => {
                let _ = self.el.set_attribute("aria-describedby", id);
            }
            None => {
                let _ = self.el.remove_attribute("aria-describedby");
            }
        }
        for (_, input) in &self.labels {
            super::set_invalid(input, error_id.is_some());
        }
    }
}
