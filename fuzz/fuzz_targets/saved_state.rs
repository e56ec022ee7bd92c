//! Everything read back from localStorage or a link's fragment: saved scenarios, the
//! current scenario, compression rules, routing rules, column mappings, each view's kept
//! inputs, the route.
#![no_main]
use burnrate::formats::{
    compress_rules, inputs, route, routing_rules, scenario, usage_mappings,
};
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
    if let Ok(mappings) = usage_mappings::SavedMappings::from_json(text) {
        assert_eq!(
            usage_mappings::SavedMappings::from_json(&mappings.to_json()),
            Ok(mappings)
        );
    }
    if let Ok(fields) = inputs::parse(text) {
        // Each field decodes as any type a view asks for, or is None; never a panic.
        for raw in fields.values() {
            let _ = inputs::decode::<String>(raw);
            let _ = inputs::decode::<bool>(raw);
            let _ = inputs::decode::<Vec<burnrate::text::chat::Message>>(raw);
        }
        // What is read is written back field for field.
        let kept: Vec<(String, String)> = fields
            .iter()
            .map(|(name, raw)| (name.clone(), raw.get().to_owned()))
            .collect();
        let again = inputs::parse(&inputs::write(fields)).expect("a written entry reads back");
        let again: Vec<(String, String)> = again
            .iter()
            .map(|(name, raw)| (name.clone(), raw.get().to_owned()))
            .collect();
        assert_eq!(kept, again);
    }
    let _ = route::parse_fragment(text);
});
