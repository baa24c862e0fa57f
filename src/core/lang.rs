//! The five languages Candor speaks, for both the text being judged and the UI.

use serde::{Deserialize, Serialize};

/// A language Candor has lexicons and a message catalogue for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
    /// Kazakh (Cyrillic script).
    Kk,
    /// Persian (Farsi), written right to left.
    Fa,
    /// Greek.
    El,
}

impl Lang {
    /// All supported languages, in catalogue order.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Ru, Lang::Kk, Lang::Fa, Lang::El];

    /// The BCP 47 primary language subtag (`"en"`, `"fa"`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
            Lang::Fa => "fa",
            Lang::El => "el",
        }
    }

    /// Parses a language tag leniently: `"ru"`, `"RU"`, `"ru-RU"`, `"fa_IR"`,
    /// `"kz"` and `"per"`/`"fas"`/`"gre"` all work. Unknown tags give `None`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" | "eng" => Some(Lang::En),
            "ru" | "rus" => Some(Lang::Ru),
            "kk" | "kz" | "kaz" => Some(Lang::Kk),
            "fa" | "per" | "fas" | "prs" => Some(Lang::Fa),
            "el" | "gr" | "ell" | "gre" => Some(Lang::El),
            _ => None,
        }
    }

    /// The language's name in itself (for language pickers).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Kk => "Қазақша",
            Lang::Fa => "فارسی",
            Lang::El => "Ελληνικά",
        }
    }

    /// Whether the language is written right to left.
    pub fn is_rtl(self) -> bool {
        self == Lang::Fa
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_leniently() {
        assert_eq!(Lang::parse("ru-RU"), Some(Lang::Ru));
        assert_eq!(Lang::parse(" FA_ir "), Some(Lang::Fa));
        assert_eq!(Lang::parse("kz"), Some(Lang::Kk));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn code_round_trips() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
    }
}
