//! Reason codes: why the detector judged a text as it did, each with an
//! actionable message for the writer in every UI language.

use serde::{Serialize, Serializer};

crate::catalogue! {
    /// Why the detector judged a text as it did; each code has an actionable
    /// message for the writer in every UI language (see [`ReasonCode::text`])
    /// and a stable snake_case name (see [`ReasonCode::code`]).
    pub enum ReasonCode {
        /// Stock praise or condemnation ("do not recommend", "best shop ever").
        StockPhrases => [
            "Replace stock phrases (like “do not recommend”) with what actually happened.",
            "Замените шаблонные фразы (вроде «не рекомендую») тем, что на самом деле произошло.",
            "Жаттанды сөздердің («ұсынбаймын» сияқты) орнына не болғанын жазыңыз.",
            "به جای عبارت‌های کلیشه‌ای (مثل «توصیه نمی‌کنم») بنویسید واقعاً چه اتفاقی افتاد.",
            "Αντί για στερεότυπες φράσεις (όπως «δεν το συνιστώ») γράψτε τι ακριβώς συνέβη.",
        ],
        /// No numbers, dates, products or events at all.
        NoFacts => [
            "Say what you ordered and when.",
            "Напишите, что вы заказали и когда.",
            "Не тапсырыс бергеніңізді және қашан екенін жазыңыз.",
            "بنویسید چه چیزی و چه زمانی سفارش دادید.",
            "Γράψτε τι παραγγείλατε και πότε.",
        ],
        /// A complaint that does not say what happened.
        WhatWentWrong => [
            "What exactly went wrong? Describe what happened.",
            "Что именно пошло не так? Опишите, что произошло.",
            "Нақты не дұрыс болмады? Не болғанын сипаттаңыз.",
            "دقیقاً چه مشکلی پیش آمد؟ توضیح دهید چه اتفاقی افتاد.",
            "Τι ακριβώς πήγε στραβά; Περιγράψτε τι συνέβη.",
        ],
        /// Praise that does not describe the product.
        DescribeProduct => [
            "Describe the product: size, colour, what it does.",
            "Опишите товар: размер, цвет, что он делает.",
            "Тауарды сипаттаңыз: өлшемі, түсі, не істейді.",
            "کالا را توصیف کنید: اندازه، رنگ، کاربرد.",
            "Περιγράψτε το προϊόν: μέγεθος, χρώμα, τι κάνει.",
        ],
        /// No date, time or duration.
        NoWhen => [
            "When did it happen? Add a date or how long you waited.",
            "Когда это было? Укажите дату или сколько пришлось ждать.",
            "Бұл қашан болды? Күнін немесе қанша күткеніңізді жазыңыз.",
            "چه زمانی این اتفاق افتاد؟ تاریخ یا مدت انتظار را بنویسید.",
            "Πότε συνέβη; Προσθέστε ημερομηνία ή πόσο περιμένατε.",
        ],
        /// An order number but nothing about what happened.
        OrderNumberOnly => [
            "An order number alone doesn't say what happened — describe it.",
            "Одного номера заказа мало — опишите, что произошло.",
            "Тек тапсырыс нөмірі жеткіліксіз — не болғанын сипаттаңыз.",
            "شماره سفارش به‌تنهایی نمی‌گوید چه اتفاقی افتاد؛ آن را توضیح دهید.",
            "Ο αριθμός παραγγελίας μόνος του δεν λέει τι συνέβη — περιγράψτε το.",
        ],
        /// Mostly evaluative words and intensifiers.
        EvaluativePadding => [
            "Fewer adjectives, more facts: what, when, how much.",
            "Меньше оценок, больше фактов: что, когда, сколько.",
            "Бағалау сөздерін азайтып, дерек қосыңыз: не, қашан, қанша.",
            "صفت کمتر، واقعیت بیشتر: چه چیزی، چه زمانی، چقدر.",
            "Λιγότερα επίθετα, περισσότερα γεγονότα: τι, πότε, πόσο.",
        ],
        /// The same words over and over.
        Repetitive => [
            "Avoid repeating the same words; add a detail instead.",
            "Не повторяйте одни и те же слова — лучше добавьте подробность.",
            "Бір сөзді қайталамаңыз — оның орнына нақты дерек қосыңыз.",
            "کلمات را تکرار نکنید؛ به جای آن یک جزئیات اضافه کنید.",
            "Μην επαναλαμβάνετε τις ίδιες λέξεις· προσθέστε καλύτερα μια λεπτομέρεια.",
        ],
        /// Very short.
        TooShort => [
            "Add a sentence or two about your experience.",
            "Добавьте одно-два предложения о вашем опыте.",
            "Тәжірибеңіз туралы бір-екі сөйлем қосыңыз.",
            "یکی دو جمله درباره تجربه‌تان اضافه کنید.",
            "Προσθέστε μία-δύο προτάσεις για την εμπειρία σας.",
        ],
        /// The star rating and the words point opposite ways.
        RatingMismatch => [
            "Your rating and your words disagree — please check the stars.",
            "Оценка и текст не совпадают — проверьте количество звёзд.",
            "Бағаңыз бен мәтініңіз сәйкес емес — жұлдыздарды тексеріңіз.",
            "امتیاز و متن شما با هم نمی‌خوانند؛ تعداد ستاره‌ها را بررسی کنید.",
            "Η βαθμολογία και το κείμενό σας δεν συμφωνούν — ελέγξτε τα αστέρια.",
        ],
        /// Nearly the same text (up to numbers, names and products) as another submission.
        NearDuplicate => [
            "This text closely matches another review — please write in your own words.",
            "Этот текст почти совпадает с другим отзывом — напишите своими словами.",
            "Бұл мәтін басқа пікірге өте ұқсас — өз сөзіңізбен жазыңыз.",
            "این متن تقریباً با نظر دیگری یکسان است؛ لطفاً با کلمات خودتان بنویسید.",
            "Αυτό το κείμενο μοιάζει πολύ με άλλη κριτική — γράψτε με δικά σας λόγια.",
        ],
    }
}

impl ReasonCode {
    /// The stable snake_case code used in JSON and the API.
    pub fn code(self) -> &'static str {
        match self {
            ReasonCode::StockPhrases => "stock_phrases",
            ReasonCode::NoFacts => "no_facts",
            ReasonCode::WhatWentWrong => "what_went_wrong",
            ReasonCode::DescribeProduct => "describe_product",
            ReasonCode::NoWhen => "no_when",
            ReasonCode::OrderNumberOnly => "order_number_only",
            ReasonCode::EvaluativePadding => "evaluative_padding",
            ReasonCode::Repetitive => "repetitive",
            ReasonCode::TooShort => "too_short",
            ReasonCode::RatingMismatch => "rating_mismatch",
            ReasonCode::NearDuplicate => "near_duplicate",
        }
    }

    /// The reason with this stable code, if any.
    pub fn from_code(code: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.iter().copied().find(|r| r.code() == code)
    }
}

impl Serialize for ReasonCode {
    /// Serialises as the stable code.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::lang::Lang;

    #[test]
    fn codes_are_unique_snake_case_and_round_trip() {
        for r in ReasonCode::ALL {
            assert!(r.code().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            assert_eq!(ReasonCode::from_code(r.code()), Some(*r));
            for lang in Lang::ALL {
                assert!(!r.text(lang).is_empty());
            }
        }
    }
}
