//! CSV as Burnrate writes it (the filtered usage rows, the Projection's months), through
//! the `csv` crate: cells separated by commas, `\n` after every row (the header too), a
//! cell quoted only when it holds a comma, a quote, `\r` or `\n`, a quote inside doubled.
//! This is what the hand-written writer before it produced, byte for byte (a fixture test
//! in `models::usage::charts` checks it).
//! Must not know: what the columns mean; callers hand it text cells.

/// A CSV text being written row by row.
pub struct CsvTable {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvTable {
    /// A table starting with the `header` row.
    pub fn new(header: &[&str]) -> CsvTable {
        let mut table = CsvTable {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .quote_style(csv::QuoteStyle::Necessary)
                // Rows may differ in length; writing to memory then cannot fail.
                .flexible(true)
                .from_writer(Vec::new()),
        };
        table.row(header);
        table
    }

    /// Adds a row.
    pub fn row<Cell: AsRef<[u8]>>(&mut self, cells: impl IntoIterator<Item = Cell>) {
        // Writing to a Vec in a flexible writer has no error to report.
        let _ = self.writer.write_record(cells);
    }

    /// The text written.
    pub fn finish(self) -> String {
        // Flushing into a Vec cannot fail.
        let bytes = self.writer.into_inner().unwrap_or_default();
        // The cells were text, so the table is.
        String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_when_they_must_be() {
        let mut table = CsvTable::new(&["a", "b", "c"]);
        table.row(["plain", " spaced ", ""]);
        table.row(["a,b", "say \"hi\"", "two\nlines"]);
        table.row(["cr\rhere", "#", "'"]);
        assert_eq!(
            table.finish(),
            "a,b,c\nplain, spaced ,\n\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n\"cr\rhere\",#,'\n"
        );
    }
}
