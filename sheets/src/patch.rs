//! Annotated copies of an `.xlsx` that keep everything of the original: the package (a zip of
//! XML parts) is copied part by part, unchanged, except for what the annotations need —
//!
//! - `xl/styles.xml`: three fills (error, warning, information), a bold font, and for each
//!   (cell style, severity) an annotated cell uses, a copy of that style with the fill;
//! - each annotated sheet: the `s` attribute of each annotated `<c>` (an empty cell gets a
//!   `<c>`, in a new `<row>` when it has none), a `<legacyDrawing>` and its `.rels`;
//! - new parts: the comments and the VML drawing (Excel shows notes through VML) of each
//!   annotated sheet, and the sheet 检查结果 (first: the stamp and every annotation);
//! - `xl/workbook.xml` (the new first sheet; `localSheetId`, `activeTab` and `firstSheet`
//!   shifted by one), its `.rels` and `[Content_Types].xml`.
//!
//! The XML is edited as text: a small scanner finds the tags and their byte spans, and only the
//! spans that change are rewritten, so every value is the original's byte for byte. Whatever
//! this cannot patch safely (see [`annotate_bytes`]) is rebuilt by [`annotate`] instead.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use std::path::Path;

use qgx_core::{RulesetStamp, Severity};

use crate::book::{self, Book, ReadOptions};
use crate::error::{Error, column_letters};
use crate::vocab::severity_zh;
use crate::write::{Annotation, annotate};

/// Why a workbook is rebuilt rather than patched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Skip(String);

type R<T> = Result<T, Skip>;

fn skip<T>(why: impl Into<String>) -> R<T> {
    Err(Skip(why.into()))
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL_OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
const REL_STYLES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const REL_WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const REL_VML: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
const CT_WORKBOOK: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";

/// The summary sheet's name (another when the workbook has one already).
const SUMMARY: &str = "检查结果";

// ---------------------------------------------------------------------------------------------
// The public entry points.

/// [`annotate_bytes`] on the file at `path` (the one `book` was read from); a file that
/// cannot be read again (or is over `opts`' size limit) gives [`annotate`]'s rebuilt copy.
///
/// # Errors
/// As [`annotate`].
pub fn annotate_file(
    path: &Path,
    opts: &ReadOptions,
    book: &Book,
    annotations: &[Annotation],
    stamp: &RulesetStamp,
) -> Result<Vec<u8>, Error> {
    let within = std::fs::metadata(path).is_ok_and(|m| m.len() <= opts.limits.max_file_bytes);
    match within.then(|| std::fs::read(path).ok()).flatten() {
        Some(bytes) => annotate_bytes(bytes, opts, book, annotations, stamp),
        None => annotate(book, annotations, stamp),
    }
}

/// An annotated copy of `original`, the `.xlsx` `book` was read from, that keeps everything
/// of it — column widths, fonts, fills, number formats, merged cells, data validation (the
/// drop-downs of `qgx template`), other sheets — and only adds: each cell an annotation points
/// at filled (red: error, yellow: warning, blue: information; the worst per cell) with its
/// messages as the cell's note, and a first sheet 检查结果 with the stamp and every annotation
/// (as [`annotate`]'s). Every value is the original's, byte for byte.
///
/// [`annotate`]'s rebuilt copy (values only, formatting not kept) instead when `original` is
/// not an `.xlsx` (a CSV, `.xls`, `.ods`, `.xlsb`; an `.xlsm` or a template), when it no longer
/// reads as `book` under `opts` (the file changed), and when it cannot be patched safely: an
/// annotated sheet that already has notes or a VML drawing, rows or cells without their
/// position or out of order, XML with a DOCTYPE or namespace prefixes on its elements, parts
/// that are not UTF-8, and anything else unexpected.
///
/// # Errors
/// As [`annotate`].
pub fn annotate_bytes(
    original: Vec<u8>,
    opts: &ReadOptions,
    book: &Book,
    annotations: &[Annotation],
    stamp: &RulesetStamp,
) -> Result<Vec<u8>, Error> {
    if !original.starts_with(b"PK\x03\x04") || book.is_csv() {
        return annotate(book, annotations, stamp);
    }
    let same = book::from_bytes(&book.file, original.clone(), opts).is_ok_and(|b| b == *book);
    if !same {
        return annotate(book, annotations, stamp);
    }
    match patch(
        &original,
        book,
        annotations,
        stamp,
        opts.limits.max_unzipped_bytes,
    ) {
        Ok(bytes) => Ok(bytes),
        Err(_) => annotate(book, annotations, stamp),
    }
}

// ---------------------------------------------------------------------------------------------
// XML as text: tags with their byte spans.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    Empty,
}

/// One tag: `raw` is `text[start..end]`; `depth` is the element's (the root's is 0).
#[derive(Debug, Clone, Copy)]
struct Tag<'a> {
    start: usize,
    end: usize,
    kind: Kind,
    name: &'a str,
    raw: &'a str,
    depth: usize,
}

/// The tags of an XML text, in order; comments, processing instructions and CDATA skipped, a
/// DOCTYPE refused, unbalanced tags refused.
struct Tags<'a> {
    text: &'a str,
    pos: usize,
    stack: Vec<&'a str>,
    seen_root: bool,
}

impl<'a> Tags<'a> {
    fn new(text: &'a str) -> Tags<'a> {
        Tags {
            text,
            pos: 0,
            stack: Vec::new(),
            seen_root: false,
        }
    }

    fn skip_to(&mut self, from: usize, end: &str) -> R<()> {
        let rest = self.text.get(from..).unwrap_or("");
        match rest.find(end) {
            Some(i) => {
                self.pos = from + i + end.len();
                Ok(())
            }
            None => skip(format!("an unclosed {end}")),
        }
    }

    fn next_tag(&mut self) -> R<Option<Tag<'a>>> {
        loop {
            let rest = self.text.get(self.pos..).unwrap_or("");
            let Some(i) = rest.find('<') else {
                return if self.stack.is_empty() && self.seen_root {
                    Ok(None)
                } else {
                    skip("the XML ends inside an element")
                };
            };
            let start = self.pos + i;
            let at = rest.get(i..).unwrap_or("");
            if at.starts_with("<!--") {
                self.skip_to(start + 4, "-->")?;
                continue;
            }
            if at.starts_with("<![CDATA[") {
                self.skip_to(start + 9, "]]>")?;
                continue;
            }
            if at.starts_with("<?") {
                self.skip_to(start + 2, "?>")?;
                continue;
            }
            if at.starts_with("<!") {
                return skip("a DOCTYPE");
            }
            let mut quote = None;
            let mut end = None;
            for (j, c) in at.char_indices().skip(1) {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '>') => {
                        end = Some(start + j + 1);
                        break;
                    }
                    _ => {}
                }
            }
            let Some(end) = end else {
                return skip("an unclosed tag");
            };
            let raw = self.text.get(start..end).unwrap_or("");
            let (kind, inner) = if let Some(s) = raw.strip_prefix("</") {
                (Kind::Close, s.strip_suffix('>').unwrap_or(s))
            } else if let Some(s) = raw.strip_suffix("/>") {
                (Kind::Empty, s.strip_prefix('<').unwrap_or(s))
            } else {
                let s = raw.strip_prefix('<').unwrap_or(raw);
                (Kind::Open, s.strip_suffix('>').unwrap_or(s))
            };
            let name = inner
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or("");
            if name.is_empty() {
                return skip("a tag without a name");
            }
            self.pos = end;
            let depth = self.stack.len();
            match kind {
                Kind::Open => {
                    if depth == 0 && self.seen_root {
                        return skip("two root elements");
                    }
                    self.seen_root = true;
                    self.stack.push(name);
                }
                Kind::Empty => {
                    if depth == 0 {
                        return skip("an empty root element");
                    }
                }
                Kind::Close => {
                    if self.stack.pop() != Some(name) {
                        return skip(format!("a stray </{name}>"));
                    }
                }
            }
            return Ok(Some(Tag {
                start,
                end,
                kind,
                name,
                raw,
                depth: self.stack.len().min(depth),
            }));
        }
    }
}

/// One attribute of a tag: its name, its (escaped) value, and where in the tag the value is
/// (`at..at + value.len()`) and the attribute with its leading space (`from..`).
#[derive(Debug, Clone, Copy)]
struct Attr<'a> {
    name: &'a str,
    value: &'a str,
    from: usize,
    at: usize,
}

fn attrs(raw: &str) -> R<Vec<Attr<'_>>> {
    let b = raw.as_bytes();
    let name_end = raw
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(raw.len());
    let mut i = name_end;
    let mut out = Vec::new();
    let ws = |i: &mut usize| {
        while b.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
    };
    loop {
        let from = i;
        ws(&mut i);
        match b.get(i) {
            None | Some(b'/' | b'>') => return Ok(out),
            _ => {}
        }
        let n0 = i;
        while b
            .get(i)
            .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'=')
        {
            i += 1;
        }
        let name = raw.get(n0..i).unwrap_or("");
        ws(&mut i);
        if b.get(i) != Some(&b'=') || name.is_empty() {
            return skip("a malformed attribute");
        }
        i += 1;
        ws(&mut i);
        let Some(q) = b.get(i).copied().filter(|c| *c == b'"' || *c == b'\'') else {
            return skip("an unquoted attribute");
        };
        let at = i + 1;
        let Some(len) = raw.get(at..).and_then(|r| r.find(char::from(q))) else {
            return skip("an unclosed attribute");
        };
        out.push(Attr {
            name,
            value: raw.get(at..at + len).unwrap_or(""),
            from,
            at,
        });
        i = at + len + 1;
    }
}

/// The unescaped value of attribute `name`.
fn attr(raw: &str, name: &str) -> R<Option<String>> {
    attrs(raw)?
        .iter()
        .find(|a| a.name == name)
        .map(|a| unescape(a.value))
        .transpose()
}

fn attr_u32(raw: &str, name: &str) -> R<Option<u32>> {
    match attr(raw, name)? {
        None => Ok(None),
        Some(v) => match v.trim().parse() {
            Ok(n) => Ok(Some(n)),
            Err(_) => skip(format!("{name}=\"{v}\" is not a number")),
        },
    }
}

/// `raw` with attribute `name` set to `value` (replaced where it is, else added at the end).
fn set_attr(raw: &str, name: &str, value: &str) -> R<String> {
    let value = escape(value);
    let all = attrs(raw)?;
    if let Some(a) = all.iter().find(|a| a.name == name) {
        let (head, tail) = (
            raw.get(..a.at).unwrap_or(""),
            raw.get(a.at + a.value.len()..).unwrap_or(""),
        );
        return Ok(format!("{head}{value}{tail}"));
    }
    let cut = if raw.ends_with("/>") {
        raw.len().saturating_sub(2)
    } else {
        raw.len().saturating_sub(1)
    };
    let (head, tail) = (raw.get(..cut).unwrap_or(""), raw.get(cut..).unwrap_or(""));
    Ok(format!("{} {name}=\"{value}\"{tail}", head.trim_end()))
}

/// `raw` without attribute `name`.
fn remove_attr(raw: &str, name: &str) -> R<String> {
    let all = attrs(raw)?;
    Ok(match all.iter().find(|a| a.name == name) {
        Some(a) => format!(
            "{}{}",
            raw.get(..a.from).unwrap_or(""),
            raw.get(a.at + a.value.len() + 1..).unwrap_or("")
        ),
        None => raw.to_owned(),
    })
}

fn unescape(s: &str) -> R<String> {
    if !s.contains('&') {
        return Ok(s.to_owned());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i + 1..).unwrap_or("");
        let Some(j) = after.find(';') else {
            return skip("a bare & in XML");
        };
        let entity = after.get(..j).unwrap_or("");
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => {
                let code = if let Some(h) = e.strip_prefix("#x").or_else(|| e.strip_prefix("#X")) {
                    u32::from_str_radix(h, 16).ok()
                } else {
                    e.strip_prefix('#').and_then(|d| d.parse().ok())
                };
                code.and_then(char::from_u32)
            }
        };
        let Some(c) = c else {
            return skip(format!("an unknown entity &{entity};"));
        };
        out.push(c);
        rest = after.get(j + 1..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(out)
}

/// Text or an attribute value as XML: escaped, without the characters XML 1.0 cannot hold.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A change to a text: `del` bytes at `at` replaced by `ins`.
#[derive(Debug, Clone)]
struct Edit {
    at: usize,
    del: usize,
    ins: String,
}

fn edit(at: usize, del: usize, ins: impl Into<String>) -> Edit {
    Edit {
        at,
        del,
        ins: ins.into(),
    }
}

/// `text` with `edits` made (inserts at one place in the order given, before a replacement
/// starting there); overlapping ones refused.
fn apply(text: &str, mut edits: Vec<Edit>) -> R<String> {
    edits.sort_by_key(|e| (e.at, e.del > 0));
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.ins.len()).sum::<usize>());
    let mut pos = 0;
    for e in edits {
        if e.at < pos {
            return skip("overlapping edits");
        }
        out.push_str(text.get(pos..e.at).unwrap_or(""));
        out.push_str(&e.ins);
        pos = e.at + e.del;
    }
    match text.get(pos..) {
        Some(rest) => out.push_str(rest),
        None => return skip("an edit past the end"),
    }
    Ok(out)
}

/// The root element's prefix for `ns` (`r` for the relationships' namespace), and whether
/// the root is unprefixed in `default` (the default namespace).
fn root_ns(root: &Tag<'_>, name: &str, default: &str, ns: &str) -> R<Option<String>> {
    if root.name != name {
        return skip(format!("the root is <{}>, not <{name}>", root.name));
    }
    let all = attrs(root.raw)?;
    if !all.iter().any(|a| a.name == "xmlns" && a.value == default) {
        return skip(format!("<{name}> is not in {default}"));
    }
    Ok(all
        .iter()
        .find(|a| a.value == ns && a.name.starts_with("xmlns:"))
        .and_then(|a| a.name.strip_prefix("xmlns:"))
        .map(str::to_owned))
}

/// `<tag r:id="…"` with the relationships' prefix of the part (declared here without one).
fn rel_attr(prefix: Option<&str>, id: &str) -> String {
    match prefix {
        Some(p) => format!("{p}:id=\"{}\"", escape(id)),
        None => format!("xmlns:r=\"{REL_NS}\" r:id=\"{}\"", escape(id)),
    }
}

// ---------------------------------------------------------------------------------------------
// Package parts: paths, relationships, content types.

/// The directory of a part (`xl` for `xl/workbook.xml`, `` at the top).
fn dir_of(part: &str) -> &str {
    part.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The `.rels` part of `part`.
fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((d, f)) => format!("{d}/_rels/{f}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship's target as a part name (no leading `/`), from the directory of its source.
fn resolve(dir: &str, target: &str) -> R<String> {
    if target.contains(['%', '\\', '?', '#']) || target.contains("://") {
        return skip(format!("a target `{target}`"));
    }
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_owned(),
        None if dir.is_empty() => target.to_owned(),
        None => format!("{dir}/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return skip(format!("a target `{target}` above the package"));
                }
            }
            s => parts.push(s),
        }
    }
    Ok(parts.join("/"))
}

/// The target of `to` from a part in directory `from`.
fn relative(from: &str, to: &str) -> String {
    let a: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out: Vec<&str> = vec![".."; a.len().saturating_sub(common)];
    out.extend(b.iter().skip(common));
    out.join("/")
}

#[derive(Debug, Clone)]
struct Rel {
    id: String,
    kind: String,
    target: String,
    external: bool,
}

/// A `.rels` part: its relationships and where a new one goes.
struct Rels {
    rels: Vec<Rel>,
    close: usize,
}

impl Rels {
    fn parse(xml: &str) -> R<Rels> {
        let mut tags = Tags::new(xml);
        let mut rels = Vec::new();
        let mut close = None;
        while let Some(t) = tags.next_tag()? {
            match (t.depth, t.kind) {
                (0, Kind::Open) => {
                    root_ns(&t, "Relationships", PKG_REL_NS, PKG_REL_NS)?;
                }
                (0, Kind::Close) => close = Some(t.start),
                (1, Kind::Open | Kind::Empty) if t.name == "Relationship" => {
                    let get = |n: &str| -> R<String> { Ok(attr(t.raw, n)?.unwrap_or_default()) };
                    rels.push(Rel {
                        id: get("Id")?,
                        kind: get("Type")?,
                        target: get("Target")?,
                        external: get("TargetMode")? == "External",
                    });
                }
                _ => {}
            }
        }
        match close {
            Some(close) => Ok(Rels { rels, close }),
            None => skip("a .rels without its root"),
        }
    }

    /// An id no relationship has: `rId` and a number.
    fn fresh_id(&self, taken: &[String]) -> String {
        let mut n = self.rels.len() + 1;
        loop {
            let id = format!("rId{n}");
            if !self.rels.iter().any(|r| r.id == id) && !taken.contains(&id) {
                return id;
            }
            n += 1;
        }
    }
}

fn relationship(id: &str, kind: &str, target: &str) -> String {
    format!(
        "<Relationship Id=\"{}\" Type=\"{kind}\" Target=\"{}\"/>",
        escape(id),
        escape(target)
    )
}

/// `[Content_Types].xml`: the content type of a part.
struct Types {
    defaults: Vec<(String, String)>,
    overrides: Vec<(String, String)>,
    close: usize,
}

impl Types {
    fn parse(xml: &str) -> R<Types> {
        const NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
        let mut tags = Tags::new(xml);
        let (mut defaults, mut overrides, mut close) = (Vec::new(), Vec::new(), None);
        while let Some(t) = tags.next_tag()? {
            match (t.depth, t.kind) {
                (0, Kind::Open) => {
                    root_ns(&t, "Types", NS, NS)?;
                }
                (0, Kind::Close) => close = Some(t.start),
                (1, Kind::Open | Kind::Empty) => {
                    let ct = attr(t.raw, "ContentType")?.unwrap_or_default();
                    if t.name == "Default" {
                        let ext = attr(t.raw, "Extension")?.unwrap_or_default();
                        defaults.push((ext.to_lowercase(), ct));
                    } else if t.name == "Override" {
                        let part = attr(t.raw, "PartName")?.unwrap_or_default();
                        overrides.push((part.to_lowercase(), ct));
                    }
                }
                _ => {}
            }
        }
        match close {
            Some(close) => Ok(Types {
                defaults,
                overrides,
                close,
            }),
            None => skip("[Content_Types].xml without its root"),
        }
    }

    fn of(&self, part: &str) -> Option<&str> {
        let name = format!("/{}", part.to_lowercase());
        if let Some((_, ct)) = self.overrides.iter().find(|(p, _)| *p == name) {
            return Some(ct);
        }
        let ext = name.rsplit_once('.').map(|(_, e)| e)?;
        self.defaults
            .iter()
            .find(|(e, _)| e == ext)
            .map(|(_, ct)| ct.as_str())
    }
}

/// The zip package: its parts by name.
struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    names: Vec<String>,
    max: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], max: u64) -> R<Package<'a>> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).or_else(|e| skip(e.to_string()))?;
        let names = zip.file_names().map(str::to_owned).collect();
        Ok(Package { zip, names, max })
    }

    /// The entry's name for part `part` (part names are case-insensitive).
    fn find(&self, part: &str) -> Option<&str> {
        self.names
            .iter()
            .find(|n| n.as_str() == part)
            .or_else(|| self.names.iter().find(|n| n.eq_ignore_ascii_case(part)))
            .map(String::as_str)
    }

    fn text(&mut self, part: &str) -> R<String> {
        let Some(name) = self.find(part).map(str::to_owned) else {
            return skip(format!("no part {part}"));
        };
        let entry = self.zip.by_name(&name).or_else(|e| skip(e.to_string()))?;
        if entry.size() > self.max {
            return skip(format!("{part} is over the limit"));
        }
        let mut bytes = Vec::new();
        entry
            .take(self.max)
            .read_to_end(&mut bytes)
            .or_else(|e| skip(e.to_string()))?;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        String::from_utf8(bytes).or_else(|_| skip(format!("{part} is not UTF-8")))
    }

    /// A new part name `{dir}/{stem}{n}.{ext}` that no part has and `taken` does not hold.
    fn new_name(&self, dir: &str, stem: &str, ext: &str, taken: &[String]) -> String {
        let mut n = 1;
        loop {
            let name = if dir.is_empty() {
                format!("{stem}{n}.{ext}")
            } else {
                format!("{dir}/{stem}{n}.{ext}")
            };
            if self.find(&name).is_none() && !taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
                return name;
            }
            n += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The workbook part.

#[derive(Debug, Clone)]
struct SheetEntry {
    name: String,
    id: u32,
    rid: String,
}

struct WorkbookScan {
    rel_prefix: Option<String>,
    sheets: Vec<SheetEntry>,
    /// Where the new first `<sheet>` goes (after `<sheets>`).
    first: usize,
    /// `localSheetId`, `activeTab`, `firstSheet`: shifted by one.
    shifts: Vec<Edit>,
}

fn scan_workbook(xml: &str) -> R<WorkbookScan> {
    let mut tags = Tags::new(xml);
    let mut rel_prefix = None;
    let (mut sheets, mut first, mut shifts) = (Vec::new(), None, Vec::new());
    let mut parent = "";
    while let Some(t) = tags.next_tag()? {
        match (t.depth, t.kind) {
            (0, Kind::Open) => rel_prefix = root_ns(&t, "workbook", MAIN_NS, REL_NS)?,
            (1, Kind::Open) => {
                parent = t.name;
                if t.name == "sheets" {
                    first = Some(t.end);
                }
            }
            (1, Kind::Close) => parent = "",
            (2, Kind::Open | Kind::Empty) if parent == "sheets" && t.name == "sheet" => {
                let Some(p) = rel_prefix.as_deref() else {
                    return skip("workbook.xml without the relationships' namespace");
                };
                let (Some(name), Some(id), Some(rid)) = (
                    attr(t.raw, "name")?,
                    attr_u32(t.raw, "sheetId")?,
                    attr(t.raw, &format!("{p}:id"))?,
                ) else {
                    return skip("a <sheet> without its name, sheetId or r:id");
                };
                sheets.push(SheetEntry { name, id, rid });
            }
            (2, Kind::Open | Kind::Empty)
                if (parent == "definedNames" && t.name == "definedName")
                    || (parent == "bookViews" && t.name == "workbookView") =>
            {
                let mut raw = t.raw.to_owned();
                for a in ["localSheetId", "activeTab", "firstSheet"] {
                    if let Some(n) = attr_u32(&raw, a)? {
                        raw = set_attr(&raw, a, &n.saturating_add(1).to_string())?;
                    }
                }
                if raw != t.raw {
                    shifts.push(edit(t.start, t.end - t.start, raw));
                }
            }
            _ => {}
        }
    }
    let Some(first) = first else {
        return skip("workbook.xml without <sheets>");
    };
    Ok(WorkbookScan {
        rel_prefix,
        sheets,
        first,
        shifts,
    })
}

// ---------------------------------------------------------------------------------------------
// The styles part.

/// A style to add: a copy of cell style `base` with a severity's fill and/or the bold font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Want {
    base: u32,
    fill: Option<Severity>,
    bold: bool,
}

fn fill_rgb(s: Severity) -> &'static str {
    match s {
        Severity::Error => "FFFFC7CE",
        Severity::Warning => "FFFFEB9C",
        Severity::Info => "FFDDEBF7",
    }
}

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// A list element of styles.xml (`fonts`, `fills`, `cellXfs`): its open tag, its children's
/// spans (`start..end`, with the end of their open tag), where a new child goes.
#[derive(Default)]
struct List<'a> {
    open: Option<Tag<'a>>,
    children: Vec<(usize, usize, usize)>,
    close: usize,
}

/// styles.xml with the wanted styles added, and the index of each.
fn patch_styles(xml: &str, wants: &BTreeSet<Want>) -> R<(String, BTreeMap<Want, u32>)> {
    let mut tags = Tags::new(xml);
    let (mut fonts, mut fills, mut xfs) = (List::default(), List::default(), List::default());
    let mut parent = "";
    let mut child: Option<(usize, usize)> = None;
    while let Some(t) = tags.next_tag()? {
        let list = match parent {
            "fonts" => Some(&mut fonts),
            "fills" => Some(&mut fills),
            "cellXfs" => Some(&mut xfs),
            _ => None,
        };
        match (t.depth, t.kind, list) {
            (0, Kind::Open, _) => {
                root_ns(&t, "styleSheet", MAIN_NS, REL_NS)?;
            }
            (1, Kind::Open, _) => {
                parent = t.name;
                match t.name {
                    "fonts" => fonts.open = Some(t),
                    "fills" => fills.open = Some(t),
                    "cellXfs" => xfs.open = Some(t),
                    _ => {}
                }
            }
            (1, Kind::Close, Some(list)) => {
                list.close = t.start;
                parent = "";
            }
            (1, Kind::Close, None) => parent = "",
            (2, Kind::Empty, Some(list)) => list.children.push((t.start, t.end, t.end)),
            (2, Kind::Open, Some(_)) => child = Some((t.start, t.end)),
            (2, Kind::Close, Some(list)) => {
                if let Some((s, e)) = child.take() {
                    list.children.push((s, t.end, e));
                }
            }
            _ => {}
        }
    }
    let (Some(fonts_open), Some(fills_open), Some(xfs_open)) = (fonts.open, fills.open, xfs.open)
    else {
        return skip("styles.xml without <fonts>, <fills> or <cellXfs>");
    };
    let text = |a: usize, b: usize| xml.get(a..b).unwrap_or("");
    let mut edits = Vec::new();
    // The bold font: the first font with <b/>.
    let bold_font = fonts.children.len();
    let Some(&(f0, f1, f0_open)) = fonts.children.first() else {
        return skip("styles.xml without a font");
    };
    let bold = if f0_open == f1 {
        let tag = text(f0, f1);
        format!(
            "{}><b/></font>",
            tag.strip_suffix("/>").unwrap_or(tag).trim_end()
        )
    } else {
        format!("{}<b/>{}", text(f0, f0_open), text(f0_open, f1))
    };
    edits.push(edit(fonts.close, 0, bold));
    count(&mut edits, &fonts_open, fonts.children.len() + 1)?;
    // The fills, one per severity.
    let fill0 = fills.children.len();
    let new_fills: String = SEVERITIES
        .iter()
        .map(|s| {
            format!(
                "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"{}\"/><bgColor indexed=\"64\"/></patternFill></fill>",
                fill_rgb(*s)
            )
        })
        .collect();
    edits.push(edit(fills.close, 0, new_fills));
    count(&mut edits, &fills_open, fills.children.len() + 3)?;
    // The cell styles.
    let mut index = BTreeMap::new();
    let mut new_xfs = String::new();
    for (k, w) in wants.iter().enumerate() {
        let Some(&(s, e, open_end)) = usize::try_from(w.base)
            .ok()
            .and_then(|b| xfs.children.get(b))
        else {
            return skip(format!("cell style {} is not in styles.xml", w.base));
        };
        let mut open = text(s, open_end).to_owned();
        if let Some(sev) = w.fill {
            let i = SEVERITIES.iter().position(|x| *x == sev).unwrap_or(0);
            open = set_attr(&open, "fillId", &(fill0 + i).to_string())?;
            open = set_attr(&open, "applyFill", "1")?;
        }
        if w.bold {
            open = set_attr(&open, "fontId", &bold_font.to_string())?;
            open = set_attr(&open, "applyFont", "1")?;
        }
        new_xfs.push_str(&open);
        new_xfs.push_str(text(open_end, e));
        let Ok(i) = u32::try_from(xfs.children.len() + k) else {
            return skip("too many styles");
        };
        index.insert(*w, i);
    }
    edits.push(edit(xfs.close, 0, new_xfs));
    count(&mut edits, &xfs_open, xfs.children.len() + wants.len())?;
    Ok((apply(xml, edits)?, index))
}

fn count(edits: &mut Vec<Edit>, open: &Tag<'_>, n: usize) -> R<()> {
    if attr(open.raw, "count")?.is_some() {
        edits.push(edit(
            open.start,
            open.end - open.start,
            set_attr(open.raw, "count", &n.to_string())?,
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// A sheet part.

/// A cell to mark: the worst severity and the messages.
#[derive(Debug, Clone)]
struct Mark {
    severity: Severity,
    notes: Vec<String>,
}

/// A marked row that the sheet has.
#[derive(Debug, Clone)]
struct RowAt {
    start: usize,
    end: usize,
    empty: bool,
    /// Before `</row>`.
    close: usize,
    /// The row's style, when `customFormat="1"`.
    style: Option<u32>,
    /// Its cells: column and where the `<c>` starts.
    cells: Vec<(u32, usize)>,
}

/// A marked cell that the sheet has: its `<c>` tag and style.
#[derive(Debug, Clone)]
struct CellAt {
    start: usize,
    end: usize,
    s: u32,
}

enum SheetData {
    /// `<sheetData/>`: its span.
    Empty(usize, usize),
    /// `<sheetData>…</sheetData>`.
    Open,
}

struct SheetScan {
    rel_prefix: Option<String>,
    cols: Vec<(u32, u32, u32)>,
    rows: BTreeMap<u32, RowAt>,
    cells: BTreeMap<(u32, u32), CellAt>,
    /// Marked rows the sheet lacks: where each goes.
    new_rows: BTreeMap<u32, usize>,
    data: SheetData,
    /// Where `<legacyDrawing>` goes (CT_Worksheet's order).
    legacy_at: usize,
}

/// The top-level elements of CT_Worksheet after `legacyDrawing`.
const AFTER_LEGACY: &[&str] = &[
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
];

/// `F12` → (12, 5).
fn parse_a1(a1: &str) -> Option<(u32, u32)> {
    let split = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = (a1.get(..split)?, a1.get(split..)?);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    Some((digits.parse().ok()?, col))
}

fn scan_sheet(xml: &str, marks: &BTreeMap<(u32, u32), Mark>) -> R<SheetScan> {
    let marked_rows: Vec<u32> = marks
        .keys()
        .map(|(r, _)| *r)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut next_marked = 0usize;
    let mut tags = Tags::new(xml);
    let mut rel_prefix = None;
    let mut cols = Vec::new();
    let (mut rows, mut cells, mut new_rows) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let (mut data, mut legacy_at) = (None, None);
    let mut parent = "";
    let mut row: Option<u32> = None;
    let mut last_row = 0u32;
    let mut last_col: Option<u32> = None;
    let pending =
        |before: u32, at: usize, next: &mut usize, new_rows: &mut BTreeMap<u32, usize>| {
            while let Some(&r) = marked_rows.get(*next) {
                if r > before {
                    break;
                }
                if r < before {
                    new_rows.insert(r, at);
                }
                *next += 1;
            }
        };
    while let Some(t) = tags.next_tag()? {
        match (t.depth, t.kind) {
            (0, Kind::Open) => rel_prefix = root_ns(&t, "worksheet", MAIN_NS, REL_NS)?,
            (0, Kind::Close) => {
                legacy_at.get_or_insert(t.start);
            }
            (1, Kind::Open | Kind::Empty) => {
                if t.name == "legacyDrawing" {
                    return skip("the sheet has a VML drawing (notes) already");
                }
                if t.name.contains(':') || AFTER_LEGACY.contains(&t.name) {
                    legacy_at.get_or_insert(t.start);
                }
                if t.name == "sheetData" && t.kind == Kind::Empty {
                    data = Some(SheetData::Empty(t.start, t.end));
                    pending(u32::MAX, t.start, &mut next_marked, &mut new_rows);
                }
                if t.kind == Kind::Open {
                    parent = t.name;
                }
            }
            (1, Kind::Close) => {
                if parent == "sheetData" {
                    data = Some(SheetData::Open);
                    pending(u32::MAX, t.start, &mut next_marked, &mut new_rows);
                }
                parent = "";
            }
            (2, Kind::Open | Kind::Empty) if parent == "cols" && t.name == "col" => {
                let (Some(min), Some(max)) = (attr_u32(t.raw, "min")?, attr_u32(t.raw, "max")?)
                else {
                    return skip("a <col> without min or max");
                };
                cols.push((min, max, attr_u32(t.raw, "style")?.unwrap_or(0)));
            }
            (2, Kind::Open | Kind::Empty) if parent == "sheetData" && t.name == "row" => {
                let Some(r) = attr_u32(t.raw, "r")? else {
                    return skip("a <row> without r");
                };
                if r <= last_row {
                    return skip("rows out of order");
                }
                last_row = r;
                last_col = None;
                pending(r, t.start, &mut next_marked, &mut new_rows);
                row = Some(r);
                if marked_rows.binary_search(&r).is_ok() {
                    let custom =
                        attr(t.raw, "customFormat")?.is_some_and(|v| v == "1" || v == "true");
                    rows.insert(
                        r,
                        RowAt {
                            start: t.start,
                            end: t.end,
                            empty: t.kind == Kind::Empty,
                            close: t.end,
                            style: if custom { attr_u32(t.raw, "s")? } else { None },
                            cells: Vec::new(),
                        },
                    );
                }
            }
            (2, Kind::Close) if parent == "sheetData" => {
                if let Some(at) = row.and_then(|r| rows.get_mut(&r)) {
                    at.close = t.start;
                }
            }
            (3, Kind::Open | Kind::Empty) if parent == "sheetData" && t.name == "c" => {
                let Some(r) = row else {
                    return skip("a cell outside a row");
                };
                let Some((cr, col)) = attr(t.raw, "r")?.as_deref().and_then(parse_a1) else {
                    return skip("a <c> without r");
                };
                if cr != r || last_col.is_some_and(|l| l >= col) {
                    return skip("cells out of order");
                }
                last_col = Some(col);
                if let Some(at) = rows.get_mut(&r) {
                    at.cells.push((col, t.start));
                }
                if marks.contains_key(&(r, col)) {
                    cells.insert(
                        (r, col),
                        CellAt {
                            start: t.start,
                            end: t.end,
                            s: attr_u32(t.raw, "s")?.unwrap_or(0),
                        },
                    );
                }
            }
            _ => {}
        }
    }
    let (Some(data), Some(legacy_at)) = (data, legacy_at) else {
        return skip("a sheet without <sheetData>");
    };
    Ok(SheetScan {
        rel_prefix,
        cols,
        rows,
        cells,
        new_rows,
        data,
        legacy_at,
    })
}

impl SheetScan {
    /// The style an empty cell shows: its row's, else its column's, else the default.
    fn empty_style(&self, row: u32, col: u32) -> u32 {
        self.rows
            .get(&row)
            .and_then(|r| r.style)
            .or_else(|| {
                self.cols
                    .iter()
                    .find(|(min, max, _)| (*min..=*max).contains(&(col + 1)))
                    .map(|(_, _, s)| *s)
            })
            .unwrap_or(0)
    }

    /// The style each marked cell has now.
    fn base(&self, row: u32, col: u32) -> u32 {
        self.cells
            .get(&(row, col))
            .map_or_else(|| self.empty_style(row, col), |c| c.s)
    }

    /// The sheet with each marked cell's style set (`style(row, col)`) and the legacy drawing.
    fn patch(
        &self,
        xml: &str,
        marks: &BTreeMap<(u32, u32), Mark>,
        style: &dyn Fn(u32, u32) -> u32,
        drawing_rid: &str,
    ) -> R<String> {
        let mut edits = Vec::new();
        let new_cell =
            |r: u32, c: u32| format!("<c r=\"{}{r}\" s=\"{}\"/>", column_letters(c), style(r, c));
        let mut rows_new: BTreeMap<usize, String> = BTreeMap::new();
        let mut by_row: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for &(r, c) in marks.keys() {
            by_row.entry(r).or_default().push(c);
        }
        for (r, marked) in &by_row {
            let r = *r;
            if let Some(at) = self.rows.get(&r) {
                let mut inserts: BTreeMap<usize, String> = BTreeMap::new();
                for &c in marked {
                    if let Some(cell) = self.cells.get(&(r, c)) {
                        let raw = xml.get(cell.start..cell.end).unwrap_or("");
                        edits.push(edit(
                            cell.start,
                            cell.end - cell.start,
                            set_attr(raw, "s", &style(r, c).to_string())?,
                        ));
                    } else {
                        let pos = at
                            .cells
                            .iter()
                            .find(|(col, _)| *col > c)
                            .map_or(at.close, |(_, p)| *p);
                        inserts.entry(pos).or_default().push_str(&new_cell(r, c));
                    }
                }
                if inserts.is_empty() {
                    continue;
                }
                // The row gains cells: its `spans` (a hint) may no longer hold.
                let raw = xml.get(at.start..at.end).unwrap_or("");
                let tag = remove_attr(raw, "spans")?;
                if at.empty {
                    let open = format!("{}>", tag.strip_suffix("/>").unwrap_or(&tag).trim_end());
                    let body: String = inserts.into_values().collect();
                    edits.push(edit(
                        at.start,
                        at.end - at.start,
                        format!("{open}{body}</row>"),
                    ));
                } else {
                    edits.push(edit(at.start, at.end - at.start, tag));
                    for (pos, ins) in inserts {
                        edits.push(edit(pos, 0, ins));
                    }
                }
            } else {
                let Some(&pos) = self.new_rows.get(&r) else {
                    return skip("a marked row without its place");
                };
                let body: String = marked.iter().map(|&c| new_cell(r, c)).collect();
                rows_new
                    .entry(pos)
                    .or_default()
                    .push_str(&format!("<row r=\"{r}\">{body}</row>"));
            }
        }
        match self.data {
            SheetData::Empty(s, e) => {
                let body: String = rows_new.into_values().collect();
                edits.push(edit(s, e - s, format!("<sheetData>{body}</sheetData>")));
            }
            SheetData::Open => {
                for (pos, ins) in rows_new {
                    edits.push(edit(pos, 0, ins));
                }
            }
        }
        edits.push(edit(
            self.legacy_at,
            0,
            format!(
                "<legacyDrawing {}/>",
                rel_attr(self.rel_prefix.as_deref(), drawing_rid)
            ),
        ));
        apply(xml, edits)
    }
}

// ---------------------------------------------------------------------------------------------
// New parts: notes, their VML drawing, the summary sheet.

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// At most Excel's 32,767 characters of a cell.
fn cell_text(s: &str) -> String {
    s.chars().take(32_767).collect()
}

fn note_text(m: &Mark) -> String {
    m.notes.join("\n").chars().take(30_000).collect()
}

fn comments_xml(marks: &BTreeMap<(u32, u32), Mark>) -> String {
    let mut out = format!(
        "{XML_DECL}<comments xmlns=\"{MAIN_NS}\"><authors><author>qgx</author></authors><commentList>"
    );
    for ((r, c), m) in marks {
        out.push_str(&format!(
            "<comment ref=\"{}{r}\" authorId=\"0\"><text><r><t xml:space=\"preserve\">{}</t></r></text></comment>",
            column_letters(*c),
            escape(&note_text(m))
        ));
    }
    out.push_str("</commentList></comments>");
    out
}

/// The VML shapes Excel shows notes through, one per note; `block` is the drawing's id block
/// (shape ids `1024 × block + k`).
fn vml(marks: &BTreeMap<(u32, u32), Mark>, block: usize) -> String {
    let mut out = format!(
        "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\n\
         <o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{block}\"/></o:shapelayout>\n\
         <v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\">\
         <v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>\n"
    );
    for (k, (r, c)) in marks.keys().enumerate() {
        let (row, col) = (r.saturating_sub(1), *c);
        let top = row.saturating_sub(1);
        out.push_str(&format!(
            "<v:shape id=\"_x0000_s{}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:270pt;height:105pt;z-index:{};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\">\
             <v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/>\
             <v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>\
             <x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>\
             <x:Anchor>{}, 15, {top}, 10, {}, 15, {}, 4</x:Anchor><x:AutoFill>False</x:AutoFill>\
             <x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>\n",
            1024 * block + k + 1,
            k + 1,
            col.saturating_add(1).min(16_383),
            col.saturating_add(5).min(16_383),
            top.saturating_add(7),
        ));
    }
    out.push_str("</xml>\n");
    out
}

/// Styles of the summary sheet.
struct SummaryStyles {
    title: u32,
    header: u32,
    severity: [u32; 3],
}

/// One line of the summary: sheet, cell, severity, text.
type Line = (String, String, Severity, String);

fn summary_xml(title: &str, stamp: &RulesetStamp, lines: &[Line], st: &SummaryStyles) -> String {
    let cell = |r: usize, c: u32, s: &str, style: Option<u32>| {
        let style = style.map(|s| format!(" s=\"{s}\"")).unwrap_or_default();
        format!(
            "<c r=\"{}{r}\"{style} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            column_letters(c),
            escape(&cell_text(s))
        )
    };
    let row = |r: usize, cells: String| format!("<row r=\"{r}\">{cells}</row>");
    let mut data = String::new();
    data.push_str(&row(1, cell(1, 0, title, Some(st.title))));
    for (r, (k, v)) in [
        ("规则版本 (edition)", stamp.edition.as_str()),
        ("规则哈希 (hash)", stamp.hash.as_str()),
        ("引擎版本 (engine)", stamp.engine.as_str()),
    ]
    .iter()
    .enumerate()
    {
        data.push_str(&row(
            r + 2,
            cell(r + 2, 0, k, None) + &cell(r + 2, 1, v, None),
        ));
    }
    let head: String = ["工作表", "单元格", "严重程度", "问题说明"]
        .iter()
        .zip(0u32..)
        .map(|(h, c)| cell(6, c, h, Some(st.header)))
        .collect();
    data.push_str(&row(6, head));
    for (i, (sheet, a1, sev, text)) in lines.iter().enumerate() {
        let r = 7 + i;
        let s = SEVERITIES
            .iter()
            .position(|x| x == sev)
            .and_then(|i| st.severity.get(i).copied());
        data.push_str(&row(
            r,
            cell(r, 0, sheet, None)
                + &cell(r, 1, a1, None)
                + &cell(r, 2, severity_zh(*sev), s)
                + &cell(r, 3, text, None),
        ));
    }
    let cols: String = [14.0, 8.0, 8.0, 90.0]
        .iter()
        .zip(1u32..)
        .map(|(w, c)| format!("<col min=\"{c}\" max=\"{c}\" width=\"{w}\" customWidth=\"1\"/>"))
        .collect();
    format!(
        "{XML_DECL}<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>\
         <sheetFormatPr defaultRowHeight=\"15\"/><cols>{cols}</cols><sheetData>{data}</sheetData>\
         <pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>"
    )
}

// ---------------------------------------------------------------------------------------------
// The patch.

/// An annotated sheet: its part, XML and what to add.
struct Annotated {
    part: String,
    xml: String,
    rels: Option<(String, Rels)>,
    marks: BTreeMap<(u32, u32), Mark>,
    scan: SheetScan,
}

/// The annotated copy of the `.xlsx` package `original` (see [`annotate_bytes`]); `max` bounds
/// each part read.
pub(crate) fn patch(
    original: &[u8],
    book: &Book,
    annotations: &[Annotation],
    stamp: &RulesetStamp,
    max: u64,
) -> R<Vec<u8>> {
    let mut pkg = Package::open(original, max)?;
    let types_xml = pkg.text("[Content_Types].xml")?;
    let types = Types::parse(&types_xml)?;
    let root_rels = Rels::parse(&pkg.text("_rels/.rels")?)?;
    let Some(wb_rel) = root_rels
        .rels
        .iter()
        .find(|r| r.kind == REL_OFFICE_DOCUMENT && !r.external)
    else {
        return skip("no workbook in the package");
    };
    let wb_path = resolve("", &wb_rel.target)?;
    if types.of(&wb_path) != Some(CT_WORKBOOK) {
        return skip("not an .xlsx workbook (a template, .xlsm or .xlsb)");
    }
    let wb_dir = dir_of(&wb_path).to_owned();
    let wb_xml = pkg.text(&wb_path)?;
    let wb = scan_workbook(&wb_xml)?;
    let wb_rels_path = rels_of(&wb_path);
    let wb_rels_xml = pkg.text(&wb_rels_path)?;
    let wb_rels = Rels::parse(&wb_rels_xml)?;
    let target_of = |rid: &str, kind: &str| -> R<String> {
        match wb_rels.rels.iter().find(|r| r.id == rid && !r.external) {
            Some(r) if r.kind == kind => resolve(&wb_dir, &r.target),
            _ => skip(format!("no {kind} for {rid}")),
        }
    };
    let Some(styles_rel) = wb_rels.rels.iter().find(|r| r.kind == REL_STYLES) else {
        return skip("no styles part");
    };
    let styles_path = resolve(&wb_dir, &styles_rel.target)?;
    let styles_xml = pkg.text(&styles_path)?;

    // The marks of each sheet: the worst severity and the messages, per cell.
    let mine: Vec<&Annotation> = annotations
        .iter()
        .filter(|a| a.cell.file == book.file)
        .collect();
    let mut per_sheet: BTreeMap<&str, BTreeMap<(u32, u32), Mark>> = BTreeMap::new();
    for a in &mine {
        let Some(sheet) = a.cell.sheet.as_deref() else {
            return skip("an annotation without its sheet");
        };
        if a.cell.row == 0 || a.cell.col > 16_383 || a.cell.row > 1_048_576 {
            return skip("an annotation outside the sheet");
        }
        let m = per_sheet
            .entry(sheet)
            .or_default()
            .entry((a.cell.row, a.cell.col))
            .or_insert(Mark {
                severity: a.severity,
                notes: Vec::new(),
            });
        m.severity = m.severity.min(a.severity);
        m.notes.push(a.text.clone());
    }

    // Each annotated sheet, read and scanned.
    let mut sheets = Vec::new();
    for (name, marks) in per_sheet {
        let Some(entry) = wb.sheets.iter().find(|s| s.name == name) else {
            return skip(format!("no sheet {name} in workbook.xml"));
        };
        let part = target_of(&entry.rid, REL_WORKSHEET)?;
        if types.of(&part) != Some(CT_WORKSHEET) {
            return skip(format!("{part} is not a worksheet"));
        }
        let xml = pkg.text(&part)?;
        let rels_path = rels_of(&part);
        let rels = match pkg.find(&rels_path) {
            Some(_) => {
                let text = pkg.text(&rels_path)?;
                let rels = Rels::parse(&text)?;
                if rels
                    .rels
                    .iter()
                    .any(|r| r.kind == REL_COMMENTS || r.kind == REL_VML)
                {
                    return skip(format!("{name} has notes or a VML drawing already"));
                }
                Some((text, rels))
            }
            None => None,
        };
        let scan = scan_sheet(&xml, &marks)?;
        sheets.push(Annotated {
            part,
            xml,
            rels,
            marks,
            scan,
        });
    }

    // The styles: each (style, severity) in use, and the summary's.
    let mut wants: BTreeSet<Want> = BTreeSet::new();
    for s in &sheets {
        for ((r, c), m) in &s.marks {
            wants.insert(Want {
                base: s.scan.base(*r, *c),
                fill: Some(m.severity),
                bold: false,
            });
        }
    }
    let title_want = Want {
        base: 0,
        fill: None,
        bold: true,
    };
    let header_want = Want {
        base: 0,
        fill: Some(Severity::Info),
        bold: true,
    };
    let sev_want = |s: Severity| Want {
        base: 0,
        fill: Some(s),
        bold: false,
    };
    wants.extend([title_want, header_want]);
    wants.extend(SEVERITIES.map(sev_want));
    let (styles_out, index) = patch_styles(&styles_xml, &wants)?;
    let idx = |w: &Want| index.get(w).copied().unwrap_or(0);

    // New parts and their names.
    let mut taken: Vec<String> = Vec::new();
    let mut out_parts: Vec<(String, String)> = Vec::new(); // edited and new, by name
    let mut overrides = String::new();
    let has_vml = types.defaults.iter().any(|(e, _)| e == "vml");
    let vml_before = pkg
        .names
        .iter()
        .filter(|n| n.to_lowercase().ends_with(".vml"))
        .count();
    for (k, s) in sheets.iter().enumerate() {
        let comments = pkg.new_name(&wb_dir, "comments", "xml", &taken);
        taken.push(comments.clone());
        let drawings_dir = if wb_dir.is_empty() {
            "drawings".to_owned()
        } else {
            format!("{wb_dir}/drawings")
        };
        let drawing = pkg.new_name(&drawings_dir, "vmlDrawing", "vml", &taken);
        taken.push(drawing.clone());
        let sheet_dir = dir_of(&s.part);
        let (rels_text, ids) = match &s.rels {
            Some((text, rels)) => {
                let c_id = rels.fresh_id(&[]);
                let d_id = rels.fresh_id(std::slice::from_ref(&c_id));
                let add = relationship(&c_id, REL_COMMENTS, &relative(sheet_dir, &comments))
                    + &relationship(&d_id, REL_VML, &relative(sheet_dir, &drawing));
                (apply(text, vec![edit(rels.close, 0, add)])?, (c_id, d_id))
            }
            None => (
                format!(
                    "{XML_DECL}<Relationships xmlns=\"{PKG_REL_NS}\">{}{}</Relationships>",
                    relationship("rId1", REL_COMMENTS, &relative(sheet_dir, &comments)),
                    relationship("rId2", REL_VML, &relative(sheet_dir, &drawing))
                ),
                ("rId1".to_owned(), "rId2".to_owned()),
            ),
        };
        let style = |r: u32, c: u32| {
            let sev = s.marks.get(&(r, c)).map(|m| m.severity);
            idx(&Want {
                base: s.scan.base(r, c),
                fill: sev,
                bold: false,
            })
        };
        let sheet_xml = s.scan.patch(&s.xml, &s.marks, &style, &ids.1)?;
        out_parts.push((s.part.clone(), sheet_xml));
        out_parts.push((rels_of(&s.part), rels_text));
        out_parts.push((comments.clone(), comments_xml(&s.marks)));
        out_parts.push((drawing, vml(&s.marks, vml_before + k + 1)));
        overrides.push_str(&format!(
            "<Override PartName=\"/{}\" ContentType=\"{CT_COMMENTS}\"/>",
            escape(&comments)
        ));
    }

    // The summary sheet, first.
    let names: Vec<String> = wb.sheets.iter().map(|s| s.name.to_lowercase()).collect();
    let summary_name = std::iter::once(SUMMARY.to_owned())
        .chain((2..).map(|n| format!("{SUMMARY} {n}")))
        .find(|n| !names.contains(&n.to_lowercase()))
        .unwrap_or_else(|| SUMMARY.to_owned());
    let worksheets_dir = if wb_dir.is_empty() {
        "worksheets".to_owned()
    } else {
        format!("{wb_dir}/worksheets")
    };
    let summary_part = pkg.new_name(&worksheets_dir, "sheet", "xml", &taken);
    let lines: Vec<Line> = mine
        .iter()
        .map(|a| {
            (
                a.cell.sheet.clone().unwrap_or_default(),
                a.cell.a1(),
                a.severity,
                a.text.clone(),
            )
        })
        .collect();
    let st = SummaryStyles {
        title: idx(&title_want),
        header: idx(&header_want),
        severity: SEVERITIES.map(|s| idx(&sev_want(s))),
    };
    let title = format!("强国行专项行动 · {} 检查结果", book.file);
    out_parts.push((
        summary_part.clone(),
        summary_xml(&title, stamp, &lines, &st),
    ));
    overrides.push_str(&format!(
        "<Override PartName=\"/{}\" ContentType=\"{CT_WORKSHEET}\"/>",
        escape(&summary_part)
    ));
    let summary_rid = wb_rels.fresh_id(&[]);
    let sheet_id = wb
        .sheets
        .iter()
        .map(|s| s.id)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let mut wb_edits = wb.shifts.clone();
    wb_edits.push(edit(
        wb.first,
        0,
        format!(
            "<sheet name=\"{}\" sheetId=\"{sheet_id}\" {}/>",
            escape(&summary_name),
            rel_attr(wb.rel_prefix.as_deref(), &summary_rid)
        ),
    ));
    out_parts.push((wb_path.clone(), apply(&wb_xml, wb_edits)?));
    out_parts.push((
        wb_rels_path.clone(),
        apply(
            &wb_rels_xml,
            vec![edit(
                wb_rels.close,
                0,
                relationship(
                    &summary_rid,
                    REL_WORKSHEET,
                    &relative(&wb_dir, &summary_part),
                ),
            )],
        )?,
    ));
    out_parts.push((styles_path, styles_out));
    let vml_default = if has_vml || sheets.is_empty() {
        String::new()
    } else {
        format!("<Default Extension=\"vml\" ContentType=\"{CT_VML}\"/>")
    };
    out_parts.push((
        "[Content_Types].xml".to_owned(),
        apply(
            &types_xml,
            vec![edit(types.close, 0, format!("{vml_default}{overrides}"))],
        )?,
    ));
    write_package(&mut pkg, out_parts)
}

/// The package with `parts` (by name) in place of the originals', the rest copied as they
/// are (their compressed bytes), and the new ones at the end.
fn write_package(pkg: &mut Package<'_>, parts: Vec<(String, String)>) -> R<Vec<u8>> {
    let mut parts: BTreeMap<String, String> = parts
        .into_iter()
        .map(|(name, text)| (pkg.find(&name).unwrap_or(&name).to_owned(), text))
        .collect();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let fail = |e: &dyn std::fmt::Display| Skip(e.to_string());
    for i in 0..pkg.zip.len() {
        let entry = pkg.zip.by_index_raw(i).map_err(|e| fail(&e))?;
        let name = entry.name().to_owned();
        match parts.remove(&name) {
            Some(text) => {
                drop(entry);
                w.start_file(name, opts).map_err(|e| fail(&e))?;
                w.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
            }
            None => w.raw_copy_file(entry).map_err(|e| fail(&e))?,
        }
    }
    for (name, text) in parts {
        w.start_file(name, opts).map_err(|e| fail(&e))?;
        w.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    }
    Ok(w.finish().map_err(|e| fail(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CellRef;
    use rust_xlsxwriter::{Color, DataValidation, Format, Note, Workbook, Worksheet, XlsxError};

    fn stamp() -> RulesetStamp {
        qgx_core::Ruleset::edition_2024().stamp()
    }

    fn note(sheet: &str, a1: &str, severity: Severity, text: &str) -> Annotation {
        let (row, col) = parse_a1(a1).unwrap();
        Annotation {
            cell: CellRef {
                file: "in.xlsx".into(),
                sheet: Some(sheet.into()),
                row,
                col,
            },
            severity,
            text: text.into(),
        }
    }

    /// A workbook with formatting: a bold filled header, widths, a drop-down, a merged range,
    /// a number format, a hidden sheet and a print area (a defined name with localSheetId).
    fn original(with_note: bool) -> Vec<u8> {
        let build = || -> Result<Vec<u8>, XlsxError> {
            let mut wb = Workbook::new();
            let head = Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x00DD_EBF7));
            let money = Format::new().set_num_format("0.00");
            let mut ws = Worksheet::new();
            ws.set_name("申报")?;
            ws.write_string_with_format(0, 0, "申报编号", &head)?;
            ws.write_string_with_format(0, 1, "姓名", &head)?;
            ws.write_string_with_format(0, 2, "评分", &head)?;
            ws.write_string(1, 0, "A-1")?;
            ws.write_string(1, 1, "王芳 & <李>")?;
            ws.write_number_with_format(1, 2, 92.5, &money)?;
            ws.write_string(3, 0, "A-3")?;
            ws.set_column_width(1, 30)?;
            ws.set_column_format(2, &money)?;
            ws.merge_range(5, 0, 5, 2, "合并", &Format::new())?;
            ws.add_data_validation(
                1,
                1,
                100,
                1,
                &DataValidation::new().allow_list_strings(&["是", "否"])?,
            )?;
            ws.set_print_area(0, 0, 10, 2)?;
            if with_note {
                ws.insert_note(1, 0, &Note::new("已有批注"))?;
            }
            wb.push_worksheet(ws);
            let mut other = Worksheet::new();
            other.set_name("选项")?;
            other.write_string(0, 0, "是")?;
            other.set_hidden(true);
            wb.push_worksheet(other);
            wb.save_to_buffer()
        };
        build().unwrap()
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut pkg = Package::open(bytes, u64::MAX).unwrap();
        pkg.text(name).unwrap()
    }

    fn read(bytes: &[u8]) -> Book {
        book::from_bytes("in.xlsx", bytes.to_vec(), &ReadOptions::default()).unwrap()
    }

    #[test]
    fn tags_have_their_spans_and_depths() {
        let xml =
            "<?xml version=\"1.0\"?><!-- <x> --><a k='1>2' j=\"&amp;\"><![CDATA[<b>]]><b/>t</a>";
        let mut tags = Tags::new(xml);
        let mut seen = Vec::new();
        while let Some(t) = tags.next_tag().unwrap() {
            seen.push((t.name, t.kind, t.depth, &xml[t.start..t.end]));
        }
        assert_eq!(
            seen,
            [
                ("a", Kind::Open, 0, "<a k='1>2' j=\"&amp;\">"),
                ("b", Kind::Empty, 1, "<b/>"),
                ("a", Kind::Close, 0, "</a>"),
            ]
        );
        assert_eq!(
            attr("<a k='1>2' j=\"&amp;\">", "j").unwrap().as_deref(),
            Some("&")
        );
        assert!(Tags::new("<!DOCTYPE x><a/>").next_tag().is_err());
        let mut t = Tags::new("<a><b></a>");
        assert!(t.next_tag().is_ok() && t.next_tag().is_ok() && t.next_tag().is_err());
        let mut t = Tags::new("<a>");
        assert!(t.next_tag().is_ok() && t.next_tag().is_err());
    }

    #[test]
    fn attributes_are_set_and_removed_in_place() {
        assert_eq!(
            set_attr("<c r=\"A1\" s=\"3\" t=\"s\">", "s", "9").unwrap(),
            "<c r=\"A1\" s=\"9\" t=\"s\">"
        );
        assert_eq!(
            set_attr("<c r=\"A1\"/>", "s", "9").unwrap(),
            "<c r=\"A1\" s=\"9\"/>"
        );
        assert_eq!(
            set_attr("<c r='A1' >", "s", "9").unwrap(),
            "<c r='A1' s=\"9\">"
        );
        assert_eq!(
            remove_attr("<row r=\"2\" spans=\"1:3\" ht=\"20\">", "spans").unwrap(),
            "<row r=\"2\" ht=\"20\">"
        );
        assert_eq!(unescape("a&lt;&#x41;&#66;&quot;").unwrap(), "a<AB\"");
        assert!(unescape("a&b").is_err());
        assert_eq!(
            escape("<a & 'b'>\u{1}\n"),
            "&lt;a &amp; &apos;b&apos;&gt;\n"
        );
        assert!(attrs("<a b>").is_err());
        assert!(attrs("<a b=c>").is_err());
    }

    #[test]
    fn targets_resolve_and_relate() {
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml").unwrap(),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/worksheets", "../comments1.xml").unwrap(),
            "xl/comments1.xml"
        );
        assert_eq!(resolve("xl", "/xl/styles.xml").unwrap(), "xl/styles.xml");
        assert!(resolve("", "../x").is_err());
        assert!(resolve("xl", "a%20b.xml").is_err());
        assert_eq!(
            relative("xl/worksheets", "xl/comments1.xml"),
            "../comments1.xml"
        );
        assert_eq!(
            relative("xl", "xl/worksheets/sheet3.xml"),
            "worksheets/sheet3.xml"
        );
        assert_eq!(
            rels_of("xl/worksheets/sheet1.xml"),
            "xl/worksheets/_rels/sheet1.xml.rels"
        );
        assert_eq!(parse_a1("F12"), Some((12, 5)));
        assert_eq!(parse_a1("AA1"), Some((1, 26)));
        assert_eq!(parse_a1("12"), None);
    }

    /// Every `<c>` of `before`, without its `s`, is in `after` (without its `s`).
    fn cells_kept(before: &str, after: &str) {
        let strip = |xml: &str| -> Vec<String> {
            let mut out = Vec::new();
            let mut tags = Tags::new(xml);
            let mut open: Option<(usize, String)> = None;
            while let Some(t) = tags.next_tag().unwrap() {
                if t.name == "c" {
                    match t.kind {
                        Kind::Empty => out.push(remove_attr(t.raw, "s").unwrap()),
                        Kind::Open => open = Some((t.end, remove_attr(t.raw, "s").unwrap())),
                        Kind::Close => {
                            let (end, tag) = open.take().unwrap();
                            out.push(format!("{tag}{}", &xml[end..t.end]));
                        }
                    }
                }
            }
            out
        };
        let after = strip(after);
        for c in strip(before) {
            assert!(after.contains(&c), "{c} is not kept");
        }
    }

    #[test]
    fn an_xlsx_is_patched_keeping_all_it_had() {
        let bytes = original(false);
        let book = read(&bytes);
        let notes = [
            note("申报", "B2", Severity::Warning, "[警告] 姓名"),
            note("申报", "B2", Severity::Error, "[错误] 姓名 & <再次>"),
            note("申报", "C2", Severity::Info, "[提示] 评分"),
            note("申报", "B4", Severity::Error, "空单元格"),
            note("申报", "C3", Severity::Warning, "没有这一行"),
            note("申报", "D9", Severity::Info, "表外"),
        ];
        let out = patch(&bytes, &book, &notes, &stamp(), u64::MAX).unwrap();
        // The values: those of the original, after the summary sheet.
        let copy = read(&out);
        assert_eq!(copy.sheets[0].name.as_deref(), Some("检查结果"));
        assert_eq!(copy.sheets[1..], book.sheets[..]);
        let summary: Vec<String> = copy.sheets[0]
            .rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|(_, v)| v.text())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        assert!(summary[0].starts_with("强国行专项行动 · in.xlsx 检查结果"));
        assert_eq!(
            summary[1],
            format!("规则版本 (edition)|{}", stamp().edition)
        );
        assert_eq!(summary[4], "工作表|单元格|严重程度|问题说明");
        assert_eq!(summary[6], "申报|B2|错误|[错误] 姓名 & <再次>");
        assert_eq!(summary.len(), 5 + notes.len());
        // The sheet: every cell as it was but for its style, and the drawing.
        let (before, after) = (
            part(&bytes, "xl/worksheets/sheet1.xml"),
            part(&out, "xl/worksheets/sheet1.xml"),
        );
        cells_kept(&before, &after);
        for kept in ["<cols>", "<mergeCells", "<dataValidations", "<pageSetup"] {
            let a = before
                .find(kept)
                .map(|i| &before[i..i + before[i..].find('>').unwrap()]);
            assert!(a.is_some_and(|a| after.contains(a)), "{kept}");
        }
        assert!(after.contains("<c r=\"B4\" s="), "{after}");
        assert!(after.contains("<row r=\"3\"><c r=\"C3\" s="), "{after}");
        assert!(after.contains("<row r=\"9\"><c r=\"D9\" s="), "{after}");
        let legacy = after.find("<legacyDrawing r:id=\"rId").unwrap();
        assert!(legacy > after.find("<pageSetup").unwrap());
        // The styles: the originals, then the copies with fills.
        let (sb, sa) = (part(&bytes, "xl/styles.xml"), part(&out, "xl/styles.xml"));
        assert!(sa.contains("FFFFC7CE") && sa.contains("FFFFEB9C"));
        let xfs = |s: &str| {
            let i = s.find("<cellXfs").unwrap();
            s[i..s.find("</cellXfs>").unwrap()].to_owned()
        };
        let (xb, xa) = (xfs(&sb), xfs(&sa));
        let inner = |x: &str| x[x.find('>').unwrap() + 1..].to_owned();
        assert!(inner(&xa).starts_with(&inner(&xb)));
        // B2's style: the worst (error) fill on B2's own style.
        let s_of = |xml: &str, a1: &str| -> u32 {
            let i = xml.find(&format!("<c r=\"{a1}\"")).unwrap();
            attr_u32(&xml[i..i + xml[i..].find('>').unwrap() + 1], "s")
                .unwrap()
                .unwrap_or(0)
        };
        let mut tags = Tags::new(&sa);
        let mut list = Vec::new();
        let mut inside = false;
        while let Some(t) = tags.next_tag().unwrap() {
            if t.name == "cellXfs" {
                inside = t.kind == Kind::Open;
            }
            if inside && t.name == "xf" && t.kind != Kind::Close {
                list.push(t.raw.to_owned());
            }
        }
        let b2 = &list[s_of(&after, "B2") as usize];
        let fill = attr_u32(b2, "fillId").unwrap().unwrap();
        let fills_before = sb.matches("<fill>").count();
        assert_eq!(fill as usize, fills_before, "{b2}");
        let c2 = &list[s_of(&after, "C2") as usize];
        assert_eq!(
            attr_u32(c2, "numFmtId").unwrap(),
            attr_u32(&list[s_of(&before, "C2") as usize], "numFmtId").unwrap()
        );
        // The comments, the drawing, the workbook.
        let comments = part(&out, "xl/comments1.xml");
        assert!(comments.contains("<comment ref=\"B2\" authorId=\"0\"><text><r><t xml:space=\"preserve\">[警告] 姓名\n[错误] 姓名 &amp; &lt;再次&gt;</t>"), "{comments}");
        assert_eq!(
            part(&out, "xl/drawings/vmlDrawing1.vml")
                .matches("<v:shape ")
                .count(),
            5
        );
        let rels = part(&out, "xl/worksheets/_rels/sheet1.xml.rels");
        assert!(
            rels.contains("Target=\"../comments1.xml\"")
                && rels.contains("Target=\"../drawings/vmlDrawing1.vml\"")
        );
        let wb = part(&out, "xl/workbook.xml");
        assert!(
            wb.contains("<sheets><sheet name=\"检查结果\" sheetId=\"3\" r:id=\"rId"),
            "{wb}"
        );
        assert!(wb.contains("localSheetId=\"1\""), "{wb}");
        let types = part(&out, "[Content_Types].xml");
        assert!(
            types.contains("Extension=\"vml\"")
                && types.contains("/xl/comments1.xml")
                && types.contains("/xl/worksheets/sheet3.xml")
        );
        // A part not edited is copied as it was.
        assert_eq!(
            part(&out, "xl/worksheets/sheet2.xml"),
            part(&bytes, "xl/worksheets/sheet2.xml")
        );
    }

    #[test]
    fn what_cannot_be_patched_is_rebuilt() {
        let bytes = original(true);
        let book = read(&bytes);
        let notes = [note("申报", "B2", Severity::Error, "x")];
        let why = patch(&bytes, &book, &notes, &stamp(), u64::MAX).unwrap_err();
        assert!(why.0.contains("notes or a VML drawing"), "{why:?}");
        let rebuilt = annotate_bytes(
            bytes.clone(),
            &ReadOptions::default(),
            &book,
            &notes,
            &stamp(),
        )
        .unwrap();
        assert!(!part(&rebuilt, "xl/worksheets/sheet2.xml").contains("dataValidation"));
        // A book that is not what the bytes read as is rebuilt too.
        let mut other = book.clone();
        other.sheets.pop();
        let rebuilt =
            annotate_bytes(bytes, &ReadOptions::default(), &other, &notes, &stamp()).unwrap();
        assert_eq!(read(&rebuilt).sheets.len(), 2);
        // Without notes on the sheet, the same book is patched: the drop-down stays.
        let bytes = original(false);
        let book = read(&bytes);
        let out = annotate_bytes(bytes, &ReadOptions::default(), &book, &notes, &stamp()).unwrap();
        assert!(part(&out, "xl/worksheets/sheet1.xml").contains("<dataValidation "));
        assert_eq!(read(&out).sheets.len(), 3);
    }

    #[test]
    fn no_annotations_give_the_summary_alone() {
        let bytes = original(false);
        let book = read(&bytes);
        let out = patch(&bytes, &book, &[], &stamp(), u64::MAX).unwrap();
        let copy = read(&out);
        assert_eq!(copy.sheets.len(), 3);
        assert_eq!(copy.sheets[1..], book.sheets[..]);
        assert_eq!(
            part(&out, "xl/worksheets/sheet1.xml"),
            part(&bytes, "xl/worksheets/sheet1.xml")
        );
    }
}
