//! Stars: a read-only rating and the keyboard-operable rating input.

use yew::prelude::*;

use super::use_ctx;
use crate::widget::i18n::Msg;

/// Properties of [`StarsView`].
#[derive(Debug, Properties, PartialEq)]
pub struct StarsViewProps {
    /// 0..=5 (fractions are rounded).
    pub rating: f64,
}

/// A rating shown as five stars, read as "Rated 4 out of 5".
#[function_component(StarsView)]
pub fn stars_view(props: &StarsViewProps) -> Html {
    let ctx = use_ctx();
    let full = props.rating.round().clamp(0.0, 5.0) as usize;
    let label = ctx.fill(
        Msg::RatedOutOf,
        &[("n", &crate::widget::intl::number(props.rating, ctx.lang, 1))],
    );
    let mut stars = String::with_capacity(15);
    for i in 0..5 {
        stars.push(if i < full { '★' } else { '☆' });
    }
    html! {
        <span class="stars" role="img" aria-label={label}>{stars}</span>
    }
}

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
            <legend>{ ctx.t(Msg::RatingLabel) }</legend>
            <div class="stars-row">
                { for (1..=5u8).map(|n| {
                    let on_change = props.on_change.clone();
                    let label = ctx.fill(Msg::StarOption, &[("n", &crate::widget::intl::number(f64::from(n), ctx.lang, 0))]);
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
