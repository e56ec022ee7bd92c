//! Opening a file as text: size limit, binary detection, UTF-8 validation.

use std::fmt;

/// The largest file the Tokens view opens.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

/// Why a file cannot be used as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge(usize),
    /// Holds NUL bytes: an image, archive, PDF or other binary file.
    Binary,
    /// Not UTF-8; holds the offset of the first invalid byte.
    NotUtf8(usize),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::TooLarge(bytes) => write!(
                f,
                "is {:.1} MiB; files of up to 50 MiB can be opened",
                *bytes as f64 / (1024.0 * 1024.0)
            ),
            FileError::Binary => write!(f, "is not a text file (it holds binary data)"),
            FileError::NotUtf8(at) => write!(
                f,
                "is not UTF-8 text (the first invalid byte is at offset {at}); save it as UTF-8 and try again"
            ),
        }
    }
}

impl std::error::Error for FileError {}

/// The text of a file's bytes. A UTF-8 byte-order mark is dropped; line endings are kept
/// as they are, since they are part of what a model would be sent.
pub fn decode(bytes: Vec<u8>) -> Result<String, FileError> {
    let mut decoder = Decoder::new(bytes.len())?;
    decoder.push(&bytes)?;
    decoder.finish()
}

/// Decodes a file a slice at a time, as it is read, with the checks of [`decode`]: no NUL
/// byte (binary data), valid UTF-8 (a character may be cut between two slices), a
/// byte-order mark dropped. The text of a file is the same whatever the slices; a file
/// that [`decode`] refuses is refused here too, though the reason can differ when a file
/// has both faults (each slice is checked for binary data first).
#[derive(Debug, Default)]
pub struct Decoder {
    text: String,
    /// The start of a character cut off at the end of the last slice.
    pending: Vec<u8>,
    /// Bytes pushed so far.
    pushed: usize,
    /// Whether the start of the text has been checked for a byte-order mark.
    bom_checked: bool,
}

impl Decoder {
    /// A decoder for a file of `size` bytes (refused when over [`MAX_FILE_BYTES`]).
    pub fn new(size: usize) -> Result<Decoder, FileError> {
        if size > MAX_FILE_BYTES {
            return Err(FileError::TooLarge(size));
        }
        Ok(Decoder {
            text: String::with_capacity(size),
            ..Decoder::default()
        })
    }

    /// Adds the file's next bytes.
    pub fn push(&mut self, slice: &[u8]) -> Result<(), FileError> {
        if self.pushed.saturating_add(slice.len()) > MAX_FILE_BYTES {
            return Err(FileError::TooLarge(self.pushed.saturating_add(slice.len())));
        }
        if slice.contains(&0) {
            return Err(FileError::Binary);
        }
        // Where `bytes` starts in the file.
        let start = self.pushed - self.pending.len();
        self.pushed += slice.len();
        let joined;
        let bytes: &[u8] = if self.pending.is_empty() {
            slice
        } else {
            joined = [std::mem::take(&mut self.pending).as_slice(), slice].concat();
            &joined
        };
        let valid = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let up_to = error.valid_up_to();
                if error.error_len().is_some() {
                    return Err(FileError::NotUtf8(start + up_to));
                }
                // A character cut at the end of the slice: the next slice completes it.
                self.pending = bytes[up_to..].to_vec();
                std::str::from_utf8(&bytes[..up_to]).unwrap_or_default()
            }
        };
        self.text.push_str(valid);
        self.drop_bom(false);
        Ok(())
    }

    /// Drops a byte-order mark once the text is long enough to tell (or at the end).
    fn drop_bom(&mut self, at_end: bool) {
        if self.bom_checked || (self.text.len() < 3 && !at_end) {
            return;
        }
        self.bom_checked = true;
        if self.text.starts_with('\u{feff}') {
            self.text.drain(..3);
        }
    }

    /// Bytes pushed so far.
    pub fn pushed(&self) -> usize {
        self.pushed
    }

    /// The text, once every byte has been pushed.
    pub fn finish(mut self) -> Result<String, FileError> {
        if !self.pending.is_empty() {
            return Err(FileError::NotUtf8(self.pushed - self.pending.len()));
        }
        self.drop_bom(true);
        Ok(self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_text_is_kept_byte_for_byte_without_a_bom() {
        assert_eq!(decode(b"line\r\nnext".to_vec()).unwrap(), "line\r\nnext");
        assert_eq!(
            decode("\u{feff}héllo".as_bytes().to_vec()).unwrap(),
            "héllo"
        );
        assert_eq!(decode(Vec::new()).unwrap(), "");
    }

    #[test]
    fn binary_latin1_and_huge_files_are_refused_with_reasons() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0".to_vec()),
            Err(FileError::Binary)
        );
        assert_eq!(decode(b"caf\xe9".to_vec()), Err(FileError::NotUtf8(3)));
        assert_eq!(
            decode(b"caf\xe9".to_vec()).unwrap_err().to_string(),
            "is not UTF-8 text (the first invalid byte is at offset 3); save it as UTF-8 and try again"
        );
        assert!(matches!(
            decode(vec![b'a'; MAX_FILE_BYTES + 1]),
            Err(FileError::TooLarge(_))
        ));
    }

    #[test]
    fn a_character_cut_between_slices_is_joined_and_a_bad_byte_is_found_by_offset() {
        let text = "a🔥é\u{feff}b";
        let bytes = text.as_bytes();
        for cut in 0..=bytes.len() {
            let mut decoder = Decoder::new(bytes.len()).unwrap();
            decoder.push(&bytes[..cut]).unwrap();
            decoder.push(&bytes[cut..]).unwrap();
            assert_eq!(decoder.finish().unwrap(), text, "cut at {cut}");
        }
        // A BOM split over slices is still dropped.
        let mut decoder = Decoder::new(5).unwrap();
        decoder.push(&[0xEF]).unwrap();
        decoder.push(&[0xBB, 0xBF, b'h', b'i']).unwrap();
        assert_eq!(decoder.finish().unwrap(), "hi");
        // The offset of a bad byte counts from the file's start, across slices.
        let mut decoder = Decoder::new(8).unwrap();
        decoder.push(b"abc\xe2").unwrap();
        assert_eq!(decoder.push(b"\x82x"), Err(FileError::NotUtf8(3)));
        // A file that ends inside a character.
        let mut decoder = Decoder::new(4).unwrap();
        decoder.push(b"ab\xf0\x9f").unwrap();
        assert_eq!(decoder.finish(), Err(FileError::NotUtf8(2)));
        assert_eq!(
            Decoder::new(MAX_FILE_BYTES + 1).unwrap_err(),
            FileError::TooLarge(MAX_FILE_BYTES + 1)
        );
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(256))]
        // Any slicing of any bytes gives decode's text, or a refusal where decode refuses.
        #[test]
        fn slices_decode_like_the_whole(bytes in proptest::collection::vec(proptest::prop_oneof![proptest::num::u8::ANY, proptest::sample::select(vec![b'a', 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x94, 0xA5, 0xEF, 0xBB, 0xBF])], 0..300), cuts in proptest::collection::vec(0usize..300, 0..6)) {
            let whole = decode(bytes.clone());
            let mut cuts: Vec<usize> = cuts.into_iter().map(|cut| cut.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut decoder = Decoder::new(bytes.len()).unwrap();
            let mut at = 0;
            let mut sliced = Ok(());
            for cut in cuts.into_iter().chain([bytes.len()]) {
                sliced = sliced.and_then(|()| decoder.push(&bytes[at..cut]));
                at = cut;
            }
            let sliced = sliced.and_then(|()| decoder.finish());
            match whole {
                Ok(text) => proptest::prop_assert_eq!(sliced, Ok(text)),
                Err(_) => proptest::prop_assert!(sliced.is_err()),
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_decode_or_are_refused_without_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = decode(bytes);
        }

        #[test]
        fn text_without_nul_decodes_to_itself(text in "[^\\x00\u{feff}]{0,200}") {
            proptest::prop_assert_eq!(decode(text.clone().into_bytes()), Ok(text));
        }
    }
}
