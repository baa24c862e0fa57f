//! The list: sort and star filter, the reviews, "show more", and the
//! "could not load reviews, retry" state.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::{use_ctx, ReviewItem};
use crate::widget::i18n::Msg;
use crate::widget::intl;
use crate::widget::state::{ListAction, ListState, Sort};

/// Properties of [`ReviewList`].
#[derive(Debug, Properties, PartialEq)]
pub struct ReviewListProps {
    /// The list state and its reducer.
    pub list: UseReducerHandle<ListState>,
}

fn select_value(event: &Event) -> String {
    event.target_unchecked_into::<HtmlSelectElement>().value()
}

/// The review list with its controls.
#[function_component(ReviewList)]
pub fn review_list(props: &ReviewListProps) -> Html {
    let ctx = use_ctx();
    let state = &props.list;
    let on_sort = {
        let dispatch = props.list.dispatcher();
        Callback::from(move |e: Event| {
            dispatch.dispatch(ListAction::Sort(Sort::parse(&select_value(&e))))
        })
    };
    let on_filter = {
        let dispatch = props.list.dispatcher();
        Callback::from(move |e: Event| {
            dispatch.dispatch(ListAction::Filter(select_value(&e).parse().ok()))
        })
    };
    let more = {
        let dispatch = props.list.dispatcher();
        Callback::from(move |_| dispatch.dispatch(ListAction::More))
    };
    let retry = {
        let dispatch = props.list.dispatcher();
        let page = state.page;
        Callback::from(move |_| {
            dispatch.dispatch(if page > 1 {
                ListAction::More
            } else {
                ListAction::Reload
            })
        })
    };
    let sorts = [
        (Sort::Newest, Msg::SortNewest),
        (Sort::Lowest, Msg::SortLowest),
        (Sort::Highest, Msg::SortHighest),
    ];
    html! {
        <section class="list" data-candor-list="" aria-busy={state.loading.to_string()}>
            <div class="controls">
                <label>
                    <span>{ ctx.t(Msg::SortLabel) }</span>
                    <select onchange={on_sort}>
                        { for sorts.iter().map(|(sort, msg)| html! {
                            <option value={sort.as_str()} selected={*sort == state.sort}>{ ctx.t(*msg) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ ctx.t(Msg::FilterLabel) }</span>
                    <select onchange={on_filter}>
                        <option value="" selected={state.rating.is_none()}>{ ctx.t(Msg::FilterAll) }</option>
                        { for (1..=5u8).rev().map(|n| html! {
                            <option value={n.to_string()} selected={state.rating == Some(n)}>
                                { ctx.fill(Msg::FilterStars, &[("n", &intl::number(f64::from(n), ctx.lang, 0))]) }
                            </option>
                        }) }
                    </select>
                </label>
            </div>
            if !state.items.is_empty() {
                <ol class="reviews">
                    { for state.items.iter().map(|review| html! {
                        <li key={review.id.clone()}><ReviewItem review={review.clone()} /></li>
                    }) }
                </ol>
            }
            <div class="list-foot" role="status">
                if state.failed {
                    <p class="error">{ ctx.t(Msg::LoadFailed) }{" "}
                        <button type="button" class="link" onclick={retry}>{ ctx.t(Msg::Retry) }</button>
                    </p>
                } else if state.loading {
                    <p class="muted">{ ctx.t(Msg::Loading) }</p>
                } else if state.items.is_empty() {
                    <p class="muted">{ ctx.t(Msg::NoReviews) }</p>
                }
            </div>
            if state.has_more && !state.loading && !state.failed {
                <button type="button" class="secondary" onclick={more}>{ ctx.t(Msg::ShowMore) }</button>
            }
        </section>
    }
}
