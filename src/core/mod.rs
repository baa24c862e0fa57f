//! Everything without I/O: compiled for native and wasm32, tested natively.

/// Implements serde for a code enum (`code()` / `from_code()`) as its stable
/// snake_case code; `$what` names the kind in the error for an unknown code.
macro_rules! serde_by_code {
    ($ty:ident, $what:literal) => {
        impl serde::Serialize for $ty {
            /// Serialises as the stable snake_case code.
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            /// Deserialises from the stable snake_case code.
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str> as serde::Deserialize<'de>>::deserialize(d)?;
                $ty::from_code(&code).ok_or_else(|| {
                    serde::de::Error::custom(format_args!(
                        concat!("unknown ", $what, " `{}`"),
                        code
                    ))
                })
            }
        }
    };
}
pub(crate) use serde_by_code;

pub mod clock;
pub mod crisis;
pub mod detect;
pub mod i18n;
pub mod lang;
pub mod model;
pub mod reply_check;
pub mod topic;
