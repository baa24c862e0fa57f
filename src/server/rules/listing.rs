//! The public review list and its summary, computed once for every surface
//! that shows them: the JSON list, the server-rendered HTML, the JSON-LD,
//! the star badges and the product-review feed. Sharing this code is what
//! keeps the search-engine markup equal to what a shopper sees.

use crate::core::model::Status;
use crate::server::rules::views::{replies_by_review, review_item};
use crate::server::storage::{
    ReviewFilter, ReviewRecord, ReviewSort, Storage, StoreError, SummaryCounts,
};
use crate::server::wire::ReviewItem;

/// Reviews per page of the public list.
pub const PAGE_SIZE: i64 = 20;

/// Aggregates of published reviews as every public surface shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Published reviews (held, hidden and withdrawn ones never count).
    pub count: i64,
    /// Mean rating rounded to two decimals; `None` when there are none.
    pub average: Option<f64>,
    /// Count per star rating, index 0 = one star.
    pub histogram: [i64; 5],
    /// Share of published complaints that were resolved (0..=1, three
    /// decimals); `None` when there are none.
    pub resolved_share: Option<f64>,
}

/// The summary of stored counts.
pub fn summarise(counts: &SummaryCounts) -> Summary {
    let total: i64 = counts
        .histogram
        .iter()
        .enumerate()
        .map(|(i, n)| (i as i64 + 1) * n)
        .sum();
    Summary {
        count: counts.count,
        average: (counts.count > 0)
            .then(|| (total as f64 / counts.count as f64 * 100.0).round() / 100.0),
        histogram: counts.histogram,
        resolved_share: (counts.complaints > 0)
            .then(|| (counts.resolved as f64 / counts.complaints as f64 * 1000.0).round() / 1000.0),
    }
}

/// The summary of a site's published reviews (of one product, if given).
pub async fn summary(
    store: &dyn Storage,
    site: &str,
    product: Option<&str>,
) -> Result<Summary, StoreError> {
    Ok(summarise(&store.summary(site, product).await?))
}

/// Which page of the public list.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRequest {
    /// Only this product.
    pub product: Option<String>,
    /// Only this rating.
    pub rating: Option<i64>,
    /// Order.
    pub sort: ReviewSort,
    /// From 1.
    pub page: i64,
}

impl PageRequest {
    /// The first page of a product's reviews, newest first.
    pub fn product(product: Option<String>, page: i64) -> Self {
        PageRequest {
            product,
            rating: None,
            sort: ReviewSort::Newest,
            page,
        }
    }
}

/// One page of the public list.
#[derive(Debug, Clone)]
pub struct Page {
    /// Published reviews and the placeholders of reviews hidden for abuse,
    /// with replies, badges and incident links.
    pub items: Vec<ReviewItem>,
    /// Whether another page follows.
    pub has_more: bool,
    /// The newest time (Unix ms) of any review or reply on the page.
    pub newest_change: i64,
}

/// A page of the public list, exactly as the JSON API returns it.
pub async fn page(
    store: &dyn Storage,
    site: &str,
    request: &PageRequest,
) -> Result<Page, StoreError> {
    let filter = ReviewFilter {
        product: request.product.clone(),
        rating: request.rating,
        sort: request.sort,
        limit: PAGE_SIZE + 1,
        offset: (request.page - 1) * PAGE_SIZE,
    };
    let mut reviews = store.published(site, &filter).await?;
    let has_more = reviews.len() as i64 > PAGE_SIZE;
    reviews.truncate(PAGE_SIZE as usize);
    let replies = replies_by_review(store, &reviews).await?;
    let mut newest_change = 0;
    let mut items: Vec<ReviewItem> = Vec::with_capacity(reviews.len());
    for review in &reviews {
        let own = replies.get(&review.id).map(Vec::as_slice).unwrap_or(&[]);
        newest_change = own
            .iter()
            .map(|r| r.created_at)
            .chain([review.created_at, newest_change])
            .max()
            .unwrap_or(newest_change);
        items.push(review_item(review, own));
    }
    crate::server::rules::insights::attach_incidents(store, items.iter_mut()).await?;
    crate::server::rules::votes::attach_votes(store, items.iter_mut()).await?;
    Ok(Page {
        items,
        has_more,
        newest_change,
    })
}

/// Whether a listed item is a published review a search engine may count
/// (not the placeholder of a review hidden for abuse).
pub fn is_published(item: &ReviewItem) -> bool {
    item.status == Status::Published.as_str()
}

/// The most product ids one star-badge request may ask for.
pub const MAX_BATCH_PRODUCTS: usize = 100;

/// The summaries of many products, in the order asked; a product without
/// published reviews has a zero count.
pub async fn product_summaries(
    store: &dyn Storage,
    site: &str,
    products: &[String],
) -> Result<Vec<(String, Summary)>, StoreError> {
    let found = store.product_summaries(site, products).await?;
    Ok(products
        .iter()
        .map(|product| {
            let counts = found
                .iter()
                .find(|(p, _)| p == product)
                .map(|(_, c)| c.clone())
                .unwrap_or_default();
            (product.clone(), summarise(&counts))
        })
        .collect())
}

/// Published reviews of a site for the product-review feed, oldest first
/// (so pages stay stable while new reviews arrive): hidden placeholders and
/// reviews not about a product are left out, so a page may hold fewer than
/// `per_page` entries; `has_more` says whether to ask for the next.
pub async fn feed_page(
    store: &dyn Storage,
    site: &str,
    page: i64,
    per_page: i64,
) -> Result<(Vec<ReviewRecord>, bool), StoreError> {
    let filter = ReviewFilter {
        product: None,
        rating: None,
        sort: ReviewSort::Oldest,
        limit: per_page + 1,
        offset: (page - 1) * per_page,
    };
    let mut reviews = store.published(site, &filter).await?;
    let has_more = reviews.len() as i64 > per_page;
    reviews.truncate(per_page as usize);
    reviews.retain(|r| r.state.status == Status::Published && r.product.is_some());
    Ok((reviews, has_more))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_rounds_like_the_api() {
        let counts = SummaryCounts {
            count: 3,
            histogram: [1, 0, 0, 1, 1],
            resolved: 1,
            complaints: 3,
        };
        let summary = summarise(&counts);
        assert_eq!(summary.average, Some(3.33));
        assert_eq!(summary.resolved_share, Some(0.333));
        assert_eq!(summarise(&SummaryCounts::default()).average, None);
    }
}
