//! Running the server: open the database, start the background tasks (event
//! listener, status ticker, webhook worker), serve until Ctrl-C/SIGTERM, then finish
//! in-flight requests and end live streams.

use std::net::SocketAddr;
use std::time::Duration;

use crate::server::rules::live_status;
use crate::server::{app, delivery, events, AppState};

/// How often live status is recomputed for SSE clients.
pub const STATUS_PERIOD: Duration = Duration::from_secs(15);

/// Waits for Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Serves `state` on its configured address until a shutdown signal.
pub async fn serve(state: AppState) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(state.config.addr).await?;
    serve_on(state, listener, shutdown_signal()).await
}

/// Serves on an already bound listener until `shutdown` completes.
pub async fn serve_on(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    let listener_task = events::spawn_listener(state.store.clone(), state.hub.clone());
    let ticker = live_status::spawn_ticker(state.clone(), STATUS_PERIOD);
    let webhook_worker = state
        .config
        .webhooks
        .then(|| delivery::spawn_worker(state.clone()));
    tracing::info!(%address, backend = state.store.backend(), "candor is listening");
    let stopping = state.clone();
    let result = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: finishing in-flight requests");
        stopping.begin_shutdown();
    })
    .await;
    ticker.abort();
    if let Some(task) = webhook_worker {
        // It stops by itself at shutdown; an attempt in flight is retried
        // by whichever instance claims it after its lease.
        task.abort();
    }
    if let Some(task) = listener_task {
        task.abort();
    }
    tracing::info!("stopped");
    result
}
