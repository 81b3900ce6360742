//! Everything the TRTC module borrows from the IM side of the crate, in one place: the lenient
//! readers for integers, strings and object keys, the quiet scalar refusals, the kept-field
//! map and its compact writer. When those move, only this file changes.

pub(crate) use crate::protocol::event::compact::Compact;
pub(crate) use crate::protocol::event::lenient::{refuse_scalars_quietly, Field, Key};
pub(crate) use crate::protocol::event::ExtraFields;
