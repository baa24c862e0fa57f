//! Review requests: how merchants get reviews. When the shop registers an
//! order with the customer's e-mail, Candor sends one request after the
//! site's delay (7 days after the order date by default, or after the
//! `delivered` time the shop may post later) and at most one reminder. The
//! mail's link is signed for that order and works once: the review written
//! through it gets `verified_order`.
//!
//! Never gated: requests do not depend on a rating or on anything the
//! customer said (asking only happy customers is review gating, FTC 16 CFR
//! 465). Never for an order that already has a review, never to an address
//! that unsubscribed from the site or that the mail server refused. The
//! address is deleted once the request and the reminder are queued (or when
//! the request stops).
//!
//! Every function takes `now`, so tests move the clock.

use crate::server::rules::error::{ErrorCode, RuleError};
use crate::server::rules::mail;
use crate::server::rules::mail_links::{self, Purpose};
use crate::server::rules::validate::sha256_hex;
use crate::server::storage::mail::ReviewRequestRecord;
use crate::server::storage::{ReviewRecord, SiteRecord};
use crate::server::AppState;

const DAY_MS: i64 = 86_400_000;

/// What the shop told about an order, for its review request.
#[derive(Debug, Clone, Default)]
pub struct OrderContact {
    /// The customer's address (validated, lowercased).
    pub email: Option<String>,
    /// Delivery time, Unix ms.
    pub delivered_at: Option<i64>,
    /// Language code for the mails.
    pub lang: Option<String>,
}

/// When a request for an order placed at `order_at` (delivered at
/// `delivered_at`) is due: the site's delay after the later of the two.
pub fn due_at(order_at: i64, delivered_at: Option<i64>, delay_days: i64) -> i64 {
    order_at.max(delivered_at.unwrap_or(order_at)) + delay_days.max(0) * DAY_MS
}

/// Schedules (or re-schedules) the review request of a registered order.
/// An order posted again with only `delivered` moves the request's due time
/// while nothing was sent yet. Without an address and no request, nothing
/// happens.
#[allow(clippy::too_many_arguments)]
pub async fn schedule(
    state: &AppState,
    site: &SiteRecord,
    order_ref: &str,
    order_date: Option<&str>,
    products: &[String],
    contact: OrderContact,
    now: i64,
) -> Result<(), RuleError> {
    if !state.config.mail_enabled() {
        return Ok(());
    }
    let store = state.store.as_ref();
    let existing = store.review_request(&site.id, order_ref).await?;
    let (email, email_sha256) = match (&contact.email, &existing) {
        (Some(email), _) => (Some(email.clone()), sha256_hex(email)),
        (None, Some(existing)) => (None, existing.email_sha256.clone()),
        (None, None) => return Ok(()),
    };
    if contact.email.is_some() && store.suppression(&site.id, &email_sha256).await?.is_some() {
        return Ok(());
    }
    let order_at = order_date
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp_millis())
        .or(existing.as_ref().map(|e| e.order_at))
        .unwrap_or(now);
    let delivered_at = contact
        .delivered_at
        .or(existing.as_ref().and_then(|e| e.delivered_at));
    let settings = store.site_mail_settings(&site.id).await?;
    let request = ReviewRequestRecord {
        site: site.id.clone(),
        order_ref: order_ref.to_owned(),
        email,
        email_sha256,
        products: match (&existing, products.is_empty()) {
            (Some(existing), true) => existing.products.clone(),
            _ => products.to_vec(),
        },
        lang: contact.lang,
        order_at,
        delivered_at,
        sent: 0,
        next_due_at: Some(due_at(order_at, delivered_at, settings.request_delay_days)),
        used_at: None,
        created_at: now,
    };
    store.upsert_review_request(&request).await?;
    Ok(())
}

/// Queues the review requests and reminders due at `now`; returns how many
/// mails were queued.
pub async fn scan(state: &AppState, now: i64) -> Result<usize, RuleError> {
    let store = state.store.as_ref();
    let mut queued = 0;
    for request in store.due_review_requests(now, 200).await? {
        let Some(site) = store.site(&request.site).await? else {
            continue;
        };
        let stop = match &request.email {
            None => true,
            Some(_) => {
                request.used_at.is_some()
                    || store
                        .order_has_review(&site.id, &request.order_ref, &request.email_sha256)
                        .await?
                    || store
                        .suppression(&site.id, &request.email_sha256)
                        .await?
                        .is_some()
            }
        };
        let Some(email) = request.email.as_deref().filter(|_| !stop) else {
            store
                .advance_review_request(&request, request.sent, None, true, &[])
                .await?;
            continue;
        };
        let settings = store.site_mail_settings(&site.id).await?;
        let mail = mail::review_request(state, &site, &request, email, now);
        // After the request, one reminder; after the reminder, nothing, and
        // the address is forgotten.
        let (next, forget) = if request.sent == 0 {
            (
                Some(now + settings.reminder_delay_days.max(1) * DAY_MS),
                false,
            )
        } else {
            (None, true)
        };
        if store
            .advance_review_request(&request, request.sent, next, forget, &[mail])
            .await?
        {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Checks a review request's link used by a submission: signed for this
/// site and the order the review quotes, the request exists and was not
/// used, and the product is one of the order's. Returns the (site, order)
/// to mark used in the submission's transaction.
pub async fn check_link(
    state: &AppState,
    site: &SiteRecord,
    review: &ReviewRecord,
    token: &str,
    now: i64,
) -> Result<Option<(String, String)>, RuleError> {
    let invalid = || RuleError::Forbidden(ErrorCode::InvalidRequestToken);
    let order_ref = review.order_ref.as_deref().ok_or_else(invalid)?;
    let subject = format!("{}|{order_ref}", site.id);
    if !mail_links::verify(
        &state.mail_key,
        Purpose::ReviewRequest,
        &subject,
        token,
        now / 1000,
    ) {
        return Err(invalid());
    }
    let request = state
        .store
        .review_request(&site.id, order_ref)
        .await?
        .ok_or_else(invalid)?;
    if request.used_at.is_some() {
        return Err(RuleError::Conflict(ErrorCode::RequestUsed));
    }
    if !request.products.is_empty()
        && !review
            .product
            .as_ref()
            .is_some_and(|p| request.products.contains(p))
    {
        return Err(invalid());
    }
    Ok(Some((site.id.clone(), order_ref.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_after_the_later_of_order_and_delivery() {
        assert_eq!(due_at(0, None, 7), 7 * DAY_MS);
        assert_eq!(due_at(0, Some(3 * DAY_MS), 7), 10 * DAY_MS);
        assert_eq!(due_at(5 * DAY_MS, Some(DAY_MS), 7), 12 * DAY_MS);
        assert_eq!(due_at(0, None, -3), 0);
    }
}
