//! A merchant's mail notifications on a site: a mail for each new
//! complaint, and when a complaint's answer deadline is near or broken.
//! Both are on until the merchant turns them off.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::server::http::auth::SiteMerchant;
use crate::server::http::error::{AppError, ErrorBody};
use crate::server::http::ApiJson;
use crate::server::storage::mail::UserMailSettings;
use crate::server::AppState;

/// The signed-in merchant's mail notifications on this site.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// A mail for each new complaint.
    pub new_complaint: bool,
    /// A mail when a complaint's answer deadline is near, and when it is broken.
    pub deadline: bool,
}

impl From<UserMailSettings> for MailSettings {
    fn from(s: UserMailSettings) -> Self {
        MailSettings {
            new_complaint: s.new_complaint,
            deadline: s.deadline,
        }
    }
}

/// The signed-in merchant's mail notifications on this site.
#[utoipa::path(get, path = "/api/v1/sites/{site}/mail-settings", tag = "merchant",
    params(("site" = String, Path, description = "Site id")),
    responses((status = 200, body = MailSettings), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn get_settings(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
) -> Result<ApiJson<MailSettings>, AppError> {
    let settings = state
        .store
        .user_mail_settings(signed_in.merchant.user.id, &signed_in.site)
        .await?;
    Ok(ApiJson(settings.into()))
}

/// Turns the signed-in merchant's mail notifications on this site on or off.
#[utoipa::path(put, path = "/api/v1/sites/{site}/mail-settings", tag = "merchant",
    params(("site" = String, Path, description = "Site id")),
    request_body = MailSettings,
    responses((status = 200, body = MailSettings), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn put_settings(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiJson(body): ApiJson<MailSettings>,
) -> Result<ApiJson<MailSettings>, AppError> {
    let settings = UserMailSettings {
        new_complaint: body.new_complaint,
        deadline: body.deadline,
    };
    state
        .store
        .set_user_mail_settings(signed_in.merchant.user.id, &signed_in.site, settings)
        .await?;
    Ok(ApiJson(body))
}
