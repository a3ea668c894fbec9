//! The wire plumbing, apart from the law: reading the JSON input shapes ([`de`]), naming where
//! malformed input fails ([`locate`], [`error`]), the `_json` twins ([`json`]) and the JSON
//! Schemas ([`schema`]), and one definition of the bindings' arguments ([`args`]). Nothing here
//! decides a rule.

pub mod args;
pub(crate) mod de;
pub(crate) mod error;
pub mod json;
pub(crate) mod locate;
pub(crate) mod schema;
