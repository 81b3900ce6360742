//! The moderation policy of the `moderate` example: a word list, and what it decides about a
//! message body. No HTTP here, so tests can include this file as it is.
//!
//! # The word-list format
//!
//! UTF-8 text, one word (or phrase) per line:
//!
//! ```text
//! # A comment; blank lines are ignored.
//! darn            # before any section, a word is masked
//! !casino         # a `!` prefix blocks the word, in any section
//! [block]         # every word below is blocked ...
//! scam
//! [mask]          # ... and every word below masked
//! heck
//! ```
//!
//! Matching ignores ASCII case and finds words anywhere in the text (also inside longer
//! words). A message whose text contains a blocked word is rejected; otherwise each masked
//! word in its text elements is replaced by one `*` per character and the message allowed;
//! anything else is allowed unchanged. Only text elements are read and rewritten: images,
//! custom elements and elements of unknown types pass untouched. Blocking looks at the
//! message's whole text (its text elements joined), so a word split over two elements is
//! still found.

// Each user of this file (the example, its tests) uses a part of it.
#![allow(dead_code)]

use tencent_im_callback::message::{MsgBody, TextElem};

/// The environment variable naming the word-list file.
pub const WORDS_FILE_VAR: &str = "TIM_WORDS_FILE";

/// The list used when `TIM_WORDS_FILE` is not set.
pub const BUILT_IN: &str = "\
# Built-in demo list: set TIM_WORDS_FILE to use your own.
[block]
casino
scam
[mask]
darn
heck
";

/// The words to block and to mask, ASCII-lowercased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordList {
    block: Vec<String>,
    mask: Vec<String>,
}

/// What the policy decided about a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Nothing on the list: deliver it unchanged.
    Allow,
    /// It contains this blocked word: reject it.
    Block {
        /// The first blocked word found.
        word: String,
    },
    /// It contains these masked words: deliver this body instead.
    Mask {
        /// The masked words found, in list order.
        words: Vec<String>,
        /// The body with every occurrence masked.
        body: MsgBody,
    },
}

impl WordList {
    /// Reads a list in the format of the module documentation; an error names the line.
    pub fn parse(text: &str) -> Result<WordList, String> {
        let mut list = WordList {
            block: Vec::new(),
            mask: Vec::new(),
        };
        let mut blocking = false;
        for (number, line) in text.lines().enumerate() {
            let line = match line.find('#') {
                Some(comment) => &line[..comment],
                None => line,
            }
            .trim();
            if line.is_empty() {
                continue;
            }
            match line {
                "[block]" => blocking = true,
                "[mask]" => blocking = false,
                section if section.starts_with('[') => {
                    return Err(format!(
                        "line {}: unknown section {section}; use [block] or [mask]",
                        number + 1
                    ))
                }
                _ => {
                    let (block, word) = match line.strip_prefix('!') {
                        Some(word) => (true, word.trim()),
                        None => (blocking, line),
                    };
                    if word.is_empty() {
                        return Err(format!("line {}: `!` without a word", number + 1));
                    }
                    let word = word.to_ascii_lowercase();
                    let target = if block {
                        &mut list.block
                    } else {
                        &mut list.mask
                    };
                    if !target.contains(&word) {
                        target.push(word);
                    }
                }
            }
        }
        Ok(list)
    }

    /// The list named by `TIM_WORDS_FILE`, or the built-in one when it is unset.
    pub fn from_env() -> Result<WordList, String> {
        match std::env::var_os(WORDS_FILE_VAR) {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|error| {
                    format!("{WORDS_FILE_VAR}={}: {error}", path.to_string_lossy())
                })?;
                WordList::parse(&text).map_err(|error| {
                    format!("{WORDS_FILE_VAR}={}: {error}", path.to_string_lossy())
                })
            }
            None => WordList::parse(BUILT_IN),
        }
    }

    /// The blocked words.
    pub fn blocked(&self) -> &[String] {
        &self.block
    }

    /// The masked words.
    pub fn masked(&self) -> &[String] {
        &self.mask
    }

    /// What to do with a message of this body.
    pub fn judge(&self, body: &MsgBody) -> Verdict {
        let text = body.plain_text().to_ascii_lowercase();
        if let Some(word) = self.block.iter().find(|word| text.contains(word.as_str())) {
            return Verdict::Block { word: word.clone() };
        }
        let words: Vec<String> = self
            .mask
            .iter()
            .filter(|word| text.contains(word.as_str()))
            .cloned()
            .collect();
        if words.is_empty() {
            return Verdict::Allow;
        }
        let mut body = body.clone();
        for element in body.all_mut::<TextElem>() {
            element.text = mask(&element.text, &words);
        }
        Verdict::Mask { words, body }
    }
}

/// `text` with every occurrence of each word (ASCII case ignored) replaced by one `*` per
/// character.
pub fn mask(text: &str, words: &[String]) -> String {
    // ASCII lowercasing keeps every byte offset, so positions found in `lower` are positions
    // in `text`, on character boundaries.
    let lower = text.to_ascii_lowercase();
    let mut masked = vec![false; text.len()];
    for word in words.iter().filter(|word| !word.is_empty()) {
        let mut from = 0;
        while let Some(found) = lower[from..].find(word.as_str()) {
            let start = from + found;
            masked[start..start + word.len()].fill(true);
            from = start + word.len();
        }
    }
    text.char_indices()
        .map(|(at, c)| if masked[at] { '*' } else { c })
        .collect()
}
