//! The shop's incident notice above the list: a known problem (a delayed
//! delivery batch, an outage) the shop announces once instead of answering
//! each complaint alone. It arrives with the support status, so it appears
//! and disappears live over the `status` event.

use yew::prelude::*;

use super::use_ctx;
use crate::widget::i18n::Msg;
use crate::widget::state::Incident;

/// Properties of [`IncidentNotice`].
#[derive(Debug, Properties, PartialEq)]
pub struct IncidentNoticeProps {
    /// The newest open incident, if any.
    pub incident: Option<Incident>,
}

/// The notice. The live region is always rendered (empty without an
/// incident) so screen readers announce a notice that opens later; the
/// shop's text is a text node isolated with `<bdi dir="auto">`.
#[function_component(IncidentNotice)]
pub fn incident_notice(props: &IncidentNoticeProps) -> Html {
    let ctx = use_ctx();
    html! {
        <div class="incident-slot" aria-live="polite">
            if let Some(incident) = &props.incident {
                <aside class="incident" data-incident-id={incident.id.to_string()}>
                    <p class="incident-title">{ ctx.t(Msg::IncidentTitle) }</p>
                    <p class="incident-text"><bdi dir="auto">{ incident.text.clone() }</bdi></p>
                </aside>
            }
        </div>
    }
}
