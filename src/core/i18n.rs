//! The message catalogue: every user-visible string, in all five languages.
//!
//! Each area of the product declares its own message enum with [`catalogue!`],
//! so strings live next to the code that uses them while the compiler still
//! refuses a message that is missing a language.

/// Declares a message enum whose every variant carries its text in the five
/// languages, in the fixed order `en, ru, kk, fa, el`.
///
/// ```
/// candor::catalogue! {
///     /// Greetings.
///     pub enum Greeting {
///         /// Said on arrival.
///         Hello => ["Hello", "Привет", "Сәлем", "سلام", "Γεια σας"],
///     }
/// }
/// assert_eq!(Greeting::Hello.text(candor::core::lang::Lang::Kk), "Сәлем");
/// ```
#[macro_export]
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident => [$en:expr, $ru:expr, $kk:expr, $fa:expr, $el:expr $(,)?]
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every message of this catalogue, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The message in the given UI language.
            pub fn text(self, lang: $crate::core::lang::Lang) -> &'static str {
                use $crate::core::lang::Lang;
                match self {
                    $(
                        $name::$variant => match lang {
                            Lang::En => $en,
                            Lang::Ru => $ru,
                            Lang::Kk => $kk,
                            Lang::Fa => $fa,
                            Lang::El => $el,
                        },
                    )*
                }
            }
        }
    };
}

/// Fills `{name}` placeholders in a catalogue message. Unknown placeholders are
/// left as they are, so a missing argument is visible rather than a crash.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    // `split_once` rather than indexing: no slicing that could panic, so the
    // browser bundles carry no panic message that formats a char.
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let Some((key, tail)) = after.split_once('}') else {
            out.push('{');
            rest = after;
            break;
        };
        match args.iter().find(|(k, _)| *k == key) {
            Some((_, value)) => out.push_str(value),
            None => {
                out.push('{');
                out.push_str(key);
                out.push('}');
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fills_known_and_keeps_unknown_placeholders() {
        assert_eq!(fill("due in {m} min", &[("m", "7")]), "due in 7 min");
        assert_eq!(fill("{a} and {b}", &[("a", "x")]), "x and {b}");
        assert_eq!(fill("broken {brace", &[]), "broken {brace");
    }
}
