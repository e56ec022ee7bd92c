//! Serde field types for reading JSON formats that report problems in their own words.
//!
//! The formats read through serde-derived structs whose fields are [`Field`]s. A `Field`
//! never fails on a value of the wrong JSON type: it records whether the field was absent,
//! `null`, of the kind asked for ([`Kind`]) or of another kind, and the format's validating
//! constructor turns that into the format's own error, naming the entry and the field, in
//! the order the format checks them. So deserializing fails only on text that is not JSON
//! (or an object that names a field twice, which serde's derive refuses), and a format's
//! messages do not depend on serde's wording.
//!
//! Must not know: any format, any error type of a format.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// One field of a JSON object (or one item of a list), as given.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Field<T> {
    /// Not in the object. (Structs of fields take `#[serde(default)]` for this.)
    #[default]
    Absent,
    /// `null`.
    Null,
    /// A value of the kind asked for.
    Given(T),
    /// A value of another kind (text where a number belongs, a list where an object does…).
    Mistyped,
}

/// A field held a value of the wrong kind ([`Field::optional`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mistyped;

impl<T> Field<T> {
    /// Whether the field was left out (writers skip such fields).
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// The value, with `null` read as absent.
    pub fn optional(self) -> Result<Option<T>, Mistyped> {
        match self {
            Field::Absent | Field::Null => Ok(None),
            Field::Given(value) => Ok(Some(value)),
            Field::Mistyped => Err(Mistyped),
        }
    }
}

impl<T> From<Option<T>> for Field<T> {
    /// For writers: `None` is left out.
    fn from(value: Option<T>) -> Field<T> {
        value.map_or(Field::Absent, Field::Given)
    }
}

/// What a [`Field`] accepts: each method turns one kind of JSON value into `Self`, or
/// says (with `None`) that this kind is the wrong one. By default every kind is wrong.
pub trait Kind: Sized {
    /// From `true` or `false`.
    fn from_bool(_value: bool) -> Option<Self> {
        None
    }
    /// From a whole number of 0 or more.
    fn from_u64(_value: u64) -> Option<Self> {
        None
    }
    /// From a negative whole number.
    fn from_i64(_value: i64) -> Option<Self> {
        None
    }
    /// From a number with a fraction or an exponent (or too large for 64 bits).
    fn from_f64(_value: f64) -> Option<Self> {
        None
    }
    /// From text.
    fn from_str(_value: &str) -> Option<Self> {
        None
    }
    /// From a list; the default reads and drops it.
    fn from_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Option<Self>, A::Error> {
        IgnoredAny.visit_seq(seq).map(|_| None)
    }
    /// From an object; the default reads and drops it.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
        IgnoredAny.visit_map(map).map(|_| None)
    }
}

/// A serde-derived struct read from a JSON object: its [`Kind`] is "an object". Its
/// fields should be [`Field`]s (or other types that cannot fail on a wrong kind), under
/// `#[serde(default)]`.
pub trait Object: DeserializeOwned {}

impl<T: Object> Kind for T {
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Option<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }
}

impl Kind for String {
    fn from_str(value: &str) -> Option<String> {
        Some(value.to_owned())
    }
}

impl Kind for bool {
    fn from_bool(value: bool) -> Option<bool> {
        Some(value)
    }
}

/// A whole number of 0 or more: `1.0`, `-1` and `1e3` are of the wrong kind.
impl Kind for u64 {
    fn from_u64(value: u64) -> Option<u64> {
        Some(value)
    }
}

/// Any JSON number, read as serde_json reads it into a `Value` and `as_f64` gives it.
impl Kind for f64 {
    fn from_u64(value: u64) -> Option<f64> {
        Some(value as f64)
    }
    fn from_i64(value: i64) -> Option<f64> {
        Some(value as f64)
    }
    fn from_f64(value: f64) -> Option<f64> {
        Some(value)
    }
}

/// A list; each item is read as `T` (use `Field<…>` items so that no item fails).
impl<T: DeserializeOwned> Kind for Vec<T> {
    fn from_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Option<Vec<T>>, A::Error> {
        Vec::deserialize(SeqAccessDeserializer::new(seq)).map(Some)
    }
}

/// An object with any keys, sorted by key; a key given twice keeps its last value.
impl<T: DeserializeOwned> Kind for BTreeMap<String, T> {
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
        BTreeMap::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }
}

/// Any JSON value, kept as serde_json prints it (for messages such as "version \"1\" is
/// not supported"), and as a number when it is a whole number of 0 or more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printed {
    /// The value, if it is a whole number of 0 or more.
    pub whole: Option<u64>,
    /// The value as JSON text, as `serde_json::Value`'s `Display` writes it.
    pub text: String,
}

impl Printed {
    fn other(text: String) -> Option<Printed> {
        Some(Printed { whole: None, text })
    }
}

impl Kind for Printed {
    fn from_bool(value: bool) -> Option<Printed> {
        Printed::other(value.to_string())
    }
    fn from_u64(value: u64) -> Option<Printed> {
        Some(Printed {
            whole: Some(value),
            text: value.to_string(),
        })
    }
    fn from_i64(value: i64) -> Option<Printed> {
        Printed::other(value.to_string())
    }
    fn from_f64(value: f64) -> Option<Printed> {
        // serde_json prints a number the same way as a lone value and inside a `Value`.
        Printed::other(serde_json::to_string(&value).unwrap_or_default())
    }
    fn from_str(value: &str) -> Option<Printed> {
        Printed::other(serde_json::to_string(value).unwrap_or_default())
    }
    // A list or an object is printed through `serde_json::Value` (compact, keys sorted),
    // so that the message shows what `Value` showed; it is not read any further.
    fn from_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Option<Printed>, A::Error> {
        serde_json::Value::deserialize(SeqAccessDeserializer::new(seq))
            .map(|value| Printed::other(value.to_string()))
    }
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Option<Printed>, A::Error> {
        serde_json::Value::deserialize(MapAccessDeserializer::new(map))
            .map(|value| Printed::other(value.to_string()))
    }
}

impl<'de, T: Kind> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Field<T>, D::Error> {
        deserializer.deserialize_any(FieldVisitor(PhantomData))
    }
}

/// Writes a given value as itself; writers leave other fields out with
/// `#[serde(skip_serializing_if = "Field::is_absent")]` (a `Null` or `Mistyped` field,
/// which writers never make, is written as `null`).
impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Given(value) => value.serialize(serializer),
            Field::Absent | Field::Null | Field::Mistyped => serializer.serialize_none(),
        }
    }
}

struct FieldVisitor<T>(PhantomData<T>);

impl<T> FieldVisitor<T> {
    fn kind(value: Option<T>) -> Field<T> {
        value.map_or(Field::Mistyped, Field::Given)
    }
}

impl<'de, T: Kind> Visitor<'de> for FieldVisitor<T> {
    type Value = Field<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Field<T>, E> {
        Ok(Self::kind(T::from_bool(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Field<T>, E> {
        Ok(Self::kind(T::from_u64(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Field<T>, E> {
        Ok(Self::kind(T::from_i64(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Field<T>, E> {
        Ok(Self::kind(T::from_f64(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Field<T>, E> {
        Ok(Self::kind(T::from_str(value)))
    }

    fn visit_unit<E>(self) -> Result<Field<T>, E> {
        Ok(Field::Null)
    }

    fn visit_none<E>(self) -> Result<Field<T>, E> {
        Ok(Field::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Field<T>, D::Error> {
        Field::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Field<T>, A::Error> {
        T::from_seq(seq).map(Self::kind)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field<T>, A::Error> {
        T::from_map(map).map(Self::kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Entry {
        name: Field<String>,
        count: Field<u64>,
        price: Field<f64>,
        flag: Field<bool>,
        list: Field<Vec<Field<u64>>>,
        inner: Field<Inner>,
        version: Field<Printed>,
    }
    impl Object for Entry {}

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Inner {
        name: Field<String>,
    }
    impl Object for Inner {}

    fn entry(json: &str) -> Entry {
        serde_json::from_str(json).expect("JSON")
    }

    #[test]
    fn each_field_says_absent_null_given_or_mistyped() {
        let all = entry(
            r#"{"name":"a","count":3,"price":-1.5,"flag":true,"list":[1,"x",null],
                "inner":{"name":5},"version":1,"unknown":{"ignored":[1,2]}}"#,
        );
        assert_eq!(all.name, Field::Given("a".to_owned()));
        assert_eq!(all.count, Field::Given(3));
        assert_eq!(all.price, Field::Given(-1.5));
        assert_eq!(all.flag, Field::Given(true));
        assert_eq!(
            all.list,
            Field::Given(vec![Field::Given(1), Field::Mistyped, Field::Null])
        );
        assert_eq!(
            all.inner,
            Field::Given(Inner {
                name: Field::Mistyped
            })
        );
        assert_eq!(all.version.optional().unwrap().unwrap().whole, Some(1));
        assert_eq!(entry("{}"), Entry::default());
        let wrong = entry(
            r#"{"name":1,"count":-1,"price":"1","flag":0,"list":{},"inner":[],"version":null}"#,
        );
        assert_eq!(wrong.name, Field::Mistyped);
        assert_eq!(wrong.count, Field::Mistyped, "negative");
        assert_eq!(wrong.price, Field::Mistyped);
        assert_eq!(wrong.flag, Field::Mistyped);
        assert_eq!(wrong.list, Field::Mistyped);
        assert_eq!(wrong.inner, Field::Mistyped);
        assert_eq!(wrong.version, Field::Null);
        assert_eq!(entry(r#"{"count":1.0}"#).count, Field::Mistyped, "a float");
        assert_eq!(entry(r#"{"price":7}"#).price, Field::Given(7.0));
    }

    #[test]
    fn printed_values_read_as_serde_json_prints_them() {
        for (json, text) in [
            ("1", "1"),
            ("1.0", "1.0"),
            ("1e0", "1.0"),
            ("-2", "-2"),
            ("\"1\"", "\"1\""),
            ("true", "true"),
            ("[1, {\"b\": 2, \"a\": 1}]", "[1,{\"a\":1,\"b\":2}]"),
        ] {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(value.to_string(), text, "the Value it must match");
            let read = entry(&format!("{{\"version\":{json}}}"));
            assert_eq!(
                read.version.optional().unwrap().unwrap().text,
                text,
                "{json}"
            );
        }
    }

    #[test]
    fn only_text_that_is_not_json_fails() {
        assert!(serde_json::from_str::<Entry>(r#"{"name":}"#).is_err());
        // serde's derive refuses a field named twice.
        let twice = serde_json::from_str::<Entry>(r#"{"name":"a","name":"b"}"#).unwrap_err();
        assert!(
            twice.to_string().contains("duplicate field `name`"),
            "{twice}"
        );
    }

    #[test]
    fn writers_leave_absent_fields_out() {
        #[derive(Serialize)]
        struct Out {
            #[serde(skip_serializing_if = "Field::is_absent")]
            a: Field<f64>,
            #[serde(skip_serializing_if = "Field::is_absent")]
            b: Field<String>,
        }
        let out = Out {
            a: Some(2.0).into(),
            b: None.into(),
        };
        assert_eq!(serde_json::to_string(&out).unwrap(), r#"{"a":2.0}"#);
    }
}
