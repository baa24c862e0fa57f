//! Merchant endpoints: login/logout, the queue, presence heartbeats and the
//! moderation actions. Every action requires a session with a role on the
//! site in the path (shoppers get 401, other sites' merchants 403) and is
//! recorded with who did it.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::core::lang::Lang;
use crate::core::model::{AbuseReason, Status};
use crate::server::http::auth::{clear_cookie, session_cookie, Merchant, SiteMerchant};
use crate::server::http::dto::{
    AbuseBody, ActionOut, HistoryOut, LoginBody, LoginOut, MeOut, MembershipOut, MovedPrivateBody,
    NoteBody, QueueOut, QueueQuery, ReplyBody, TriageBody,
};
use crate::server::http::error::{AppError, ErrorBody, ErrorCode};
use crate::server::http::{load_site, page_number, ApiJson, ApiPath, ApiQuery, ClientIp};
use crate::server::rules::accounts::random_token;
use crate::server::rules::hours::rfc3339;
use crate::server::rules::login;
use crate::server::rules::moderation::{self, merchant_action, ActionResult, MerchantAction};
use crate::server::rules::validate::sha256_hex;
use crate::server::rules::views::{panel_item, panel_items};
use crate::server::rules::{live_status, triage};
use crate::server::storage::{Membership, QueueFilter, Suspected, UserRecord};
use crate::server::{now_ms, AppState};

/// Items per page of the queue.
pub const QUEUE_PAGE: i64 = 50;
/// Most reviews shown in an author's history.
pub const HISTORY_LIMIT: i64 = 20;

fn me_out(user: &UserRecord, memberships: &[Membership]) -> MeOut {
    MeOut {
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        sites: memberships
            .iter()
            .map(|m| MembershipOut {
                site: m.site.clone(),
                role: m.role.as_str().to_owned(),
            })
            .collect(),
    }
}

/// Signs a merchant in: sets an HttpOnly session cookie and returns a bearer
/// token. Failed attempts are limited per address and per account and
/// address, and slowed down per account (see `rules::login`).
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "merchant",
    request_body = LoginBody,
    responses((status = 200, body = LoginOut), (status = 401, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response, AppError> {
    let user = login::sign_in(&state, &body.email, body.password, ip, now_ms()).await?;
    let token = random_token();
    let now = now_ms();
    let max_age_secs = state.config.session_hours.max(1) * 3600;
    let expires_at = now + max_age_secs * 1000;
    state
        .store
        .create_session(&sha256_hex(&token), user.id, now, expires_at)
        .await?;
    let memberships = state.store.memberships(user.id).await?;
    // Secure whenever the client reached us over HTTPS (the proxy says so),
    // not only when the operator set the flag.
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"));
    let cookie = session_cookie(&token, max_age_secs, state.config.secure_cookies || https);
    let body = LoginOut {
        token,
        expires_at: rfc3339(expires_at),
        me: me_out(&user, &memberships),
    };
    let mut response = ApiJson(body).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Ends the session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "merchant",
    responses((status = 204, description = "signed out"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn logout(
    State(state): State<AppState>,
    merchant: Merchant,
) -> Result<Response, AppError> {
    state.store.delete_session(&merchant.session_sha256).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&clear_cookie(state.config.secure_cookies)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Who is signed in, and on which sites.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "merchant",
    responses((status = 200, body = MeOut), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn me(merchant: Merchant) -> ApiJson<MeOut> {
    ApiJson(me_out(&merchant.user, &merchant.memberships))
}

/// The moderation queue: unanswered complaints by deadline first.
#[utoipa::path(get, path = "/api/v1/sites/{site}/queue", tag = "merchant",
    params(("site" = String, Path, description = "Site id"), QueueQuery),
    responses((status = 200, body = QueueOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn queue(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiQuery(query): ApiQuery<QueueQuery>,
) -> Result<ApiJson<QueueOut>, AppError> {
    let site = load_site(&state, &signed_in.site).await?;
    if let Some(status) = &query.status {
        if Status::parse(status).is_none() {
            return Err(AppError::invalid(ErrorCode::InvalidStatus, "status"));
        }
    }
    let page = page_number(query.page)?;
    if query.rating.is_some_and(|r| !(1..=5).contains(&r)) {
        return Err(AppError::invalid(ErrorCode::InvalidRating, "rating"));
    }
    let suspected = match query.suspected.as_deref() {
        None => None,
        Some("template") => Some(Suspected::Template),
        Some("campaign") => Some(Suspected::Campaign),
        Some("any") => Some(Suspected::Any),
        Some(_) => return Err(AppError::invalid(ErrorCode::InvalidSuspected, "suspected")),
    };
    let topic = match query.topic.as_deref() {
        Some(t) => Some(triage::parse_topic(t)?.code().to_owned()),
        None => None,
    };
    let priority = match query.priority.as_deref() {
        Some(p) => Some(triage::parse_priority(p)?.code().to_owned()),
        None => None,
    };
    let lang = match query.lang.as_deref() {
        Some(l) => Some(
            Lang::parse(l)
                .ok_or_else(|| AppError::invalid(ErrorCode::InvalidLang, "lang"))?
                .code()
                .to_owned(),
        ),
        None => None,
    };
    let q = query
        .q
        .as_deref()
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return Err(AppError::too_long(ErrorCode::InvalidQ, "q", 200));
    }
    let filter = QueueFilter {
        status: query.status,
        open_only: query.open.unwrap_or(false),
        topic,
        priority,
        rating: query.rating,
        suspected,
        lang,
        q,
        limit: QUEUE_PAGE + 1,
        offset: (page - 1) * QUEUE_PAGE,
    };
    let store = state.store.as_ref();
    let mut reviews = store.queue(&site.id, &filter).await?;
    let has_more = reviews.len() as i64 > QUEUE_PAGE;
    reviews.truncate(QUEUE_PAGE as usize);
    let mut items = panel_items(store, &site.id, &reviews, now_ms()).await?;
    crate::server::rules::insights::attach_incidents(
        store,
        items.iter_mut().map(|i| &mut i.review),
    )
    .await?;
    Ok(ApiJson(QueueOut {
        items,
        page,
        has_more,
    }))
}

/// Marks the merchant present; `online` is true while someone heartbeated
/// within 5 minutes and support is open. Send every minute or two.
#[utoipa::path(post, path = "/api/v1/sites/{site}/heartbeat", tag = "merchant",
    params(("site" = String, Path, description = "Site id")),
    responses((status = 204, description = "recorded"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn heartbeat(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
) -> Result<StatusCode, AppError> {
    let site = load_site(&state, &signed_in.site).await?;
    state
        .store
        .heartbeat(&site.id, signed_in.merchant.user.id, now_ms())
        .await?;
    live_status::refresh(&state, &site).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks the merchant away at once (closing the panel), instead of waiting
/// for the 5 minutes without a heartbeat.
#[utoipa::path(delete, path = "/api/v1/sites/{site}/heartbeat", tag = "merchant",
    params(("site" = String, Path, description = "Site id")),
    responses((status = 204, description = "away"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn away(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
) -> Result<StatusCode, AppError> {
    let site = load_site(&state, &signed_in.site).await?;
    state
        .store
        .clear_heartbeat(&site.id, signed_in.merchant.user.id)
        .await?;
    live_status::refresh(&state, &site).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn action_out(result: ActionResult) -> ApiJson<ActionOut> {
    ApiJson(ActionOut {
        item: panel_item(&result.review, &result.replies, &result.panel, now_ms()),
        action_id: result.action_id,
        undo_until: result.undo_until.map(rfc3339),
    })
}

async fn act(
    state: &AppState,
    signed_in: &SiteMerchant,
    id: &str,
    action: MerchantAction,
) -> Result<ApiJson<ActionOut>, AppError> {
    let site = load_site(state, &signed_in.site).await?;
    let result = merchant_action(state, &site, &signed_in.merchant, id, action).await?;
    Ok(action_out(result))
}

/// Takes back the signed-in merchant's own action within its undo window
/// (10 s): the review returns to its state before it, a reply is retracted,
/// a ban lifted; logged as `undo`. Never changes the shopper's words or stars.
#[utoipa::path(post, path = "/api/v1/sites/{site}/actions/{action_id}/undo", tag = "merchant",
    params(("site" = String, Path, description = "Site id"),
        ("action_id" = i64, Path, description = "The action's id (`action_id` of its response)")),
    responses((status = 200, body = ActionOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "not_your_site, not_your_action"),
        (status = 404, body = ErrorBody, description = "action_not_found"),
        (status = 409, body = ErrorBody,
            description = "undo_expired, already_undone, undo_superseded, not_undoable")),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn undo(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiPath((_site, action_id)): ApiPath<(String, i64)>,
) -> Result<ApiJson<ActionOut>, AppError> {
    let site = load_site(&state, &signed_in.site).await?;
    let result = moderation::undo(&state, &site, &signed_in.merchant, action_id).await?;
    Ok(action_out(result))
}

/// The author's other reviews on the site (same e-mail hash or order
/// number), newest first, at most 20.
#[utoipa::path(get, path = "/api/v1/sites/{site}/reviews/{id}/history", tag = "merchant",
    params(("site" = String, Path, description = "Site id"),
        ("id" = String, Path, description = "Review id")),
    responses((status = 200, body = HistoryOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn history(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiPath((_site, id)): ApiPath<(String, String)>,
) -> Result<ApiJson<HistoryOut>, AppError> {
    let review = moderation::load_review(&state, &signed_in.site, &id).await?;
    let store = state.store.as_ref();
    let reviews = store
        .history(&signed_in.site, &review, HISTORY_LIMIT)
        .await?;
    let items = panel_items(store, &signed_in.site, &reviews, now_ms()).await?;
    Ok(ApiJson(HistoryOut { items }))
}

fn abuse_reason(reason: &str) -> Result<AbuseReason, AppError> {
    AbuseReason::parse(reason.trim())
        .ok_or_else(|| AppError::invalid(ErrorCode::InvalidReason, "reason"))
}

/// Declares one moderation action endpoint: `POST
/// /api/v1/sites/{site}/reviews/{id}/<path>` with a body mapped to a
/// [`MerchantAction`].
macro_rules! action_endpoint {
    (
        $(#[$doc:meta])*
        $name:ident, $path:literal, $body:ty, |$b:ident| $make:expr
    ) => {
        $(#[$doc])*
        #[utoipa::path(post, path = $path, tag = "merchant",
            params(("site" = String, Path, description = "Site id"),
                ("id" = String, Path, description = "Review id")),
            request_body = $body,
            responses((status = 200, body = ActionOut), (status = 401, body = ErrorBody),
                (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
                (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
            security(("bearer" = []), ("cookie" = [])))]
        pub async fn $name(
            State(state): State<AppState>,
            signed_in: SiteMerchant,
            ApiPath((_site, id)): ApiPath<(String, String)>,
            ApiJson($b): ApiJson<$body>,
        ) -> Result<ApiJson<ActionOut>, AppError> {
            let action = $make;
            act(&state, &signed_in, &id, action).await
        }
    };
}

action_endpoint! {
    /// Publishes a merchant's answer under the review.
    reply, "/api/v1/sites/{site}/reviews/{id}/replies", ReplyBody,
    |body| MerchantAction::Reply(body.text)
}

action_endpoint! {
    /// Marks the review resolved with a public note; the author may confirm.
    resolve, "/api/v1/sites/{site}/reviews/{id}/resolve", NoteBody,
    |body| MerchantAction::Resolve(body.note.unwrap_or_default())
}

action_endpoint! {
    /// Asks the author (through their private link) for order number and date.
    request_details, "/api/v1/sites/{site}/reviews/{id}/request-details", NoteBody,
    |body| MerchantAction::RequestDetails(body.note)
}

action_endpoint! {
    /// Publishes the standard "we could not find this order" note, allowed
    /// after the site's wait without an answer to a details request.
    order_not_found, "/api/v1/sites/{site}/reviews/{id}/order-not-found", NoteBody,
    |_body| MerchantAction::OrderNotFound
}

action_endpoint! {
    /// Notes publicly that the conversation continues privately; a `message`
    /// goes to the author privately (webhook `message.private`, their link),
    /// 422 `no_email` when they left no e-mail.
    moved_private, "/api/v1/sites/{site}/reviews/{id}/moved-private", MovedPrivateBody,
    |body| MerchantAction::MovedPrivate { note: body.note, message: body.message }
}

action_endpoint! {
    /// Marks a thread as trolling: no reply expected, no deadline (publicly
    /// logged as `stop_engaging`); `reopen` clears it.
    stop_engaging, "/api/v1/sites/{site}/reviews/{id}/stop-engaging", NoteBody,
    |body| MerchantAction::StopEngaging(body.note)
}

action_endpoint! {
    /// Changes the topic and/or priority the core assigned.
    triage, "/api/v1/sites/{site}/reviews/{id}/triage", TriageBody,
    |body| MerchantAction::Triage { topic: body.topic, priority: body.priority }
}

action_endpoint! {
    /// Hides abusive content with a stated reason (publicly logged).
    hide, "/api/v1/sites/{site}/reviews/{id}/hide", AbuseBody,
    |body| MerchantAction::Hide(abuse_reason(&body.reason)?)
}

action_endpoint! {
    /// Publishes hidden or held content again (publicly logged).
    release, "/api/v1/sites/{site}/reviews/{id}/release", NoteBody,
    |_body| MerchantAction::Release
}

action_endpoint! {
    /// Bans the review's author (by e-mail and address), as a last resort.
    ban, "/api/v1/sites/{site}/reviews/{id}/ban", AbuseBody,
    |body| MerchantAction::Ban(abuse_reason(&body.reason)?, body.days)
}

action_endpoint! {
    /// Reopens a resolved review.
    reopen, "/api/v1/sites/{site}/reviews/{id}/reopen", NoteBody,
    |_body| MerchantAction::Reopen
}
