//! Where in JSON text a parse stopped, as a JSON Pointer.
//!
//! `serde_json` says where it failed as a line and column: the last byte it had read. This
//! module walks the text up to that byte, keeping the stack of objects and arrays it is inside
//! and the key or index current in each, and names the value being read there. Doing this after
//! the fact, only for a failure, costs nothing on the way in and keeps one deserializer per
//! type (the alternative, wrapping every visitor to track the path as it goes, more than doubles
//! the deserialization code, which matters in the WebAssembly module).

use crate::finding::escape_pointer_token;

/// What kind of error is being placed (`serde_json`'s category).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// JSON of the wrong shape: placed right after the value at fault.
    Data,
    /// Not JSON: placed at the byte that could not be read.
    Syntax,
}

/// One open object or array.
struct Frame {
    object: bool,
    /// The current member: an object's key from its colon to the next comma, an array's index
    /// from its `[` or comma to the next comma (escaped for a pointer).
    segment: Option<String>,
    /// For an object: the last key read, waiting for its colon.
    pending_key: Option<String>,
    /// For an array: the index of the current element.
    index: usize,
    /// The current member's value has begun (an array's element counts from its first byte).
    started: bool,
    /// The current member's value is complete.
    done: bool,
    /// Just after a comma (a closing bracket there is a trailing comma).
    after_comma: bool,
}

impl Frame {
    fn new(object: bool) -> Frame {
        Frame {
            object,
            segment: (!object).then(|| String::from("0")),
            pending_key: None,
            index: 0,
            started: false,
            done: false,
            after_comma: false,
        }
    }
}

/// Whether `run` (a run of letters, digits and `.+-`) reads as a whole JSON literal or number
/// followed by nothing or by bytes that are not part of it (`12a`: the number 12 was read).
fn literal_complete(run: &[u8]) -> bool {
    for ident in [&b"true"[..], b"false", b"null"] {
        if run.first() == ident.first() {
            return run.starts_with(ident);
        }
    }
    let mut i = usize::from(run.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while run.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    match run.get(i) {
        Some(b'0') => {
            i += 1;
            if run.get(i).is_some_and(u8::is_ascii_digit) {
                return false;
            }
        }
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if run.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(run.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(run.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    true
}

fn is_literal_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-')
}

/// The byte offset of 1-based `line` and `column` as `serde_json` counts them (the column is
/// the number of bytes of the line read so far), clamped to the text.
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = Some(0);
    if line > 1 {
        start = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1);
    }
    start.map_or(text.len(), |s| s.saturating_add(column).min(text.len()))
}

/// The JSON Pointer of what was being read after the first `end` bytes of `text` had been read.
///
/// A [`Failure::Data`] is placed right after the value at fault, or right after a key for an
/// error of the key (`unknown field`): the pointer names the member current in each object and
/// array still open (a key from its colon, an index from its `[` or comma). An object's own
/// error (`missing field`) comes after its closing brace, so it names the object.
///
/// A [`Failure::Syntax`] names what was being read as a path-tracking deserializer sees it: a
/// member from its colon (an array element from its first byte) until its value is complete;
/// between members, the object or array.
pub(crate) fn pointer_at(text: &str, end: usize, failure: Failure) -> String {
    let bytes = text.as_bytes().get(..end).unwrap_or(text.as_bytes());
    let mut stack: Vec<Frame> = Vec::new();
    let mut run: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if let Some(from) = run {
            if is_literal_byte(b) {
                i += 1;
                continue;
            }
            run = None;
            if !literal_complete(bytes.get(from..i).unwrap_or_default()) {
                break;
            }
            if let Some(top) = stack.last_mut() {
                top.done = true;
            }
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // A value begins (or the byte is where one was expected).
        let begins = matches!(b, b'"' | b'{' | b'[') || is_literal_byte(b);
        if let Some(top) = stack.last_mut() {
            let key_expected = top.object && top.segment.is_none();
            if !key_expected && !top.started && !matches!(b, b'}' | b']') {
                top.started = true;
                if !begins {
                    break;
                }
            }
            if begins {
                top.after_comma = false;
            }
        }
        match b {
            b'"' => {
                let start = i;
                i += 1;
                let mut closed = false;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => {
                            closed = true;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                if let Some(top) = stack.last_mut() {
                    if top.object && top.segment.is_none() {
                        if top.pending_key.is_some() {
                            break;
                        }
                        // A key: it becomes the member once its colon is read.
                        let raw = text.get(start..=i).filter(|_| closed);
                        let key = raw
                            .and_then(|r| serde_json::from_str::<String>(r).ok())
                            .unwrap_or_default();
                        top.pending_key = Some(escape_pointer_token(&key));
                    } else {
                        top.done = closed;
                    }
                }
            }
            b'{' | b'[' => stack.push(Frame::new(b == b'{')),
            b'}' | b']' => {
                // A syntax error placed on a closing bracket before the end of the text is that
                // bracket itself, found where something else was expected: it closes nothing.
                let offending = i + 1 == bytes.len() && end < text.len();
                if failure == Failure::Syntax && offending {
                    break;
                }
                let Some(top) = stack.last() else { break };
                let closes = if top.object {
                    top.pending_key.is_none() && (top.segment.is_none() || top.done)
                } else {
                    top.done || !top.started
                };
                if top.after_comma || !closes || top.object != (b == b'}') {
                    break;
                }
                stack.pop();
                if let Some(parent) = stack.last_mut() {
                    parent.done = true;
                }
            }
            b':' => {
                let Some(top) = stack
                    .last_mut()
                    .filter(|f| f.object && f.pending_key.is_some())
                else {
                    break;
                };
                top.segment = top.pending_key.take();
                top.started = false;
                top.done = false;
            }
            b',' => {
                let Some(top) = stack.last_mut() else { break };
                if top.object {
                    top.segment = None;
                    top.pending_key = None;
                } else {
                    top.index += 1;
                    top.segment = Some(top.index.to_string());
                }
                top.started = false;
                top.done = false;
                top.after_comma = true;
            }
            _ if is_literal_byte(b) => run = Some(i),
            _ => break,
        }
        i += 1;
    }
    // A literal the error stops at was complete only if the text ends there (otherwise the error
    // is its first byte, where another kind of value was expected).
    if let Some(from) = run {
        if end >= text.len() && literal_complete(bytes.get(from..).unwrap_or_default()) {
            if let Some(top) = stack.last_mut() {
                top.done = true;
            }
        }
    }
    let mut out = String::new();
    let innermost = stack.len().saturating_sub(1);
    for (depth, frame) in stack.iter().enumerate() {
        let Some(seg) = &frame.segment else { continue };
        let named = match failure {
            Failure::Data => true,
            Failure::Syntax => {
                let entered = frame.object || frame.started;
                entered && !(frame.done && depth == innermost)
            }
        };
        if named {
            out.push('/');
            out.push_str(seg);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, upto: &str) -> String {
        let end = text.find(upto).map_or(text.len(), |i| i + upto.len());
        pointer_at(text, end, Failure::Data)
    }

    #[test]
    fn names_the_member_being_read() {
        let t = r#"{"a": {"b": [1, {"c": "x"}]}, "d": 2}"#;
        assert_eq!(at(t, r#""x""#), "/a/b/1/c");
        assert_eq!(at(t, r#""x"}"#), "/a/b/1");
        assert_eq!(at(t, "[1"), "/a/b/0");
        assert_eq!(at(t, r#""d""#), "", "a key before its colon");
        assert_eq!(at(t, r#""d": 2"#), "/d");
        assert_eq!(at(t, "}]}"), "/a");
        assert_eq!(pointer_at(t, t.len(), Failure::Data), "");
    }

    #[test]
    fn keys_are_unescaped_then_escaped_for_pointers() {
        let t = r#"{"a/b": {"\u0074~": 1, "\"": [true]}}"#;
        assert_eq!(at(t, "1"), "/a~1b/t~0");
        assert_eq!(at(t, "true"), "/a~1b/\"/0");
    }

    #[test]
    fn brackets_inside_strings_are_text() {
        let t = r#"{"a": "{[\"", "b": 1}"#;
        assert_eq!(at(t, "1"), "/b");
    }

    #[test]
    fn offsets_count_bytes_of_the_line() {
        let t = "{\n  \"名\": 1\n}";
        assert_eq!(offset_of(t, 2, 2), 4);
        assert_eq!(offset_of(t, 3, 1), t.len());
        assert_eq!(offset_of(t, 9, 9), t.len());
        assert_eq!(offset_of("", 1, 0), 0);
    }

    #[test]
    fn never_panics_on_cut_text() {
        let t = r#"{"a": ["b\"", {"c": "\u00"#;
        for end in 0..=t.len() + 2 {
            let _ = pointer_at(t, end, Failure::Data);
            let _ = pointer_at(t, end, Failure::Syntax);
        }
    }
}
