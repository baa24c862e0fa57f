//! Topic and priority of a complaint, for routing, the moderation queue and
//! statistics.
//!
//! [`classify`] finds the complaint kinds worth recognising (long waits, out
//! of stock, having to repeat the problem, indifferent agents, broken product
//! or misuse, not solved on first contact, unclear follow-up, late or wrong
//! delivery, refund/return, billing, product safety, site failures and
//! feature suggestions) with keyword stems in the five languages, and derives
//! a [`Priority`]: product safety, then site or technical failure, then an
//! urgent delivery problem, then prominent complaints, then the rest.
//! Prominence depends on readers rather than words: see [`priority_with`].
//!
//! Pure computation with static lexicons, no I/O; at most the first 12 KB of
//! a text are judged (the detector's [`capped`](crate::core::detect::normalize::capped)).
//! The merchant can override both topic and priority; this is only the start.

mod lexicon;
pub(crate) mod phrase;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::core::detect::identify;
use crate::core::detect::normalize::tokenize;
use crate::core::lang::Lang;

crate::catalogue! {
    /// A kind of complaint, with a localised label for the panel
    /// ([`Topic::text`]) and a stable snake_case code ([`Topic::code`]).
    ///
    /// [`Topic::Suggestion`] is not a complaint: a text whose main topic is a
    /// suggestion goes to the merchant's suggestions list, not to the
    /// complaint queue (see [`Classification::is_suggestion`]).
    pub enum Topic {
        /// Waited long for support: on hold, no answer, queues.
        LongWait => ["Long wait", "Долгое ожидание", "Ұзақ күту", "انتظار طولانی", "Μεγάλη αναμονή"],
        /// The goods were out of stock or unavailable.
        OutOfStock => ["Out of stock", "Нет в наличии", "Қоймада жоқ", "ناموجود", "Εκτός αποθέματος"],
        /// The customer had to repeat or re-explain the problem.
        RepeatProblem => [
            "Had to repeat the problem",
            "Пришлось повторять проблему",
            "Мәселені қайталап айтуға тура келді",
            "تکرار چندباره‌ی مشکل",
            "Επανάληψη του προβλήματος",
        ],
        /// Rude or indifferent staff.
        IndifferentAgent => [
            "Indifferent agent",
            "Равнодушный сотрудник",
            "Немқұрайлы қызметкер",
            "کارمند بی‌تفاوت",
            "Αδιάφορος υπάλληλος",
        ],
        /// The product is broken, defective or damaged (or was misused).
        BrokenProduct => [
            "Broken product or misuse",
            "Поломка или неправильное использование",
            "Бұзылған тауар немесе дұрыс қолданбау",
            "کالای خراب یا استفاده‌ی نادرست",
            "Χαλασμένο προϊόν ή κακή χρήση",
        ],
        /// Support did not solve it on first contact.
        NotSolvedFirstContact => [
            "Not solved on first contact",
            "Не решено с первого обращения",
            "Алғашқы өтініште шешілмеді",
            "در اولین تماس حل نشد",
            "Δεν λύθηκε με την πρώτη επαφή",
        ],
        /// Nobody called back; the customer does not know what happens next.
        UnclearFollowUp => [
            "Unclear follow-up",
            "Непонятно, что дальше",
            "Әрі қарай не болатыны түсініксіз",
            "پیگیری نامشخص",
            "Ασαφής συνέχεια",
        ],
        /// The delivery is late or has not arrived.
        DeliveryLate => [
            "Late delivery",
            "Задержка доставки",
            "Жеткізу кешікті",
            "تأخیر در ارسال",
            "Καθυστέρηση παράδοσης",
        ],
        /// The wrong item, size or address; something missing.
        DeliveryWrong => [
            "Wrong delivery",
            "Доставлено не то",
            "Қате жеткізілді",
            "ارسال اشتباه",
            "Λάθος παράδοση",
        ],
        /// A refund, return or exchange.
        RefundReturn => [
            "Refund or return",
            "Возврат или обмен",
            "Қайтару немесе айырбастау",
            "بازپرداخت یا مرجوعی",
            "Επιστροφή χρημάτων ή προϊόντος",
        ],
        /// Charges, payments, invoices.
        Billing => ["Billing", "Оплата и счета", "Төлем және шот", "پرداخت و صورتحساب", "Χρεώσεις"],
        /// Burns, fire, smoke, electric shock, allergy, poisoning, choking, injury.
        ProductSafety => [
            "Product safety",
            "Безопасность товара",
            "Тауар қауіпсіздігі",
            "ایمنی کالا",
            "Ασφάλεια προϊόντος",
        ],
        /// The site, app, checkout or login is down or failing.
        SiteFailure => [
            "Site or technical failure",
            "Сбой сайта",
            "Сайттағы ақау",
            "خرابی سایت",
            "Τεχνική βλάβη ιστότοπου",
        ],
        /// A feature suggestion: routed to the suggestions list, not the complaint queue.
        Suggestion => ["Suggestion", "Предложение", "Ұсыныс", "پیشنهاد", "Πρόταση"],
        /// None of the above.
        Other => ["Other", "Другое", "Басқа", "سایر", "Άλλο"],
    }
}

impl Topic {
    /// The stable snake_case code used in JSON, the API and statistics.
    pub fn code(self) -> &'static str {
        match self {
            Topic::LongWait => "long_wait",
            Topic::OutOfStock => "out_of_stock",
            Topic::RepeatProblem => "repeat_problem",
            Topic::IndifferentAgent => "indifferent_agent",
            Topic::BrokenProduct => "broken_product",
            Topic::NotSolvedFirstContact => "not_solved_first_contact",
            Topic::UnclearFollowUp => "unclear_follow_up",
            Topic::DeliveryLate => "delivery_late",
            Topic::DeliveryWrong => "delivery_wrong",
            Topic::RefundReturn => "refund_return",
            Topic::Billing => "billing",
            Topic::ProductSafety => "product_safety",
            Topic::SiteFailure => "site_failure",
            Topic::Suggestion => "suggestion",
            Topic::Other => "other",
        }
    }

    /// The topic with this stable code, if any.
    pub fn from_code(code: &str) -> Option<Topic> {
        Topic::ALL.iter().copied().find(|t| t.code() == code)
    }

    /// Tie-break order among equally strong topics: the more serious first,
    /// suggestions and "other" last.
    fn tie_rank(self) -> u8 {
        match self {
            Topic::ProductSafety => 0,
            Topic::SiteFailure => 1,
            Topic::DeliveryLate => 2,
            Topic::DeliveryWrong => 3,
            Topic::BrokenProduct => 4,
            Topic::RefundReturn => 5,
            Topic::Billing => 6,
            Topic::NotSolvedFirstContact => 7,
            Topic::IndifferentAgent => 8,
            Topic::UnclearFollowUp => 9,
            Topic::RepeatProblem => 10,
            Topic::LongWait => 11,
            Topic::OutOfStock => 12,
            Topic::Suggestion => 13,
            Topic::Other => 14,
        }
    }
}

crate::catalogue! {
    /// How urgently a complaint needs the merchant, with a localised label
    /// ([`Priority::text`]) and a stable snake_case code ([`Priority::code`]).
    ///
    /// Ordered: `ProductSafety > SiteFailure > UrgentDelivery > Prominent >
    /// Normal` (so `max()` picks the most urgent); [`Priority::rank`] gives
    /// 0 for the most urgent, for ascending queue sorts.
    #[derive(PartialOrd, Ord)]
    pub enum Priority {
        /// Everything else.
        Normal => ["Normal", "Обычный", "Қалыпты", "عادی", "Κανονική"],
        /// Many readers or "me too"s: the public is watching (see [`priority_with`]).
        Prominent => ["Prominent", "Заметная жалоба", "Көп назар аударған", "پربازدید", "Ιδιαίτερα προβεβλημένο"],
        /// A late or wrong delivery that the customer needs urgently.
        UrgentDelivery => ["Urgent delivery", "Срочная доставка", "Шұғыл жеткізу", "ارسال فوری", "Επείγουσα παράδοση"],
        /// The site, app or checkout is failing: it hurts every shopper.
        SiteFailure => ["Site failure", "Сбой сайта", "Сайт ақауы", "خرابی سایت", "Βλάβη ιστότοπου"],
        /// Someone may get hurt: always first.
        ProductSafety => ["Product safety", "Безопасность товара", "Тауар қауіпсіздігі", "ایمنی کالا", "Ασφάλεια προϊόντος"],
    }
}

impl Priority {
    /// The stable snake_case code used in JSON and the API.
    pub fn code(self) -> &'static str {
        match self {
            Priority::ProductSafety => "product_safety",
            Priority::SiteFailure => "site_failure",
            Priority::UrgentDelivery => "urgent_delivery",
            Priority::Prominent => "prominent",
            Priority::Normal => "normal",
        }
    }

    /// The priority with this stable code, if any.
    pub fn from_code(code: &str) -> Option<Priority> {
        Priority::ALL.iter().copied().find(|p| p.code() == code)
    }

    /// Queue rank: 0 for product safety (most urgent) up to 4 for normal.
    pub fn rank(self) -> u8 {
        match self {
            Priority::ProductSafety => 0,
            Priority::SiteFailure => 1,
            Priority::UrgentDelivery => 2,
            Priority::Prominent => 3,
            Priority::Normal => 4,
        }
    }
}

crate::core::serde_by_code!(Topic, "topic");
crate::core::serde_by_code!(Priority, "priority");

/// The lexicons of all five languages, compiled on first use: one pattern
/// set per topic, and the urgency markers.
struct Sets {
    topics: Vec<(Topic, phrase::PatternSet)>,
    urgency: phrase::PatternSet,
}

fn sets() -> &'static Sets {
    static SETS: OnceLock<Sets> = OnceLock::new();
    SETS.get_or_init(|| {
        let mut topics: Vec<(Topic, Vec<&'static [&'static str]>)> = Vec::new();
        for lex in lexicon::ALL {
            for (topic, patterns) in lex.topics {
                match topics.iter_mut().find(|(t, _)| t == topic) {
                    Some((_, lists)) => lists.push(patterns),
                    None => topics.push((*topic, vec![*patterns])),
                }
            }
        }
        let urgency: Vec<&'static [&'static str]> =
            lexicon::ALL.iter().map(|l| l.urgency).collect();
        Sets {
            topics: topics
                .into_iter()
                .map(|(t, lists)| (t, phrase::PatternSet::new(&lists, lexicon::GAP)))
                .collect(),
            urgency: phrase::PatternSet::new(&urgency, lexicon::GAP),
        }
    })
}

/// At or above this many "me too"s a complaint is [`Priority::Prominent`].
pub const PROMINENT_ME_TOO: u32 = 3;
/// At or above this many views a complaint is [`Priority::Prominent`].
pub const PROMINENT_VIEWS: u32 = 200;

/// What [`classify`] found in a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    /// The language of the text: the declared one, else detected.
    pub lang: Option<Lang>,
    /// The topics found, strongest first; `[Other]` when none was found.
    pub topics: Vec<Topic>,
    /// The priority from the text alone (never `Prominent`: see [`priority_with`]).
    pub priority: Priority,
    /// The text says the customer needs it urgently (a gift, "tomorrow", "urgent").
    pub urgent: bool,
}

impl Classification {
    /// The main (strongest) topic.
    pub fn primary(&self) -> Topic {
        self.topics.first().copied().unwrap_or(Topic::Other)
    }

    /// Whether the text goes to the suggestions list rather than the
    /// complaint queue: its main topic is a suggestion and nothing in it
    /// raises the priority.
    pub fn is_suggestion(&self) -> bool {
        self.primary() == Topic::Suggestion && self.priority == Priority::Normal
    }
}

/// Finds the topics and the text-only priority of a complaint. `lang` is the
/// language the shopper chose (reported back; the lexicons of all five
/// languages are always consulted). Never panics; judges at most 12 KB.
pub fn classify(text: &str, lang: Option<Lang>) -> Classification {
    let tokens = tokenize(text);
    let sets = sets();
    let mut scores: Vec<(Topic, u32)> = Vec::new();
    for (topic, set) in &sets.topics {
        let mut hits = set.find_all(&tokens).len() as u32;
        if hits == 0 {
            continue;
        }
        if *topic == Topic::Suggestion {
            // "It would be nice to pay by card": the wish is the point,
            // the topic words it mentions are not complaints.
            hits *= 2;
        }
        scores.push((*topic, hits));
    }
    scores.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.tie_rank().cmp(&b.0.tie_rank())));
    let mut topics: Vec<Topic> = scores.into_iter().map(|(t, _)| t).collect();
    if topics.is_empty() {
        topics.push(Topic::Other);
    }
    let urgent = sets.urgency.any(&tokens);
    let has = |t: Topic| topics.contains(&t);
    let priority = if has(Topic::ProductSafety) {
        Priority::ProductSafety
    } else if has(Topic::SiteFailure) {
        Priority::SiteFailure
    } else if urgent && (has(Topic::DeliveryLate) || has(Topic::DeliveryWrong)) {
        Priority::UrgentDelivery
    } else {
        Priority::Normal
    };
    Classification {
        lang: lang.or_else(|| identify(text)),
        topics,
        priority,
        urgent,
    }
}

/// The priority of a classified complaint once its audience is known: a
/// complaint with at least [`PROMINENT_ME_TOO`] "me too"s or
/// [`PROMINENT_VIEWS`] views is at least [`Priority::Prominent`]; a higher
/// priority from the text is kept.
pub fn priority_with(classification: &Classification, me_too_count: u32, views: u32) -> Priority {
    let prominent = me_too_count >= PROMINENT_ME_TOO || views >= PROMINENT_VIEWS;
    if prominent {
        classification.priority.max(Priority::Prominent)
    } else {
        classification.priority
    }
}

#[cfg(test)]
mod tests;
