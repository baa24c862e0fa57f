//! Order registration: the shop tells Candor about an order, and reviews
//! quoting its number (or written from its e-mail) get the `verified_order`
//! badge. The order, the reviews' new state and the live events announcing
//! the badges are written in one transaction, so a change and its
//! announcement never disagree.
//!
//! A badge means what it says: one order verifies **at most one review per
//! ordered product** (one review in all when the shop does not send the
//! order's products), and when the order carries an e-mail hash, only a
//! review written from that e-mail. Knowing an order number is not enough.

use crate::server::events::REVIEW_UPDATED;
use crate::server::rules::error::RuleError;
use crate::server::rules::views::linked_review_event;
use crate::server::storage::{OrderRecord, ReviewRecord, Storage, StoreError, WriteBatch};
use crate::server::AppState;

/// Whether `order` may verify a review from `email_sha256` about `product`,
/// given the products of the reviews it already verified (`taken`).
pub fn may_verify(
    order: &OrderRecord,
    email_sha256: Option<&str>,
    product: Option<&str>,
    taken: &[Option<String>],
) -> bool {
    if order
        .email_sha256
        .as_deref()
        .is_some_and(|email| email_sha256 != Some(email))
    {
        return false;
    }
    if order.products.is_empty() {
        return taken.is_empty();
    }
    let Some(product) = product else {
        return false;
    };
    order.products.iter().any(|p| p == product)
        && !taken.iter().any(|t| t.as_deref() == Some(product))
}

/// Whether a review (not stored yet, or being updated) earns the
/// `verified_order` badge from one of the site's registered orders.
pub async fn verifies(store: &dyn Storage, review: &ReviewRecord) -> Result<bool, StoreError> {
    let orders = store
        .orders_matching(
            &review.site,
            review.order_ref.as_deref(),
            review.email_sha256.as_deref(),
        )
        .await?;
    for order in orders {
        let taken = store.verified_products(&order).await?;
        if may_verify(
            &order,
            review.email_sha256.as_deref(),
            review.product.as_deref(),
            &taken,
        ) {
            return Ok(true);
        }
    }
    Ok(false)
}

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
        let mut taken = store.verified_products(current).await?;
        let matching: Vec<ReviewRecord> = matching
            .into_iter()
            .filter(|review| {
                let ok = may_verify(
                    current,
                    review.email_sha256.as_deref(),
                    review.product.as_deref(),
                    &taken,
                );
                if ok {
                    taken.push(review.product.clone());
                }
                ok
            })
            .collect();
        if matching.is_empty() && order.is_none() {
            break;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn order(email: Option<&str>, products: &[&str]) -> OrderRecord {
        OrderRecord {
            site: "shop".into(),
            order_ref: "A-1".into(),
            order_date: None,
            email_sha256: email.map(str::to_owned),
            created_at: 0,
            products: products.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    #[test]
    fn one_review_per_ordered_product() {
        let two = order(None, &["kettle", "mug"]);
        assert!(may_verify(&two, None, Some("kettle"), &[]));
        assert!(!may_verify(
            &two,
            None,
            Some("kettle"),
            &[Some("kettle".into())]
        ));
        assert!(may_verify(
            &two,
            None,
            Some("mug"),
            &[Some("kettle".into())]
        ));
        assert!(!may_verify(&two, None, Some("sofa"), &[]));
        assert!(!may_verify(&two, None, None, &[]));
        // Without products: one review in all.
        let any = order(None, &[]);
        assert!(may_verify(&any, None, Some("kettle"), &[]));
        assert!(!may_verify(
            &any,
            None,
            Some("mug"),
            &[Some("kettle".into())]
        ));
    }

    #[test]
    fn an_order_with_an_email_verifies_only_that_email() {
        let with = order(Some("e1"), &[]);
        assert!(may_verify(&with, Some("e1"), None, &[]));
        assert!(!may_verify(&with, Some("e2"), None, &[]));
        assert!(!may_verify(&with, None, None, &[]));
    }
}
