//! The keyboard-operable rating input (the read-only stars are the reader's).

use yew::prelude::*;

use super::i18n::WMsg;
use super::use_ctx;

/// Properties of [`StarsInput`].
#[derive(Debug, Properties, PartialEq)]
pub struct StarsInputProps {
    /// The chosen rating, 0 for none.
    pub value: u8,
    /// Called with the new rating.
    pub on_change: Callback<u8>,
    /// Id of the error message describing the group, when there is one.
    #[prop_or_default]
    pub error_id: Option<AttrValue>,
}

/// The rating input: five native radio buttons in a fieldset, so arrow keys,
/// Tab and screen readers work as for any radio group; the stars are their
/// visible labels.
#[function_component(StarsInput)]
pub fn stars_input(props: &StarsInputProps) -> Html {
    let ctx = use_ctx();
    let value = props.value;
    html! {
        <fieldset class="stars-input" aria-describedby={props.error_id.clone()}>
            <legend>{ ctx.t(WMsg::RatingLabel) }</legend>
            <div class="stars-row">
                { for (1..=5u8).map(|n| {
                    let on_change = props.on_change.clone();
                    let label = ctx.fill(WMsg::StarOption, &[("n", &crate::widget::intl::number(f64::from(n), ctx.lang, 0))]);
                    html! {
                        <label class={classes!("star", (n <= value).then_some("on"))}>
                            <input type="radio" name="rating" value={n.to_string()}
                                checked={n == value}
                                aria-invalid={props.error_id.as_ref().map(|_| "true")}
                                onchange={Callback::from(move |_| on_change.emit(n))} />
                            <span aria-hidden="true">{"★"}</span>
                            <span class="sr">{label}</span>
                        </label>
                    }
                }) }
            </div>
        </fieldset>
    }
}
