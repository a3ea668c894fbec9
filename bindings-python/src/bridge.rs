//! serde straight between Python objects and the core's types, without an intermediate JSON
//! value: the batch path's speed. It accepts exactly what JSON text would give (no coercion: a
//! `bool` is not an int, a float is not an int); when it fails the caller reads the object again
//! through a JSON value, which names the path of the problem.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Serialize};

use crate::MAX_DEPTH;

/// Why the direct path gave up (never shown: the JSON-value path then says where and why).
#[derive(Debug)]
pub struct Fail(String);

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Fail {}

impl de::Error for Fail {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Fail(msg.to_string())
    }
}

impl ser::Error for Fail {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Fail(msg.to_string())
    }
}

impl From<PyErr> for Fail {
    fn from(e: PyErr) -> Self {
        Fail(e.to_string())
    }
}

/// Reads a Python object as a `T` (see the module's note on strictness).
pub fn from_py<T: de::DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Result<T, Fail> {
    let keys = KeyText::default();
    T::deserialize(PyDe {
        obj,
        depth: 0,
        keys: &keys,
    })
}

/// The UTF-8 of the dict keys met so far, by key object. Dicts parsed from JSON share their
/// key objects (`json.loads` reuses them), so each distinct key is encoded once per call, not
/// once per dict. Every key object stays alive for the whole call (the input holds it), so an
/// address names one key throughout.
#[derive(Default)]
struct KeyText {
    known: RefCell<HashMap<usize, String>>,
}

impl KeyText {
    fn with<R>(&self, key: &Bound<'_, PyString>, f: impl FnOnce(&str) -> R) -> Result<R, Fail> {
        let id = key.as_ptr() as usize;
        if let Some(text) = self.known.borrow().get(&id) {
            return Ok(f(text));
        }
        let text = key.to_cow()?.into_owned();
        let out = f(&text);
        self.known.borrow_mut().insert(id, text);
        Ok(out)
    }
}

struct PyDe<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    depth: usize,
    keys: &'a KeyText,
}

impl<'de> de::Deserializer<'de> for PyDe<'_, '_> {
    type Error = Fail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
        let obj = self.obj;
        if self.depth > MAX_DEPTH {
            return Err(Fail("nested too deeply".into()));
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
            return visitor.visit_u64(i.extract::<u64>()?);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let v = f.value();
            if !v.is_finite() {
                return Err(Fail("not a finite number".into()));
            }
            return visitor.visit_f64(v);
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return visitor.visit_str(&s.to_cow()?);
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            return visitor.visit_map(DictAccess {
                items: d.iter(),
                value: None,
                depth: self.depth + 1,
                keys: self.keys,
            });
        }
        if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
            return visitor.visit_seq(ListAccess {
                len: obj.len().unwrap_or(0),
                iter: obj.try_iter()?,
                depth: self.depth + 1,
                keys: self.keys,
            });
        }
        Err(Fail("not JSON data".into()))
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
        let s = self.obj.cast::<PyString>().map_err(PyErr::from)?;
        let text: String = s.to_cow()?.into_owned();
        visitor.visit_enum(text.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct DictAccess<'a, 'py> {
    items: pyo3::types::dict::BoundDictIterator<'py>,
    value: Option<Bound<'py, PyAny>>,
    depth: usize,
    keys: &'a KeyText,
}

impl<'de> MapAccess<'de> for DictAccess<'_, '_> {
    type Error = Fail;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fail> {
        let Some((k, v)) = self.items.next() else {
            return Ok(None);
        };
        let key = k.cast::<PyString>().map_err(PyErr::from)?;
        self.value = Some(v);
        self.keys
            .with(key, |text| seed.deserialize(text.into_deserializer()))?
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Fail> {
        let value = self
            .value
            .take()
            .ok_or_else(|| Fail("a value without a key".into()))?;
        seed.deserialize(PyDe {
            obj: &value,
            depth: self.depth,
            keys: self.keys,
        })
    }
}

struct ListAccess<'a, 'py> {
    len: usize,
    iter: Bound<'py, pyo3::types::PyIterator>,
    depth: usize,
    keys: &'a KeyText,
}

impl<'de> SeqAccess<'de> for ListAccess<'_, '_> {
    type Error = Fail;

    fn size_hint(&self) -> Option<usize> {
        Some(self.len)
    }

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Fail> {
        match self.iter.next() {
            None => Ok(None),
            Some(item) => {
                let item = item?;
                self.len = self.len.saturating_sub(1);
                seed.deserialize(PyDe {
                    obj: &item,
                    depth: self.depth,
                    keys: self.keys,
                })
                .map(Some)
            }
        }
    }
}

/// Field names already made into Python strings, for the results of one call: each key object
/// is made once, not once per dict.
pub struct Keys<'py> {
    py: Python<'py>,
    cache: RefCell<HashMap<&'static str, Bound<'py, PyString>>>,
}

impl<'py> Keys<'py> {
    pub fn new(py: Python<'py>) -> Self {
        Keys {
            py,
            cache: RefCell::new(HashMap::new()),
        }
    }

    fn get(&self, key: &'static str) -> Bound<'py, PyString> {
        self.cache
            .borrow_mut()
            .entry(key)
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
        serialize_u64: u64, serialize_f64: f64, serialize_str: &str,
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
        Err(Fail(format!(
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
            .ok_or_else(|| Fail("a value without a key".into()))?;
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
