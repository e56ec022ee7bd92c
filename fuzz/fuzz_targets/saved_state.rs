//! Everything read back from localStorage or a link's fragment: saved scenarios, the
//! current scenario, compression rules, routing rules, column mappings, the route.
#![no_main]
use burnrate::formats::{compress_rules, route, routing_rules, scenario, usage_log};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = scenario::saved_from_json(text);
    let _ = scenario::from_json(text);
    if let Ok(settings) = compress_rules::parse(text) {
        for (index, rule) in settings.custom.iter().enumerate() {
            let _ = rule.compile(index);
        }
        let _ = compress_rules::to_json(&settings);
    }
    let _ = routing_rules::parse(text);
    if let Ok(mappings) = usage_log::SavedMappings::from_json(text) {
        assert_eq!(
            usage_log::SavedMappings::from_json(&mappings.to_json()),
            Ok(mappings)
        );
    }
    let _ = route::parse_fragment(text);
});
