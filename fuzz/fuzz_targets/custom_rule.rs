//! A custom compression rule (find, replace, regex or not) applied to a text.
//! Input: first byte = regex flag; then `find`, `\n`, `replace`, `\n`, the text.
#![no_main]
use burnrate::text::compress::rules::{CustomRule, Level};
use burnrate::text::compress::{compress, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flag, rest)) = data.split_first() else {
        return;
    };
    let Ok(rest) = std::str::from_utf8(rest) else {
        return;
    };
    let mut parts = rest.splitn(3, '\n');
    let (find, replace, text) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let rule = CustomRule {
        find: find.to_owned(),
        replace: replace.to_owned(),
        regex: flag & 1 == 1,
    };
    let Ok(compiled) = rule.compile(0) else {
        return;
    };
    let options = Options {
        level: Level::Balanced,
        target: None,
        disabled: Default::default(),
        custom: vec![compiled],
    };
    // Words stand in for tokens: the rules only need a count that can go down.
    let count = |text: &str| text.split_whitespace().count();
    let result = compress(text, &options, &count);
    assert!(count(&result.text) <= count(text));
});
