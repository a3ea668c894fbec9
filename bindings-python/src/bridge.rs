//! serde straight between Python objects and the core's types, without an intermediate JSON
//! value, in one pass. It accepts exactly what JSON text would give (no coercion: a `bool` is
//! not an int, a float is not an int) and, when it fails, says where: each level the error
//! passes through on its way out adds its key or index, so the JSON Pointer of the problem
//! costs nothing while reading succeeds.
//!
//! No Python code runs while an object is read (lists and tuples are read by index, not through
//! `__iter__`; `len` is the container's own), and a dict that changes size under the reader
//! anyway (a finalizer run by the collector) is an error, not pyo3's panic.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use qgx_core::{Error, ErrorKind};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Serialize};

use crate::MAX_DEPTH;

/// One step of a JSON Pointer.
#[derive(Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Why reading or writing failed, and where (the steps are collected innermost first).
#[derive(Debug)]
pub struct Fail {
    message: String,
    steps: Vec<Step>,
}

impl Fail {
    fn new(message: impl Into<String>) -> Fail {
        Fail {
            message: message.into(),
            steps: Vec::new(),
        }
    }

    fn within(mut self, step: Step) -> Fail {
        self.steps.push(step);
        self
    }

    /// The JSON Pointer of the problem.
    fn path(&self) -> String {
        let mut path = String::new();
        for step in self.steps.iter().rev() {
            path.push('/');
            match step {
                Step::Key(k) => path.push_str(&qgx_core::escape_pointer_token(k)),
                Step::Index(i) => path.push_str(&i.to_string()),
            }
        }
        path
    }

    /// The core's error of `kind` for this failure. serde reports a missing field at the
    /// object that lacks it; like the core's reader of JSON text, the path then names the field.
    pub fn into_error(self, kind: ErrorKind) -> Error {
        let mut path = self.path();
        if let Some(rest) = self.message.strip_prefix("missing field `") {
            if let Some(field) = rest.split('`').next() {
                path.push('/');
                path.push_str(&qgx_core::escape_pointer_token(field));
            }
        }
        Error::new(kind, path, self.message)
    }
}

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fail {}

impl de::Error for Fail {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Fail::new(msg.to_string())
    }
}

impl ser::Error for Fail {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Fail::new(msg.to_string())
    }
}

impl From<PyErr> for Fail {
    fn from(e: PyErr) -> Self {
        Fail::new(e.to_string())
    }
}

/// Reads a Python object as a `T` (see the module's note on strictness).
///
/// # Errors
/// A [`Fail`] naming where the object is not a `T`.
pub fn from_py<T: de::DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Result<T, Fail> {
    T::deserialize(PyDe { obj, depth: 0 })
}

/// The type of a Python object, for messages.
pub fn describe(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an object".to_owned())
}

struct PyDe<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    depth: usize,
}

impl<'de> de::Deserializer<'de> for PyDe<'_, '_> {
    type Error = Fail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
        let obj = self.obj;
        if self.depth > MAX_DEPTH {
            return Err(Fail::new(format!(
                "nested more than {MAX_DEPTH} levels deep (or contains itself)"
            )));
        }
        // The common exact types first, each by one comparison of the type; then every type
        // with its subclasses, in an order where `bool` comes before `int`.
        if let Ok(s) = obj.cast_exact::<PyString>() {
            return visitor.visit_str(text_of(s)?);
        }
        if let Ok(d) = obj.cast_exact::<PyDict>() {
            return visit_dict(d, self.depth, visitor);
        }
        if obj.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return visitor.visit_bool(b.is_true());
        }
        if let Ok(i) = obj.cast::<PyInt>() {
            if let Ok(v) = i.extract::<i64>() {
                return visitor.visit_i64(v);
            }
            if let Ok(v) = i.extract::<u64>() {
                return visitor.visit_u64(v);
            }
            return Err(Fail::new("integer out of range (more than 64 bits)"));
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let v = f.value();
            if !v.is_finite() {
                return Err(Fail::new(format!("expected a finite number, found {v}")));
            }
            return visitor.visit_f64(v);
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return visitor.visit_str(text_of(s)?);
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            return visit_dict(d, self.depth, visitor);
        }
        if let Ok(l) = obj.cast::<PyList>() {
            return visitor.visit_seq(ListAccess {
                items: Items::List(l),
                next: 0,
                depth: self.depth + 1,
            });
        }
        if let Ok(t) = obj.cast::<PyTuple>() {
            return visitor.visit_seq(ListAccess {
                items: Items::Tuple(t),
                next: 0,
                depth: self.depth + 1,
            });
        }
        Err(Fail::new(format!(
            "expected JSON data (dict, list, str, int, float, bool or None), found {}",
            describe(obj)
        )))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
        if self.obj.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fail> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        // The core's input enums are unit variants, written as strings.
        let Ok(s) = self.obj.cast::<PyString>() else {
            return Err(Fail::new(format!(
                "wrong JSON type: expected a string naming a value, found {}",
                describe(self.obj)
            )));
        };
        visitor.visit_enum(text_of(s)?.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

fn visit_dict<'de, V: Visitor<'de>>(
    d: &Bound<'_, PyDict>,
    depth: usize,
    visitor: V,
) -> Result<V::Value, Fail> {
    let len = d.len();
    visitor.visit_map(DictAccess {
        dict: d,
        items: d.iter(),
        len,
        key: None,
        value: None,
        depth: depth + 1,
    })
}

/// A Python string's UTF-8, borrowed (the stable ABI of 3.10 reads it without a copy); a lone
/// surrogate, which UTF-8 cannot hold, is an error.
fn text_of<'a>(s: &'a Bound<'_, PyString>) -> Result<&'a str, Fail> {
    s.to_str()
        .map_err(|_| Fail::new("invalid string: a lone surrogate is not Unicode text"))
}

struct DictAccess<'a, 'py> {
    dict: &'a Bound<'py, PyDict>,
    items: pyo3::types::dict::BoundDictIterator<'py>,
    /// The size the dict had when reading began.
    len: usize,
    key: Option<Bound<'py, PyString>>,
    value: Option<Bound<'py, PyAny>>,
    depth: usize,
}

fn key_step(key: &Bound<'_, PyString>) -> Step {
    Step::Key(key.to_string_lossy().into_owned())
}

impl<'de> MapAccess<'de> for DictAccess<'_, '_> {
    type Error = Fail;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fail> {
        // pyo3's iterator panics when the dict changes under it: stop first.
        if self.dict.len() != self.len {
            return Err(Fail::new("the dict changed size while it was being read"));
        }
        if ExactSizeIterator::len(&self.items) == 0 {
            return Ok(None);
        }
        let Some((k, v)) = self.items.next() else {
            return Ok(None);
        };
        let key = k.cast_into::<PyString>().map_err(|e| {
            Fail::new(format!(
                "expected string keys, found the key {}",
                describe(e.into_inner().as_any())
            ))
        })?;
        let out = seed
            .deserialize(text_of(&key)?.into_deserializer())
            .map_err(|e: Fail| e.within(key_step(&key)))?;
        self.key = Some(key);
        self.value = Some(v);
        Ok(Some(out))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Fail> {
        let (Some(key), Some(value)) = (self.key.take(), self.value.take()) else {
            return Err(Fail::new("a value without a key"));
        };
        seed.deserialize(PyDe {
            obj: &value,
            depth: self.depth,
        })
        .map_err(|e| e.within(key_step(&key)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.len)
    }
}

enum Items<'a, 'py> {
    List(&'a Bound<'py, PyList>),
    Tuple(&'a Bound<'py, PyTuple>),
}

struct ListAccess<'a, 'py> {
    items: Items<'a, 'py>,
    next: usize,
    depth: usize,
}

impl ListAccess<'_, '_> {
    fn len(&self) -> usize {
        match self.items {
            Items::List(l) => l.len(),
            Items::Tuple(t) => t.len(),
        }
    }
}

impl<'de> SeqAccess<'de> for ListAccess<'_, '_> {
    type Error = Fail;

    fn size_hint(&self) -> Option<usize> {
        Some(self.len().saturating_sub(self.next))
    }

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Fail> {
        let i = self.next;
        // By index, as `json.dumps` reads a list: a subclass's `__iter__` is not called.
        let item = match self.items {
            Items::List(l) if i < l.len() => l.get_item(i)?,
            Items::Tuple(t) if i < t.len() => t.get_item(i)?,
            _ => return Ok(None),
        };
        self.next += 1;
        seed.deserialize(PyDe {
            obj: &item,
            depth: self.depth,
        })
        .map(Some)
        .map_err(|e| e.within(Step::Index(i)))
    }
}

/// Field names already made into Python strings, for the results of one call: each key object
/// is made once, not once per dict. They are found by the address of the name (a `&'static
/// str` of the core's types), hashed with one multiplication: SipHash over the text was 3 % of
/// `check_reports`.
pub struct Keys<'py> {
    py: Python<'py>,
    cache: RefCell<KeyMap<'py>>,
    /// Short string values already made, by their text: results repeat them (the ruleset's
    /// hash, enumerated values, paths, messages), and a Python string is immutable, so one
    /// object serves every place that holds the same text.
    texts: RefCell<TextMap<'py>>,
}

/// String values of at most this many bytes are shared.
const SHARED_TEXT_BYTES: usize = 256;
/// At most this many distinct string values are kept for sharing in one call.
const SHARED_TEXTS: usize = 4096;

type TextMap<'py> = HashMap<Box<str>, Bound<'py, PyString>, BuildHasherDefault<QuickHasher>>;

/// A field name's Python string, by the name's address and length.
type KeyMap<'py> = HashMap<(usize, usize), Bound<'py, PyString>, BuildHasherDefault<QuickHasher>>;

/// A hasher for addresses and short texts: one multiplication by a large odd constant per
/// word (Fibonacci hashing). Not proof against chosen collisions, which is why the shared texts
/// are bounded in number and length: the worst an input can do is make their lookups slow.
#[derive(Default)]
struct QuickHasher(u64);

impl Hasher for QuickHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in words.by_ref() {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.write_u64(u64::from_le_bytes(word));
        }
        for b in words.remainder() {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl<'py> Keys<'py> {
    pub fn new(py: Python<'py>) -> Self {
        Keys {
            py,
            cache: RefCell::new(HashMap::default()),
            texts: RefCell::new(HashMap::default()),
        }
    }

    /// A string value: shared with an earlier one of the same text when it is short.
    fn text(&self, v: &str) -> Bound<'py, PyString> {
        if v.len() > SHARED_TEXT_BYTES {
            return PyString::new(self.py, v);
        }
        let mut texts = self.texts.borrow_mut();
        if let Some(s) = texts.get(v) {
            return s.clone();
        }
        let s = PyString::new(self.py, v);
        if texts.len() < SHARED_TEXTS {
            texts.insert(v.into(), s.clone());
        }
        s
    }

    fn get(&self, key: &'static str) -> Bound<'py, PyString> {
        self.cache
            .borrow_mut()
            .entry((key.as_ptr() as usize, key.len()))
            .or_insert_with(|| PyString::intern(self.py, key))
            .clone()
    }
}

/// Writes a result as Python objects: structs and maps as dicts, sequences as lists.
pub fn to_py<'py, T: Serialize + ?Sized>(
    keys: &Keys<'py>,
    value: &T,
) -> Result<Bound<'py, PyAny>, Fail> {
    value.serialize(PySer { keys })
}

#[derive(Clone, Copy)]
struct PySer<'a, 'py> {
    keys: &'a Keys<'py>,
}

impl<'py> PySer<'_, 'py> {
    fn py(&self) -> Python<'py> {
        self.keys.py
    }

    fn any<T: IntoPyObject<'py>>(&self, v: T) -> Result<Bound<'py, PyAny>, Fail> {
        v.into_bound_py_any(self.py()).map_err(Fail::from)
    }
}

struct PySeq<'a, 'py> {
    ser: PySer<'a, 'py>,
    list: Bound<'py, PyList>,
}

struct PyMap<'a, 'py> {
    ser: PySer<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    /// For a struct variant: `{variant: {fields}}`.
    variant: Option<&'static str>,
}

/// Serializer methods for values Python takes as they are (bool, int, float, str).
macro_rules! plain {
    ($($method:ident: $ty:ty),* $(,)?) => {$(
        fn $method(self, v: $ty) -> Result<Self::Ok, Fail> {
            self.any(v)
        }
    )*};
}

impl<'a, 'py> ser::Serializer for PySer<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Fail;
    type SerializeSeq = PySeq<'a, 'py>;
    type SerializeTuple = PySeq<'a, 'py>;
    type SerializeTupleStruct = PySeq<'a, 'py>;
    type SerializeTupleVariant = ser::Impossible<Self::Ok, Fail>;
    type SerializeMap = PyMap<'a, 'py>;
    type SerializeStruct = PyMap<'a, 'py>;
    type SerializeStructVariant = PyMap<'a, 'py>;

    plain! {
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f64: f64,
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok, Fail> {
        Ok(self.keys.text(v).into_any())
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok, Fail> {
        self.any(f64::from(v))
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, Fail> {
        self.any(v.to_string())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok, Fail> {
        self.any(v.to_vec())
    }
    fn serialize_none(self) -> Result<Self::Ok, Fail> {
        Ok(self.py().None().into_bound(self.py()))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, Fail> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, Fail> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok, Fail> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, Fail> {
        Ok(self.keys.get(variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok, Fail> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok, Fail> {
        let dict = PyDict::new(self.py());
        dict.set_item(self.keys.get(variant), value.serialize(self)?)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Fail> {
        Ok(PySeq {
            ser: self,
            list: PyList::empty(self.py()),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, Fail> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, Fail> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Fail> {
        Err(Fail::new(format!(
            "{name}: tuple variants are not part of the wire format"
        )))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Fail> {
        Ok(PyMap {
            ser: self,
            dict: PyDict::new(self.py()),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, Fail> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, Fail> {
        let mut map = self.serialize_map(Some(len))?;
        map.variant = Some(variant);
        Ok(map)
    }
}

impl<'py> ser::SerializeSeq for PySeq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Fail;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Fail> {
        self.list.append(value.serialize(self.ser)?)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok, Fail> {
        Ok(self.list.into_any())
    }
}

impl<'py> ser::SerializeTuple for PySeq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Fail;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Fail> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Self::Ok, Fail> {
        ser::SerializeSeq::end(self)
    }
}

impl<'py> ser::SerializeTupleStruct for PySeq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Fail;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Fail> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Self::Ok, Fail> {
        ser::SerializeSeq::end(self)
    }
}

impl<'py> ser::SerializeMap for PyMap<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Fail;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Fail> {
        self.key = Some(key.serialize(self.ser)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Fail> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Fail::new("a value without a key"))?;
        self.dict.set_item(key, value.serialize(self.ser)?)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok, Fail> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for PyMap<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Fail;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Fail> {
        self.dict
            .set_item(self.ser.keys.get(key), value.serialize(self.ser)?)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok, Fail> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStructVariant for PyMap<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Fail;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Fail> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<Self::Ok, Fail> {
        let py = self.ser.py();
        let outer = PyDict::new(py);
        let variant = self.variant.unwrap_or_default();
        outer.set_item(self.ser.keys.get(variant), self.dict)?;
        Ok(outer.into_any())
    }
}
