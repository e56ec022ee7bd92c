//! Writes the token tables the app loads on demand: `<dir>/<encoding>.bin` for every
//! table, in the format of `burnrate::text::table`, from the tables bundled in
//! `tiktoken-rs`. Trunk runs it during every build (see Trunk.toml), into `tokenizers/`.
//!
//! Usage: `cargo run --bin tokenizer-tables -- <dir>`

use std::path::PathBuf;
use std::process::ExitCode;

use burnrate::text::table;
use burnrate::text::tokenize::{Encoder, Encoding};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: tokenizer-tables <output folder>");
        return ExitCode::from(2);
    };
    if let Err(error) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {error}", dir.display());
        return ExitCode::FAILURE;
    }
    for encoding in Encoding::ALL {
        if encoding.table_name() != encoding.name() {
            continue; // shares another encoding's table
        }
        let encoder = match Encoder::bundled(encoding) {
            Ok(encoder) => encoder,
            Err(error) => {
                eprintln!("{}: {error}", encoding.name());
                return ExitCode::FAILURE;
            }
        };
        let data = table::write(encoding.table_name(), &encoder.ranks());
        let path = dir.join(format!("{}.bin", encoding.table_name()));
        if let Err(error) = std::fs::write(&path, &data) {
            eprintln!("cannot write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
