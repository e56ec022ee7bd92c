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
                "is {:.1} MB; files of up to 50 MB can be opened",
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
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge(bytes.len()));
    }
    if bytes.contains(&0) {
        return Err(FileError::Binary);
    }
    let text = String::from_utf8(bytes)
        .map_err(|error| FileError::NotUtf8(error.utf8_error().valid_up_to()))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
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
