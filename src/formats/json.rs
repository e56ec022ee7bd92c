//! serde building blocks shared by the stored JSON formats (scenarios, rules, mappings).
//!
//! Each format reads its text into `#[derive(Deserialize)]` structs and then checks them
//! in one validating constructor, which gives the format's own messages ("\"custom\" is
//! not a list"). For that the structs must hold what the file had even where it is of the
//! wrong type, so that the constructor, not serde, says what is wrong: [`Loose`] holds a
//! value that may be missing or of another type, and [`Object`] reads a struct from a
//! JSON object only.
//!
//! Must not know: any format in particular, or the browser.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

/// A value of type `T`, or of another JSON type, or missing (with `#[serde(default)]`).
/// Reading never fails on it; `null` is `Other`, not `Missing`.
///
/// The value is first taken as raw JSON text and then read as a `T` on its own, rather
/// than through `#[serde(untagged)]`: an untagged enum buffers the value in serde's
/// private `Content` and reads it through a second deserializer for every `T`, which
/// costs kilobytes of wasm per format; this reuses serde_json's own.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Loose<T> {
    /// Of the type asked for.
    Is(T),
    /// Of another type.
    Other,
    /// Not in the file (the `#[serde(default)]`).
    #[default]
    Missing,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Loose<T>, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        Ok(serde_json::from_str(raw.get()).map_or(Loose::Other, Loose::Is))
    }
}

impl<T> Loose<T> {
    /// The value, when it is of the type asked for.
    pub fn ok(self) -> Option<T> {
        match self {
            Loose::Is(value) => Some(value),
            Loose::Other | Loose::Missing => None,
        }
    }

    /// The value, when it is of the type asked for.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Loose::Is(value) => Some(value),
            Loose::Other | Loose::Missing => None,
        }
    }
}

/// A `T` read from a JSON object only. serde's derived structs also read a JSON array
/// (field by field, in order), which none of Burnrate's formats has ever written; with
/// this wrapper an array is a value of another type, like a number or a string.
#[derive(Clone, Debug, PartialEq)]
pub struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Object<T>, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }

        deserializer
            .deserialize_map(ObjectVisitor(PhantomData))
            .map(Object)
    }
}

/// Reads `text` as a JSON document whose root should be an object of the shape `T`.
/// `Err` holds serde_json's message when the text is not JSON at all; a JSON value that is
/// not such an object is `Ok(Loose::Other)`, for the format to say so in its words.
///
/// A root object that names a key twice is not read as the object (serde's structs
/// refuse a repeated field), so it is `Other` as well.
pub fn read_root<T: DeserializeOwned>(text: &str) -> Result<Loose<Object<T>>, serde_json::Error> {
    serde_json::from_str(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Pair {
        #[serde(default)]
        a: Loose<u64>,
        #[serde(default)]
        b: Loose<String>,
    }

    #[test]
    fn a_loose_value_says_what_it_was() {
        let read = |text| read_root::<Pair>(text).unwrap().ok().unwrap().0;
        assert_eq!(
            read(r#"{"a":1,"b":"x"}"#),
            Pair {
                a: Loose::Is(1),
                b: Loose::Is("x".into())
            }
        );
        let pair = read(r#"{"a":"1","b":null,"c":[]}"#);
        assert!(matches!(pair.a, Loose::Other));
        assert!(matches!(pair.b, Loose::Other));
        assert_eq!(read("{}").a, Loose::Missing);
        assert_eq!(read("{}").b.ok(), None);
    }

    #[test]
    fn only_an_object_is_read_as_a_struct() {
        for other in ["[1,\"x\"]", "[]", "1", "\"x\"", "null", "true"] {
            assert!(
                matches!(read_root::<Pair>(other), Ok(Loose::Other)),
                "{other}"
            );
        }
        // Not JSON: serde_json's message, as `serde_json::Value` gives it.
        let value_error = serde_json::from_str::<serde_json::Value>("{\"a\":").unwrap_err();
        let error = read_root::<Pair>("{\"a\":").unwrap_err();
        assert_eq!(error.to_string(), value_error.to_string());
        // Inside a list too.
        let list: Vec<Loose<Object<Pair>>> = serde_json::from_str(r#"[{"a":2},[2]]"#).unwrap();
        assert!(matches!(
            &list[0],
            Loose::Is(Object(Pair {
                a: Loose::Is(2),
                ..
            }))
        ));
        assert!(matches!(list[1], Loose::Other));
        // A map still takes its last value for a repeated key, as serde_json's own does.
        let map: BTreeMap<String, u8> = serde_json::from_str(r#"{"k":1,"k":2}"#).unwrap();
        assert_eq!(map["k"], 2);
    }

    proptest::proptest! {
        #[test]
        fn text_is_json_exactly_when_serde_json_says_so(
            text in "[\\[\\]{}:,\" 0-9a-z\\\\.eE+-]{0,24}|\\PC{0,24}"
        ) {
            // The same verdict, at the same place; the words can differ for a broken
            // number ("invalid number" where `Value` says "EOF while parsing a value").
            let place = |error: serde_json::Error| (error.line(), error.column());
            let as_value = serde_json::from_str::<serde_json::Value>(&text).map(|_| ()).map_err(place);
            let as_root = read_root::<Pair>(&text).map(|_| ()).map_err(place);
            proptest::prop_assert_eq!(as_root, as_value);
        }
    }
}
