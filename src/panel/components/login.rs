//! The sign-in dialog: modal, focus kept inside (Tab wraps), Escape cancels.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::core::lang::Lang;
use crate::panel::i18n::Msg;

/// Props of [`LoginDialog`].
#[derive(Properties, PartialEq)]
pub struct LoginDialogProps {
    /// UI language.
    pub lang: Lang,
    /// An error to show (wrong password, ...).
    pub error: Option<String>,
    /// A sign-in is running.
    pub busy: bool,
    /// `(email, password)`.
    pub on_submit: Callback<(String, String)>,
    /// Cancel (closes the panel).
    pub on_cancel: Callback<()>,
}

/// Moves focus within `dialog` so Tab never leaves it.
pub fn trap_focus(dialog: &Element, event: &KeyboardEvent) {
    if event.key() != "Tab" {
        return;
    }
    let Ok(nodes) = dialog.query_selector_all(
        "button:not([disabled]), input:not([disabled]), select, textarea, a[href]",
    ) else {
        return;
    };
    let list: Vec<HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (list.first(), list.last()) else {
        return;
    };
    let active = dialog
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|root| root.active_element());
    let at = |el: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<Element>())
    };
    if event.shift_key() && (at(first) || active.is_none()) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && at(last) {
        event.prevent_default();
        let _ = first.focus();
    }
}

/// The modal sign-in dialog.
#[function_component(LoginDialog)]
pub fn login_dialog(props: &LoginDialogProps) -> Html {
    let lang = props.lang;
    let dialog = use_node_ref();
    let email = use_node_ref();
    let password = use_node_ref();
    {
        let email = email.clone();
        use_effect_with((), move |_| {
            if let Some(input) = email.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        });
    }
    let onkeydown = {
        let (dialog, cancel) = (dialog.clone(), props.on_cancel.clone());
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                cancel.emit(());
            } else if let Some(dialog) = dialog.cast::<Element>() {
                trap_focus(&dialog, &event);
            }
        })
    };
    let onsubmit = {
        let (email, password, submit) = (email.clone(), password.clone(), props.on_submit.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            submit.emit((value(&email), value(&password)));
        })
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <div class="backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="candor-login-title"
                ref={dialog} {onkeydown}>
                <h2 id="candor-login-title">{ Msg::SignInTitle.text(lang) }</h2>
                <form {onsubmit}>
                    <label for="candor-login-email">{ Msg::Email.text(lang) }</label>
                    <input id="candor-login-email" ref={email} type="email" name="email"
                        autocomplete="username" required=true />
                    <label for="candor-login-password">{ Msg::Password.text(lang) }</label>
                    <input id="candor-login-password" ref={password} type="password" name="password"
                        autocomplete="current-password" required=true />
                    <p class="error" role="alert">{ props.error.clone().unwrap_or_default() }</p>
                    <div class="row">
                        <button type="submit" class="primary" disabled={props.busy}>{ Msg::SignIn.text(lang) }</button>
                        <button type="button" onclick={cancel}>{ Msg::Cancel.text(lang) }</button>
                    </div>
                </form>
            </div>
        </div>
    }
}
