//! `Text`: a Kotlin `String` on its way in, without the exception a lone surrogate raises.
//!
//! uniffi's own `String` converter encodes a Kotlin string to UTF-8 on the Kotlin side and throws
//! `java.nio.charset.MalformedInputException` (no `QgxException`, no path) when the string holds a
//! lone surrogate, which UTF-16 allows and UTF-8 cannot carry. Every string an app passes in is
//! therefore a `Text`: in Kotlin it is a plain `String` (`typealias Text = String`), lowered by
//! the expression in `uniffi.toml` to bytes that are UTF-8, except that each lone surrogate is
//! written as the three bytes of its code unit (WTF-8). Here the bytes become a Rust string, or
//! the core's error naming where: `InvalidInput` at the field of a record, `InvalidArgument` at a
//! plain argument. JSON text is handed to the core with each lone surrogate written as the JSON
//! escape of the same code unit (`\ud800`), so that the core reports it as it reports that escape.

use qgx_core::{Error, ErrorKind};

/// A string from Kotlin (a `String` there): UTF-8, or WTF-8 when it holds a lone surrogate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(Vec<u8>);

uniffi::custom_type!(Text, Vec<u8>, {
    lower: |t| t.0,
    try_lift: |bytes| Ok(Text(bytes)),
});

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(s.into_bytes())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(s.as_bytes().to_vec())
    }
}

/// The code unit of the WTF-8 sequence of a lone surrogate at the start of `b`, if it is one.
fn surrogate(b: &[u8]) -> Option<u16> {
    match b {
        [0xED, b1 @ 0xA0..=0xBF, b2 @ 0x80..=0xBF, ..] => {
            Some(0xD000 | (u16::from(b1 & 0x3F) << 6) | u16::from(b2 & 0x3F))
        }
        _ => None,
    }
}

impl Text {
    /// The string, or the error of `kind` at `path` naming the first lone surrogate (by its
    /// index in the Kotlin string).
    pub(crate) fn string_or(self, kind: ErrorKind, path: &str) -> Result<String, Error> {
        String::from_utf8(self.0).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let prefix = bytes.get(..at).unwrap_or_default();
            let index: usize = String::from_utf8_lossy(prefix).encode_utf16().count();
            let what = match bytes.get(at..).and_then(surrogate) {
                Some(unit) => format!("a lone surrogate (U+{unit:04X})"),
                None => "a byte that is not UTF-8".to_owned(),
            };
            Error::new(
                kind,
                path,
                format!("expected Unicode text, found {what} at index {index} of the string"),
            )
        })
    }

    /// A record field: `InvalidInput` at `path`.
    pub(crate) fn field(self, path: &str) -> Result<String, Error> {
        self.string_or(ErrorKind::InvalidInput, path)
    }

    /// An optional record field.
    pub(crate) fn opt_field(t: Option<Text>, path: &str) -> Result<Option<String>, Error> {
        t.map(|t| t.field(path)).transpose()
    }

    /// A plain argument (`as_of`, `submitted_at`, a schema's name): `InvalidArgument` at
    /// `/<name>`.
    pub(crate) fn arg(self, name: &str) -> Result<String, Error> {
        self.string_or(ErrorKind::InvalidArgument, &format!("/{name}"))
    }

    /// JSON text for the core: each lone surrogate becomes the JSON escape of its code unit
    /// (after an odd run of backslashes, where it would complete an escape, a control character:
    /// an invalid escape either way, as the surrogate was).
    pub(crate) fn json(self) -> String {
        match String::from_utf8(self.0) {
            Ok(s) => s,
            Err(e) => {
                let bytes = e.into_bytes();
                let mut out = Vec::with_capacity(bytes.len() + 16);
                let mut rest = bytes.as_slice();
                while !rest.is_empty() {
                    match std::str::from_utf8(rest) {
                        Ok(_) => {
                            out.extend_from_slice(rest);
                            rest = &[];
                        }
                        Err(e) => {
                            let (good, bad) = rest.split_at(e.valid_up_to());
                            out.extend_from_slice(good);
                            let backslashes = out.iter().rev().take_while(|b| **b == b'\\').count();
                            let skip = match surrogate(bad) {
                                Some(unit) if backslashes % 2 == 0 => {
                                    out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
                                    3
                                }
                                Some(_) => {
                                    out.push(0x01);
                                    3
                                }
                                None => {
                                    out.push(0x01);
                                    e.error_len().unwrap_or(bad.len()).max(1)
                                }
                            };
                            rest = bad.get(skip..).unwrap_or_default();
                        }
                    }
                }
                String::from_utf8(out).unwrap_or_default()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wtf8(units: &[u16]) -> Text {
        let mut out = Vec::new();
        for r in char::decode_utf16(units.iter().copied()) {
            match r {
                Ok(c) => out.extend_from_slice(c.to_string().as_bytes()),
                Err(e) => {
                    let u = e.unpaired_surrogate();
                    out.extend_from_slice(&[
                        0xE0 | (u >> 12) as u8,
                        0x80 | ((u >> 6) & 0x3F) as u8,
                        0x80 | (u & 0x3F) as u8,
                    ]);
                }
            }
        }
        Text(out)
    }

    #[test]
    fn a_lone_surrogate_is_an_error_at_its_path() {
        let units: Vec<u16> = "A-\u{1F600}x".encode_utf16().chain([0xDC00]).collect();
        let e = wtf8(&units).field("/id").unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::InvalidInput, "/id"));
        assert!(
            e.message().contains("U+DC00") && e.message().contains("index 5"),
            "{}",
            e.message()
        );
        assert_eq!(Text::from("好").field("/x").unwrap(), "好");
    }

    #[test]
    fn json_text_gets_the_escape_of_the_same_unit() {
        let units: Vec<u16> = "{\"id\": \"A-"
            .encode_utf16()
            .chain([0xD800])
            .chain("\"}".encode_utf16())
            .collect();
        assert_eq!(wtf8(&units).json(), "{\"id\": \"A-\\ud800\"}");
        let units: Vec<u16> = "\"\\"
            .encode_utf16()
            .chain([0xD800])
            .chain("\"".encode_utf16())
            .collect();
        assert_eq!(wtf8(&units).json(), "\"\\\u{1}\"");
        assert_eq!(Text::from("[1]").json(), "[1]");
    }
}
