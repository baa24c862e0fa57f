//! Order registration: the shop tells Candor about an order, and reviews
//! quoting its number (or written from its e-mail) get the `verified_order`
//! badge. The order, the reviews' new state and the live events announcing
//! the badges are written in one transaction, so a change and its
//! announcement never disagree.

use crate::server::events::REVIEW_UPDATED;
use crate::server::rules::error::RuleError;
use crate::server::rules::views::linked_review_event;
use crate::server::storage::{OrderRecord, StoreError, WriteBatch};
use crate::server::AppState;

/// How many times a registration is retried when a matching review changed
/// (or a matching review arrived) while it was being written.
const ATTEMPTS: usize = 4;

/// Registers `order` and verifies the reviews that match it; returns the
/// ids of the reviews that became verified, oldest first.
pub async fn register(state: &AppState, order: OrderRecord) -> Result<Vec<String>, RuleError> {
    let store = state.store.as_ref();
    let mut verified = Vec::new();
    let mut order = Some(order);
    let mut registered: Option<OrderRecord> = None;
    for attempt in 1..=ATTEMPTS {
        let current = order.as_ref().or(registered.as_ref()).expect("an order");
        let matching = store
            .unverified_for_order(
                &current.site,
                &current.order_ref,
                current.email_sha256.as_deref(),
            )
            .await?;
        if matching.is_empty() && order.is_none() {
            break;
        }
        let mut batch = WriteBatch {
            orders: order.iter().cloned().collect(),
            ..WriteBatch::default()
        };
        let ids: Vec<String> = matching.iter().map(|r| r.id.clone()).collect();
        let replies = store.replies(&ids).await?;
        for mut review in matching {
            review.state.verified_order = true;
            if review.state.is_public() {
                let own: Vec<_> = replies
                    .iter()
                    .filter(|r| r.review_id == review.id)
                    .cloned()
                    .collect();
                batch
                    .events
                    .push(linked_review_event(store, REVIEW_UPDATED, &review, &own, None).await?);
            }
            batch.updates.push(review);
        }
        match store.write(batch).await {
            Ok(events) => {
                state.hub.announce(store, events);
                verified.extend(ids);
                // Registered: look once more for reviews that arrived
                // meanwhile and were checked before the order existed.
                registered = registered.or(order.take());
            }
            Err(StoreError::StaleVersion) if attempt < ATTEMPTS => continue,
            Err(err) => return Err(err.into()),
        }
    }
    Ok(verified)
}
