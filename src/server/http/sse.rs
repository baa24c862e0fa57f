//! `GET /api/v1/sites/{site}/events`: Server-Sent Events with the site's live
//! status first, then new reviews, replies and resolutions as they happen.
//! A client that reconnects with `Last-Event-ID` first receives the stored
//! events it missed — at most [`REPLAY_LIMIT`] of them and none older than
//! [`REPLAY_MAX_AGE_MS`]; a client further behind gets one `reload` event
//! instead (read the list again) and the live events from then on. One
//! client address holds at most `sse_connections_per_client` streams.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::wrappers::BroadcastStream;
use utoipa::IntoParams;

use crate::server::events::{LiveEvent, STATUS};
use crate::server::http::error::ErrorCode;
use crate::server::http::error::{AppError, ErrorBody};
use crate::server::http::{load_site, ApiPath, ApiQuery, ClientIp};
use crate::server::rules::client::client_key;
use crate::server::rules::live_status;
use crate::server::{now_ms, AppState};

/// Most stored events replayed on one reconnection.
pub const REPLAY_LIMIT: i64 = 100;
/// Oldest stored event replayed on a reconnection.
pub const REPLAY_MAX_AGE_MS: i64 = 60 * 60 * 1000;
/// The event telling a client it is too far behind for a replay.
pub const RELOAD: &str = "reload";

/// Resume position for clients that cannot set headers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Same as the `Last-Event-ID` header.
    pub last_event_id: Option<i64>,
}

fn to_sse(event: &LiveEvent) -> Event {
    let sse = Event::default().event(&event.name).data(&event.data);
    match event.id {
        Some(id) => sse.id(id.to_string()),
        None => sse,
    }
}

/// The live event stream of a site. Events: `status`, `review_created`,
/// `reply_created`, `review_resolved`, `review_updated`, `reload` (too far
/// behind for a replay: read the list again); keep-alive comments every
/// 15 s. 429 `too_many_connections` when the client address holds too many
/// streams.
#[utoipa::path(get, path = "/api/v1/sites/{site}/events", tag = "public",
    params(("site" = String, Path, description = "Site id"), EventsQuery,
        ("Last-Event-ID" = Option<i64>, Header, description = "Resume after this event id")),
    responses((status = 200, description = "text/event-stream", content_type = "text/event-stream"),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    ApiPath(site): ApiPath<String>,
    ApiQuery(query): ApiQuery<EventsQuery>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let site = load_site(&state, &site).await?;
    let client = client_key(ip, state.config.ipv6_prefix);
    let slot = state
        .sse_clients
        .open(&client, state.config.sse_connections_per_client)
        .ok_or_else(|| AppError::rate_limited(ErrorCode::TooManyConnections, 60))?;
    let last_id = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(query.last_event_id);
    // Subscribe before reading the backlog so nothing falls in between.
    let receiver = state.hub.subscribe();
    let now = now_ms();
    let backlog: Vec<LiveEvent> = match last_id {
        Some(after) => {
            let missed = state
                .store
                .events_after(&site.id, after, REPLAY_LIMIT + 1)
                .await?;
            let too_far = missed.len() as i64 > REPLAY_LIMIT
                || missed
                    .first()
                    .is_some_and(|e| e.created_at < now - REPLAY_MAX_AGE_MS);
            if too_far {
                // Its id moves the client's Last-Event-ID forward, so its
                // next reconnection replays from here, after the reload.
                vec![LiveEvent {
                    id: missed.last().map(|e| e.id),
                    site: site.id.clone(),
                    name: RELOAD.to_owned(),
                    data: "{}".to_owned(),
                }]
            } else {
                missed.into_iter().map(LiveEvent::from).collect()
            }
        }
        None => Vec::new(),
    };
    let mut seen = backlog
        .iter()
        .filter_map(|e: &LiveEvent| e.id)
        .max()
        .or(last_id)
        .unwrap_or(0);
    let status = live_status::compute(state.store.as_ref(), &site, now).await?;
    let status_event = LiveEvent {
        id: None,
        site: site.id.clone(),
        name: STATUS.to_owned(),
        data: serde_json::to_string(&status).map_err(|e| AppError::internal(e.to_string()))?,
    };
    let site_id = site.id.clone();
    let live = BroadcastStream::new(receiver)
        // A client too slow for the buffer is disconnected; it reconnects
        // with Last-Event-ID and catches up from the database.
        .take_while(|item| {
            std::future::ready(!matches!(item, Err(BroadcastStreamRecvError::Lagged(_))))
        })
        .filter_map(move |item| {
            let keep = match item {
                Ok(event) if event.site == site_id => match event.id {
                    Some(id) if id <= seen => None,
                    Some(id) => {
                        seen = id;
                        Some(event)
                    }
                    None => Some(event),
                },
                _ => None,
            };
            std::future::ready(keep)
        });
    let replay = stream::iter(
        std::iter::once(status_event)
            .chain(backlog)
            .map(Arc::new)
            .collect::<Vec<_>>(),
    );
    let mut shutdown = state.shutdown.clone();
    let stopped = async move {
        // Ends the stream when shutdown starts (or the sender is gone).
        let _ = shutdown.wait_for(|down| *down).await;
    };
    let stream = replay.chain(live).take_until(stopped).map(move |event| {
        // The slot lives as long as the stream.
        let _counted = &slot;
        Ok(to_sse(&event))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
