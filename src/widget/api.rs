//! The one client of the server's public API: every URL the widget calls is
//! built here. Requests go through the browser's `fetch`, answers are parsed
//! by the browser (`Response.json()`) and read with serde-wasm-bindgen, so no
//! JSON parser is compiled into the bundle.

use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

use crate::core::lang::Lang;
use crate::widget::js::{FromJs, Obj, ToJs};
use crate::widget::state::{AuthorView, ReviewPage, Sort, Submission, Submitted, SupportStatus};

/// Why a request failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server could not be reached (offline, DNS, CORS, timeout).
    Network,
    /// The server answered with an error.
    Http {
        /// HTTP status.
        status: u16,
        /// Stable snake_case code (`text_too_short`, ...).
        code: String,
        /// Human text in the widget's language.
        message: String,
        /// The offending field, for validation errors.
        field: Option<String>,
    },
}

impl ApiError {
    /// Whether trying again later may help (network trouble, overload,
    /// rate limit) as opposed to a request the server rejects.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network => true,
            ApiError::Http { status, .. } => *status == 429 || *status >= 500,
        }
    }

    /// The endpoint does not exist on this server (an older deployment).
    pub fn is_missing(&self) -> bool {
        matches!(self, ApiError::Http { status: 404 | 405, code, .. } if code.is_empty() || code == "not_found")
    }

    /// A 200 answer whose JSON does not have the expected shape.
    pub(crate) fn unexpected_answer() -> ApiError {
        ApiError::Http {
            status: 200,
            code: "unexpected_answer".into(),
            message: String::new(),
            field: None,
        }
    }
}

/// How a request authenticates: a shopper sends their author token in
/// `X-Candor-Token` for their own review (never in the URL, which ends up in
/// logs); the merchant panel sends the session cookie with the CSRF header
/// the server requires for it, and its bearer token when it has one.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Auth<'a> {
    /// Send cookies (`credentials: include`) and `X-Candor-CSRF: 1`.
    pub session: bool,
    /// `Authorization: Bearer ...`.
    pub bearer: Option<&'a str>,
    /// `X-Candor-Token: ...` (the author's token).
    pub author: Option<&'a str>,
    /// `X-Candor-Voter: ...` (this browser's voter id).
    pub voter: Option<&'a str>,
}

/// A shopper's action on their own review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorAction {
    /// Confirm the shop's resolution.
    Confirm,
    /// Say the problem is not solved.
    Reopen,
    /// Withdraw the review.
    Withdraw,
    /// Send the requested order details.
    Details,
}

impl AuthorAction {
    fn path(self) -> &'static str {
        match self {
            AuthorAction::Confirm => "/confirm",
            AuthorAction::Reopen => "/reopen",
            AuthorAction::Withdraw => "/withdraw",
            AuthorAction::Details => "/details",
        }
    }
}

/// The API of one site on one server.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    base: Rc<str>,
    site: Rc<str>,
    lang: Lang,
}

/// `encodeURIComponent`.
pub(crate) fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

impl Api {
    /// The API at `base` (scheme and host, e.g. `https://reviews.example`)
    /// for `site`, asking for error messages in `lang`.
    pub fn new(base: &str, site: &str, lang: Lang) -> Self {
        Api {
            base: base.trim_end_matches('/').into(),
            site: site.into(),
            lang,
        }
    }

    fn site_url(&self, tail: &str) -> String {
        let mut url = String::with_capacity(self.base.len() + 40);
        url.push_str(&self.base);
        url.push_str("/api/v1/sites/");
        url.push_str(&encode(&self.site));
        url.push_str(tail);
        url
    }

    /// The author's private page, token in the fragment (never sent to a
    /// server): `/r/{id}#{token}`.
    pub fn private_link(&self, id: &str, token: &str) -> String {
        let mut url = String::with_capacity(self.base.len() + 100);
        url.push_str(&self.base);
        url.push_str("/r/");
        url.push_str(&encode(id));
        url.push('#');
        url.push_str(token);
        url
    }

    fn review_url(&self, id: &str, tail: &str) -> String {
        let mut url = String::with_capacity(self.base.len() + 60);
        url.push_str(&self.base);
        url.push_str("/api/v1/reviews/");
        url.push_str(&encode(id));
        url.push_str(tail);
        url
    }

    /// `GET /sites/{site}/reviews?product=&rating=&sort=&page=`.
    pub fn reviews_url(&self, product: &str, rating: Option<u8>, sort: Sort, page: u32) -> String {
        let mut url = self.site_url("/reviews?sort=");
        url.push_str(sort.as_str());
        url.push_str("&page=");
        url.push_str(&page.to_string());
        if !product.is_empty() {
            url.push_str("&product=");
            url.push_str(&encode(product));
        }
        if let Some(rating) = rating {
            url.push_str("&rating=");
            url.push(char::from(b'0' + rating.min(5)));
        }
        url
    }

    /// The live event stream (Server-Sent Events).
    pub fn events_url(&self) -> String {
        self.site_url("/events")
    }

    /// The public moderation log, linked from the summary.
    pub fn moderation_log_url(&self) -> String {
        self.site_url("/moderation-log")
    }

    /// One page of published reviews with the summary.
    pub async fn reviews(
        &self,
        product: &str,
        rating: Option<u8>,
        sort: Sort,
        page: u32,
    ) -> Result<ReviewPage, ApiError> {
        self.get(&self.reviews_url(product, rating, sort, page))
            .await
    }

    /// The live support status.
    pub async fn status(&self) -> Result<SupportStatus, ApiError> {
        self.status_as().await
    }

    /// The live support status read as `T`: the writer reads only whether
    /// and when support opens (not the week's hours or an incident).
    pub async fn status_as<T: FromJs>(&self) -> Result<T, ApiError> {
        self.get(&self.site_url("/status")).await
    }

    /// Publishes a review or complaint.
    pub async fn submit(&self, submission: &Submission) -> Result<Submitted, ApiError> {
        self.send("POST", &self.site_url("/reviews"), Some(submission), None)
            .await
    }

    /// The author's view of their own review.
    pub async fn author_view(&self, id: &str, token: &str) -> Result<AuthorView, ApiError> {
        self.send::<(), AuthorView>("GET", &self.review_url(id, ""), None, Some(token))
            .await
    }

    /// An author action; `body` carries the order details for
    /// [`AuthorAction::Details`].
    pub async fn author_action<B: ToJs>(
        &self,
        id: &str,
        token: &str,
        action: AuthorAction,
        body: Option<&B>,
    ) -> Result<(), ApiError> {
        let url = self.review_url(id, action.path());
        self.send::<B, ()>("POST", &url, body, Some(token)).await
    }

    /// Casts (`cast`) or takes back this browser's "Me too" or "Helpful";
    /// answers whether it is counted and the count.
    pub async fn vote(&self, id: &str, voter: &str, cast: bool) -> Result<(bool, u32), ApiError> {
        let auth = Auth {
            voter: Some(voter),
            ..Auth::default()
        };
        let method = if cast { "PUT" } else { "DELETE" };
        let url = self.review_url(id, "/vote");
        let json = fetch_json(method, &url, None, self.lang, auth).await?;
        let o = Obj::of(&json).ok_or_else(ApiError::unexpected_answer)?;
        Ok((o.bool("voted"), o.num("count").max(0.0) as u32))
    }

    async fn get<T: FromJs>(&self, url: &str) -> Result<T, ApiError> {
        self.send::<(), T>("GET", url, None, None).await
    }

    async fn send<B: ToJs, T: FromJs>(
        &self,
        method: &str,
        url: &str,
        body: Option<&B>,
        author: Option<&str>,
    ) -> Result<T, ApiError> {
        let body = body.map(ToJs::to_js);
        let auth = Auth {
            author,
            ..Auth::default()
        };
        let json = fetch_json(method, url, body, self.lang, auth).await?;
        T::from_js(&json).ok_or_else(ApiError::unexpected_answer)
    }
}

/// Runs one request and returns the parsed JSON answer (`null` for an empty
/// body), or the server's `{error, message, field}` as an [`ApiError`].
pub(crate) async fn fetch_json(
    method: &str,
    url: &str,
    body: Option<JsValue>,
    lang: Lang,
    auth: Auth<'_>,
) -> Result<JsValue, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let init = RequestInit::new();
    init.set_method(method);
    let headers = Object::new();
    let header = |k: &str, v: &str| {
        let _ = Reflect::set(&headers, &k.into(), &v.into());
    };
    header("Accept-Language", lang.code());
    if auth.session {
        init.set_credentials(RequestCredentials::Include);
        header("X-Candor-CSRF", "1");
    }
    if let Some(token) = auth.bearer {
        header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(token) = auth.author {
        header("X-Candor-Token", token);
    }
    if let Some(voter) = auth.voter {
        header("X-Candor-Voter", voter);
    }
    if let Some(body) = body {
        let text = js_sys::JSON::stringify(&body).map_err(|_| ApiError::Network)?;
        init.set_body(&text);
        header("Content-Type", "application/json");
    }
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| ApiError::Network)?
        .dyn_into()
        .map_err(|_| ApiError::Network)?;
    let status = response.status();
    let json = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    };
    if response.ok() {
        return Ok(json);
    }
    let text = |key: &str| {
        Reflect::get(&json, &key.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    Err(ApiError::Http {
        status,
        code: text("error").unwrap_or_default(),
        message: text("message").unwrap_or_default(),
        field: text("field"),
    })
}
