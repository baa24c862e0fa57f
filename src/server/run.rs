//! Running the server: open the database, start the background tasks (event
//! listener, status ticker, webhook worker), serve until Ctrl-C/SIGTERM, then finish
//! in-flight requests and end live streams.

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
    // Mail runs where webhooks run (the outbox workers of this instance).
    let mail_worker = if state.config.webhooks {
        crate::server::mailer::spawn_worker(state.clone())
    } else {
        None
    };
    tracing::info!(%address, backend = state.store.backend(), "candor is listening");
    let stopping = state.clone();
    let header_timeout = Duration::from_secs(state.config.header_read_timeout_secs.max(1));
    let result = accept_loop(
        listener,
        app(state),
        header_timeout,
        Box::pin(async move {
            shutdown.await;
            tracing::info!("shutting down: finishing in-flight requests");
            stopping.begin_shutdown();
        }),
    )
    .await;
    ticker.abort();
    if let Some(task) = webhook_worker {
        // It stops by itself at shutdown; an attempt in flight is retried
        // by whichever instance claims it after its lease.
        task.abort();
    }
    if let Some(task) = mail_worker {
        // Like webhooks: a mail in flight is sent again after its lease.
        task.abort();
    }
    if let Some(task) = listener_task {
        task.abort();
    }
    tracing::info!("stopped");
    result
}

/// Accepts connections until `shutdown` completes, then waits for the
/// in-flight ones. Every connection must send a request's headers within
/// `header_timeout` (hyper's header-read timeout, which also closes an idle
/// keep-alive connection), so clients that trickle bytes or send nothing
/// cannot hold connections open.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    header_timeout: Duration,
    mut shutdown: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;

    // HTTP/1.1 only (browsers speak it to a plain-HTTP server; TLS and
    // HTTP/2 end at the reverse proxy): detecting the version first would
    // wait for bytes outside the header-read timeout.
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        let (socket, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(err) => {
                    // Out of descriptors and the like: wait, then go on.
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = socket.set_nodelay(true);
        let service = tower::ServiceExt::map_request(
            router.clone(),
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(remote));
                request
            },
        );
        let connection = builder
            .serve_connection(TokioIo::new(socket), TowerToHyperService::new(service))
            .into_owned();
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = watched.await {
                tracing::debug!(error = %err, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
