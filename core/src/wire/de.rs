//! How the input objects of RULES.md §3 are read: `Deserialize` for a struct from a JSON object
//! only, with serde's messages (`unknown field`, `duplicate field`, `missing field`).
//!
//! What `#[derive(Deserialize)]` with `deny_unknown_fields` would do, minus what the wire format
//! never needs: no struct from an array (an array where an object belongs is the wrong type,
//! as RULES.md has it), and one key reader shared by every struct instead of one per struct.
//! The WebAssembly module is much smaller for it; the behaviour on objects is the same.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// Reads an object key and gives its place in the struct's field list (found by the struct's
/// own `index`, a `match` on the names); any other key is serde's `unknown field` error.
pub(crate) struct FieldSeed {
    pub(crate) names: &'static [&'static str],
    pub(crate) index: fn(&str) -> Option<usize>,
}

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldSeed {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        (self.index)(key).ok_or_else(|| E::unknown_field(key, self.names))
    }
}

/// Stores a field's value, read from the map; a second one is serde's `duplicate field` error.
/// (Inlined into each struct's reading: with it, reading a report takes as many instructions
/// as serde's derive did, 212 M for the demo's 2,000 reports; without it 6 % more.)
#[inline]
pub(crate) fn read_once<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: de::MapAccess<'de>,
    T: de::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A required field: absent is serde's `missing field` error.
pub(crate) fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

/// An `Option` field: absent or `null` is `None`.
pub(crate) fn optional<T, E>(value: Option<Option<T>>, _: &'static str) -> Result<Option<T>, E> {
    Ok(value.flatten())
}

/// A field with `#[serde(default)]`: absent is the type's default.
pub(crate) fn default<T: Default, E>(value: Option<T>, _: &'static str) -> Result<T, E> {
    Ok(value.unwrap_or_default())
}

/// A field where absent and `null` both mean the type's default (`false`, empty list).
pub(crate) fn null_default<T: Default, E>(
    value: Option<Option<T>>,
    _: &'static str,
) -> Result<T, E> {
    Ok(value.flatten().unwrap_or_default())
}

/// An object read as a map whose keys must be unique: a key given twice is malformed input, as a
/// member given twice is (a JSON parser would otherwise keep the last one silently).
pub(crate) struct UniqueKeys<V>(BTreeMap<String, V>);

impl<'de, V: de::Deserialize<'de>> de::Deserialize<'de> for UniqueKeys<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys<V>(std::marker::PhantomData<V>);
        impl<'de, V: de::Deserialize<'de>> Visitor<'de> for Keys<V> {
            type Value = UniqueKeys<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.contains_key(&key) {
                        return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
                    }
                    let value = map.next_value()?;
                    out.insert(key, value);
                }
                Ok(UniqueKeys(out))
            }
        }
        d.deserialize_map(Keys(std::marker::PhantomData))
    }
}

/// A map field (absent and `null` mean empty) whose keys must be unique ([`UniqueKeys`]).
pub(crate) fn unique_keys<V, E>(
    value: Option<Option<UniqueKeys<V>>>,
    _: &'static str,
) -> Result<BTreeMap<String, V>, E> {
    Ok(value.flatten().map(|m| m.0).unwrap_or_default())
}

/// A required map field whose keys must be unique ([`UniqueKeys`]).
pub(crate) fn required_unique_keys<V, E: de::Error>(
    value: Option<UniqueKeys<V>>,
    name: &'static str,
) -> Result<BTreeMap<String, V>, E> {
    value.map(|m| m.0).ok_or_else(|| E::missing_field(name))
}

/// `Deserialize` for a struct whose wire names are its field names, each field read as
/// `required`, `optional`, `default`, `null_default`, `unique_keys` or `required_unique_keys`
/// (the functions above).
macro_rules! deserialize_struct {
    ($name:ident $(<$t:ident>)? { $($field:ident: $how:ident),+ $(,)? }) => {
        impl<'de $(, $t: serde::Deserialize<'de> + Default)?> serde::Deserialize<'de>
            for $name $(<$t>)?
        {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #[allow(non_camel_case_types)]
                enum Field {
                    $($field),+
                }
                const FIELDS: &[&str] = &[$(stringify!($field)),+];
                const ORDER: &[Field] = &[$(Field::$field),+];
                fn index(key: &str) -> Option<usize> {
                    match key {
                        $(stringify!($field) => Some(Field::$field as usize),)+
                        _ => None,
                    }
                }

                struct V $(<$t>)? (std::marker::PhantomData<($($t,)?)>);

                impl<'de $(, $t: serde::Deserialize<'de> + Default)?> serde::de::Visitor<'de>
                    for V $(<$t>)?
                {
                    type Value = $name $(<$t>)?;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Self::Value, A::Error> {
                        $(let mut $field = None;)+
                        while let Some(i) = map.next_key_seed($crate::wire::de::FieldSeed { names: FIELDS, index })? {
                            match ORDER.get(i) {
                                $(Some(Field::$field) => {
                                    $crate::wire::de::read_once(&mut map, &mut $field, stringify!($field))?
                                })+
                                None => {}
                            }
                        }
                        Ok($name {
                            $($field: $crate::wire::de::$how($field, stringify!($field))?,)+
                        })
                    }
                }

                d.deserialize_map(V(std::marker::PhantomData))
            }
        }
    };
}
pub(crate) use deserialize_struct;

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Default)]
    struct Probe {
        a: u32,
        b: Option<String>,
        c: Vec<u8>,
        d: bool,
    }

    deserialize_struct!(Probe {
        a: required,
        b: optional,
        c: default,
        d: null_default,
    });

    fn read(text: &str) -> Result<Probe, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_each_kind_of_field() {
        let full = Probe {
            a: 1,
            b: Some("x".into()),
            c: vec![2],
            d: true,
        };
        assert_eq!(read(r#"{"a":1,"b":"x","c":[2],"d":true}"#), Ok(full));
        let bare = Probe {
            a: 1,
            ..Probe::default()
        };
        assert_eq!(read(r#"{"a":1}"#), Ok(bare));
        let nulls = Probe {
            a: 1,
            ..Probe::default()
        };
        assert_eq!(read(r#"{"a":1,"b":null,"d":null}"#), Ok(nulls));
        // `default` is not `null_default`: null is the field's own type's business.
        assert!(
            read(r#"{"a":1,"c":null}"#)
                .unwrap_err()
                .starts_with("invalid type: null")
        );
    }

    #[test]
    fn gives_serdes_messages_at_serdes_positions() {
        assert_eq!(
            read(r#"{"b":"x"}"#),
            Err("missing field `a` at line 1 column 9".into())
        );
        assert_eq!(
            read(r#"{"a":1,"a":2}"#),
            Err("duplicate field `a` at line 1 column 10".into())
        );
        assert_eq!(
            read(r#"{"a":1,"e":2}"#),
            Err("unknown field `e`, expected one of `a`, `b`, `c`, `d` at line 1 column 10".into())
        );
        assert_eq!(
            read("7"),
            Err("invalid type: integer `7`, expected struct Probe at line 1 column 1".into())
        );
    }

    /// The wire format has objects, never a struct written as an array.
    #[test]
    fn an_array_is_the_wrong_type() {
        let e = serde_json::from_str::<Probe>("[1]").unwrap_err();
        assert!(e.is_data());
        assert!(
            e.to_string()
                .starts_with("invalid type: sequence, expected struct Probe at line 1"),
            "{e}"
        );
        // Named at the array itself, as any other value of the wrong type.
        let text = r#"{"application_id": "A", "cycle_year": 1, "summary": "s",
            "tasks": {"party_building": [{"activities": []}]}}"#;
        let e = crate::from_json_str::<crate::AnnualReport>(text).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        assert_eq!(e.path(), "/tasks/party_building");
    }

    #[test]
    fn generic_structs_read_too() {
        #[derive(Debug, PartialEq)]
        struct Pair<T> {
            x: T,
            y: T,
        }
        deserialize_struct!(Pair<T> { x: default, y: required });
        let p: Pair<u8> = serde_json::from_str(r#"{"y":3}"#).unwrap();
        assert_eq!(p, Pair { x: 0, y: 3 });
        assert!(Pair::<u8>::deserialize(serde_json::json!({"x": 1})).is_err());
    }
}
