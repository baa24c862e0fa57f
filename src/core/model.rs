//! The domain model of reviews, complaints and their moderation, without I/O.
//!
//! The server loads a [`ReviewState`], asks it to apply an action (a merchant's
//! reply, a resolution, the author's confirmation, ...) and stores the result.
//! Every rule about what may happen to a review lives here, so the widget, the
//! panel and the server agree on it: a merchant can never edit a shopper's
//! text or rating nor delete a review, and a resolution badge says who
//! declared the problem solved.

use serde::{Deserialize, Serialize};

/// Declares a string-backed enum with a stable snake_case wire name, a parser
/// and the list of all its values, so the API, the database and the UI use one
/// spelling.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable snake_case name used in JSON and in the database.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $wire, )* }
            }

            /// Parses the wire name; `None` for anything else.
            pub fn parse(value: &str) -> Option<Self> {
                match value { $( $wire => Some($name::$variant), )* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum! {
    /// Whether a shopper wrote a review (an opinion) or a complaint (a problem
    /// that needs an answer before a deadline).
    pub enum ReviewKind {
        /// An opinion about a product or the shop.
        Review => "review",
        /// A problem the merchant must answer; it gets an answer deadline.
        Complaint => "complaint",
    }
}

wire_enum! {
    /// Whether a review is shown on the storefront. Reviews are published
    /// immediately; the other states are exceptions, each publicly logged.
    pub enum Status {
        /// Shown to everyone. The default for every submission.
        Published => "published",
        /// Held as part of a campaign of near-identical template texts.
        Held => "held",
        /// Hidden for abuse (insults, slurs, threats, personal data).
        Hidden => "hidden",
        /// Withdrawn by its own author; only the author may do this.
        Withdrawn => "withdrawn",
    }
}

wire_enum! {
    /// How a complaint ended, when it has.
    pub enum Resolution {
        /// The merchant marked it resolved; the author has not confirmed yet.
        ResolvedByMerchant => "resolved_by_merchant",
        /// The author confirmed the merchant's resolution.
        ResolvedConfirmed => "resolved_confirmed",
    }
}

wire_enum! {
    /// A public label shown next to a review.
    pub enum Badge {
        /// The order reference or e-mail matches an order the shop registered.
        VerifiedOrder => "verified_order",
        /// The author confirmed that the problem was solved.
        ResolvedConfirmed => "resolved_confirmed",
        /// The merchant says the problem was solved; not confirmed yet.
        ResolvedByMerchant => "resolved_by_merchant",
        /// The merchant has answered in public.
        Answered => "answered",
        /// The conversation continues in a private channel.
        MovedPrivate => "moved_private",
        /// The merchant asked the author for order details.
        DetailsRequested => "details_requested",
    }
}

wire_enum! {
    /// What kind of public entry a reply is: free text by a merchant, or one of
    /// the standard steps of the moderation flow.
    pub enum ReplyKind {
        /// A merchant's public answer.
        Answer => "answer",
        /// The note the merchant wrote when marking the complaint resolved.
        Resolution => "resolution",
        /// A public request for the order number and date.
        DetailsRequest => "details_request",
        /// The public note that the conversation moved to a private channel.
        MovedPrivate => "moved_private",
        /// The public note that the author sent the requested order details
        /// (the details themselves stay private).
        DetailsProvided => "details_provided",
        /// The standard note that no matching order could be found.
        OrderNotFound => "order_not_found",
        /// A note that the complaint was reopened (by the author or merchant).
        Reopened => "reopened",
        /// The author's confirmation that the problem was solved.
        AuthorConfirmed => "author_confirmed",
    }
}

wire_enum! {
    /// Why content was hidden or an author banned. Being negative is never one.
    pub enum AbuseReason {
        /// Insults toward staff or other people.
        Insult => "insult",
        /// Racist or otherwise hateful slurs.
        Slur => "slur",
        /// Threats of violence.
        Threat => "threat",
        /// Someone's personal data (phone, address, ...) published.
        PersonalData => "personal_data",
        /// Harassment or repeated abuse.
        Harassment => "harassment",
        /// Spam unrelated to the shop.
        Spam => "spam",
    }
}

wire_enum! {
    /// An entry of the public moderation log: everything that changed a
    /// review's visibility or an author's rights, with who did it.
    pub enum ModerationAction {
        /// Content hidden for abuse, with a stated reason.
        Hide => "hide",
        /// Hidden or held content published again.
        Release => "release",
        /// A review held automatically as part of a template campaign.
        CampaignHold => "campaign_hold",
        /// An author banned from posting, as a last resort.
        Ban => "ban",
        /// The author withdrew their own review.
        Withdraw => "withdraw",
        /// A resolution reopened.
        Reopen => "reopen",
        /// The "we could not find this order" note published.
        OrderNotFound => "order_not_found",
        /// A thread marked as trolling: no reply expected, no deadline.
        StopEngaging => "stop_engaging",
        /// An earlier action taken back within its undo window.
        Undo => "undo",
        /// A merchant's public answer (private log entry: the reply is public).
        Reply => "reply",
        /// A resolution declared by the merchant (private log entry).
        Resolve => "resolve",
        /// Order details requested (private log entry).
        RequestDetails => "request_details",
        /// The conversation moved to a private channel (private log entry).
        MovedPrivate => "moved_private",
        /// Topic or priority changed by the merchant (private log entry).
        Triage => "triage",
    }
}

impl ModerationAction {
    /// Whether the public moderation log shows this action: what changed a
    /// review's visibility or an author's rights. Replies, resolutions and
    /// triage are visible in the thread itself or are internal.
    pub fn is_public(self) -> bool {
        !matches!(
            self,
            ModerationAction::Reply
                | ModerationAction::Resolve
                | ModerationAction::RequestDetails
                | ModerationAction::MovedPrivate
                | ModerationAction::Triage
        )
    }
}

wire_enum! {
    /// A merchant's role on a site.
    pub enum Role {
        /// Manages the site and its people, and moderates.
        Owner => "owner",
        /// Answers and moderates.
        Moderator => "moderator",
    }
}

/// The moderation-relevant state of one review, as stored. Times are Unix
/// milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewState {
    /// Review or complaint.
    pub kind: ReviewKind,
    /// Visibility.
    pub status: Status,
    /// How it ended, if it has.
    pub resolution: Option<Resolution>,
    /// When a merchant first answered in public.
    pub first_answer_at: Option<i64>,
    /// When the merchant asked for order details.
    pub details_requested_at: Option<i64>,
    /// When the author answered that request.
    pub details_answered_at: Option<i64>,
    /// Whether the conversation moved to a private channel.
    pub moved_private: bool,
    /// Whether the order was matched against the shop's registered orders.
    pub verified_order: bool,
}

/// Why an action cannot be applied to a review in its current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The author withdrew the review; nothing more can happen to it.
    #[error("the review was withdrawn by its author")]
    Withdrawn,
    /// Confirming or reopening needs a resolution first.
    #[error("the review is not resolved")]
    NotResolved,
    /// The review is already resolved.
    #[error("the review is already resolved")]
    AlreadyResolved,
    /// Answering or publishing "order not found" needs a details request.
    #[error("no order details were requested")]
    DetailsNotRequested,
    /// The author already answered the details request.
    #[error("the author already answered the details request")]
    DetailsAlreadyAnswered,
    /// The waiting time after a details request has not passed yet.
    #[error("the author still has time to answer the details request")]
    TooEarly,
    /// Only hidden or held reviews can be released.
    #[error("the review is already published")]
    NotHidden,
    /// The review is already hidden.
    #[error("the review is already hidden")]
    AlreadyHidden,
}

impl TransitionError {
    /// The stable snake_case code used in API errors.
    pub fn code(self) -> &'static str {
        match self {
            TransitionError::Withdrawn => "review_withdrawn",
            TransitionError::NotResolved => "not_resolved",
            TransitionError::AlreadyResolved => "already_resolved",
            TransitionError::DetailsNotRequested => "details_not_requested",
            TransitionError::DetailsAlreadyAnswered => "details_already_answered",
            TransitionError::TooEarly => "too_early",
            TransitionError::NotHidden => "not_hidden",
            TransitionError::AlreadyHidden => "already_hidden",
        }
    }
}

impl ReviewState {
    /// The state of a fresh submission: published, unanswered.
    pub fn new(kind: ReviewKind) -> Self {
        ReviewState {
            kind,
            status: Status::Published,
            resolution: None,
            first_answer_at: None,
            details_requested_at: None,
            details_answered_at: None,
            moved_private: false,
            verified_order: false,
        }
    }

    /// The public badges, most important first.
    pub fn badges(&self) -> Vec<Badge> {
        let mut badges = Vec::new();
        match self.resolution {
            Some(Resolution::ResolvedConfirmed) => badges.push(Badge::ResolvedConfirmed),
            Some(Resolution::ResolvedByMerchant) => badges.push(Badge::ResolvedByMerchant),
            None => {}
        }
        if self.verified_order {
            badges.push(Badge::VerifiedOrder);
        }
        if self.first_answer_at.is_some() {
            badges.push(Badge::Answered);
        }
        if self.moved_private && self.resolution.is_none() {
            badges.push(Badge::MovedPrivate);
        }
        if self.details_requested_at.is_some() && self.details_answered_at.is_none() {
            badges.push(Badge::DetailsRequested);
        }
        badges
    }

    /// Whether the storefront shows this review.
    pub fn is_public(&self) -> bool {
        self.status == Status::Published
    }

    fn ensure_not_withdrawn(&self) -> Result<(), TransitionError> {
        if self.status == Status::Withdrawn {
            Err(TransitionError::Withdrawn)
        } else {
            Ok(())
        }
    }

    /// Records that the merchant published something at `now`: the first such
    /// moment is the first answer.
    fn note_answer(&mut self, now: i64) {
        if self.first_answer_at.is_none() {
            self.first_answer_at = Some(now);
        }
    }

    /// A merchant's public answer.
    pub fn answer(&mut self, now: i64) -> Result<(), TransitionError> {
        self.ensure_not_withdrawn()?;
        self.note_answer(now);
        Ok(())
    }

    /// The merchant marks the review resolved with a note.
    pub fn resolve(&mut self, now: i64) -> Result<(), TransitionError> {
        self.ensure_not_withdrawn()?;
        if self.resolution.is_some() {
            return Err(TransitionError::AlreadyResolved);
        }
        self.resolution = Some(Resolution::ResolvedByMerchant);
        self.note_answer(now);
        Ok(())
    }

    /// The merchant asks the author for the order number and date (suspected
    /// fake). Asking again restarts the wait.
    pub fn request_details(&mut self, now: i64) -> Result<(), TransitionError> {
        self.ensure_not_withdrawn()?;
        if self.details_answered_at.is_some() {
            return Err(TransitionError::DetailsAlreadyAnswered);
        }
        self.details_requested_at = Some(now);
        self.note_answer(now);
        Ok(())
    }

    /// The author answers the details request.
    pub fn answer_details(&mut self, now: i64) -> Result<(), TransitionError> {
        self.ensure_not_withdrawn()?;
        if self.details_requested_at.is_none() {
            return Err(TransitionError::DetailsNotRequested);
        }
        if self.details_answered_at.is_some() {
            return Err(TransitionError::DetailsAlreadyAnswered);
        }
        self.details_answered_at = Some(now);
        Ok(())
    }

    /// The merchant publishes the standard "we could not find this order" note,
    /// allowed only after `wait_ms` without an answer to a details request.
    pub fn order_not_found(&mut self, now: i64, wait_ms: i64) -> Result<(), TransitionError> {
        self.ensure_not_withdrawn()?;
        let requested = self
            .details_requested_at
            .ok_or(TransitionError::DetailsNotRequested)?;
        if self.details_answered_at.is_some() {
            return Err(TransitionError::DetailsAlreadyAnswered);
        }
        if now.saturating_sub(requested) < wait_ms {
            return Err(TransitionError::TooEarly);
        }
        Ok(())
    }

    /// The merchant notes that the conversation moved to a private channel.
    pub fn move_private(&mut self, now: i64) -> Result<(), TransitionError> {
        self.ensure_not_withdrawn()?;
        self.moved_private = true;
        self.note_answer(now);
        Ok(())
    }

    /// The author confirms the merchant's resolution.
    pub fn confirm(&mut self) -> Result<(), TransitionError> {
        self.ensure_not_withdrawn()?;
        match self.resolution {
            Some(Resolution::ResolvedByMerchant) => {
                self.resolution = Some(Resolution::ResolvedConfirmed);
                Ok(())
            }
            Some(Resolution::ResolvedConfirmed) => Err(TransitionError::AlreadyResolved),
            None => Err(TransitionError::NotResolved),
        }
    }

    /// The author or the merchant reopens a resolved review.
    pub fn reopen(&mut self) -> Result<(), TransitionError> {
        self.ensure_not_withdrawn()?;
        if self.resolution.is_none() {
            return Err(TransitionError::NotResolved);
        }
        self.resolution = None;
        Ok(())
    }

    /// The merchant hides the content for abuse.
    pub fn hide(&mut self) -> Result<(), TransitionError> {
        self.ensure_not_withdrawn()?;
        if self.status == Status::Hidden {
            return Err(TransitionError::AlreadyHidden);
        }
        self.status = Status::Hidden;
        Ok(())
    }

    /// The automatic campaign hold of a template-like near-duplicate.
    pub fn hold(&mut self) {
        if self.status == Status::Published {
            self.status = Status::Held;
        }
    }

    /// The merchant publishes hidden or held content again.
    pub fn release(&mut self) -> Result<(), TransitionError> {
        self.ensure_not_withdrawn()?;
        match self.status {
            Status::Hidden | Status::Held => {
                self.status = Status::Published;
                Ok(())
            }
            _ => Err(TransitionError::NotHidden),
        }
    }

    /// The author withdraws their own review.
    pub fn withdraw(&mut self) -> Result<(), TransitionError> {
        self.ensure_not_withdrawn()?;
        self.status = Status::Withdrawn;
        Ok(())
    }
}

/// Whole minutes between two Unix-millisecond instants, never negative.
pub fn minutes_between(from_ms: i64, to_ms: i64) -> i64 {
    (to_ms.saturating_sub(from_ms)).max(0) / 60_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for kind in ReviewKind::ALL {
            assert_eq!(ReviewKind::parse(kind.as_str()), Some(*kind));
        }
        for badge in Badge::ALL {
            assert_eq!(Badge::parse(badge.as_str()), Some(*badge));
        }
        assert_eq!(Status::parse("deleted"), None);
    }

    #[test]
    fn resolution_flow_gives_the_right_badges() {
        let mut state = ReviewState::new(ReviewKind::Complaint);
        assert!(state.badges().is_empty());
        state.resolve(1_000).unwrap();
        assert_eq!(
            state.badges(),
            vec![Badge::ResolvedByMerchant, Badge::Answered]
        );
        assert_eq!(state.first_answer_at, Some(1_000));
        state.confirm().unwrap();
        assert_eq!(state.badges()[0], Badge::ResolvedConfirmed);
        assert_eq!(state.confirm(), Err(TransitionError::AlreadyResolved));
        state.reopen().unwrap();
        assert_eq!(state.resolution, None);
        assert_eq!(state.reopen(), Err(TransitionError::NotResolved));
    }

    #[test]
    fn order_not_found_waits_for_the_author() {
        let mut state = ReviewState::new(ReviewKind::Review);
        assert_eq!(
            state.order_not_found(10, 5),
            Err(TransitionError::DetailsNotRequested)
        );
        state.request_details(100).unwrap();
        assert_eq!(
            state.order_not_found(104, 5),
            Err(TransitionError::TooEarly)
        );
        assert_eq!(state.order_not_found(105, 5), Ok(()));
        state.answer_details(106).unwrap();
        assert_eq!(
            state.order_not_found(200, 5),
            Err(TransitionError::DetailsAlreadyAnswered)
        );
    }

    #[test]
    fn withdrawn_reviews_are_final() {
        let mut state = ReviewState::new(ReviewKind::Review);
        state.withdraw().unwrap();
        assert_eq!(state.answer(1), Err(TransitionError::Withdrawn));
        assert_eq!(state.hide(), Err(TransitionError::Withdrawn));
        state.hold();
        assert_eq!(state.status, Status::Withdrawn);
    }

    #[test]
    fn hide_and_release() {
        let mut state = ReviewState::new(ReviewKind::Review);
        assert_eq!(state.release(), Err(TransitionError::NotHidden));
        state.hide().unwrap();
        assert!(!state.is_public());
        state.release().unwrap();
        assert!(state.is_public());
    }

    #[test]
    fn minutes_never_negative() {
        assert_eq!(minutes_between(0, 125_000), 2);
        assert_eq!(minutes_between(10, 0), 0);
    }
}
