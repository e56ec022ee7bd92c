//! The rules: what each contributed, switches for the built-in ones, the user's own
//! find/replace rules, and export/import.

use leptos::prelude::*;

use crate::formats::compress_rules::{self, RuleSettings, MAX_CUSTOM};
use crate::text::compress::rules::{CustomRule, Family};
use crate::text::compress::{Compressed, RuleStatus};
use crate::ui::browser::{download_text, read_picked_text};

use super::status_text;

/// The rules table and editor.
#[component]
pub fn RulesPanel(
    /// The settings (saved by the view).
    settings: RwSignal<RuleSettings>,
    /// The latest result, for each rule's contribution.
    result: Signal<Option<Compressed>>,
    /// Where to report outcomes.
    status: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let find = RwSignal::new(String::new());
    let replace = RwSignal::new(String::new());
    let regex = RwSignal::new(false);
    let add_error = RwSignal::new(None::<String>);
    let show_all = RwSignal::new(false);
    let add = move |_| {
        let rule = CustomRule {
            find: find.get_untracked(),
            replace: replace.get_untracked(),
            regex: regex.get_untracked(),
        };
        if settings.with_untracked(|settings| settings.custom.len()) >= MAX_CUSTOM {
            add_error.set(Some(format!("At most {MAX_CUSTOM} custom rules.")));
            return;
        }
        match rule.compile(0) {
            Ok(_) => {
                settings.update(|settings| settings.custom.push(rule));
                find.set(String::new());
                replace.set(String::new());
                add_error.set(None);
            }
            Err(error) => add_error.set(Some(error.0)),
        }
    };
    let export = move |_| {
        let json = settings.with_untracked(compress_rules::to_json);
        status.set(Some(
            download_text("burnrate-compress-rules.json", "application/json", &json)
                .map(|()| "Exported your rules.".to_owned()),
        ));
    };
    let import = move |ev: leptos::ev::Event| {
        read_picked_text(&ev, move |read| {
            match read.and_then(|text| compress_rules::parse(&text)) {
                Ok(imported) => {
                    let summary = format!(
                        "Imported {} custom rule(s) and {} switched-off rule(s).",
                        imported.custom.len(),
                        imported.disabled.len()
                    );
                    settings.set(imported);
                    status.set(Some(Ok(summary)));
                }
                Err(problem) => status.set(Some(Err(format!(
                    "Nothing was imported: {problem}. Your rules are unchanged."
                )))),
            }
        });
    };
    let rows = move || {
        result.get().map(|result| {
            let all = show_all.get();
            result.rules.into_iter().filter(move |outcome| {
                all || !matches!(outcome.status, RuleStatus::NoMatch | RuleStatus::AboveLevel)
            }).map(|outcome| {
                let id = outcome.id.clone();
                let toggle_id = id.clone();
                let is_custom = outcome.family == Family::Custom;
                let checked = settings.with(|settings| !settings.disabled.contains(&id));
                view! {
                    <tr class:applied=outcome.status == RuleStatus::Applied>
                        <td>
                            {(!is_custom).then(|| view! {
                                <input type="checkbox" data-testid=format!("compress-rule-{id}") aria-label=format!("Use the rule {}", outcome.describe)
                                    prop:checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        settings.update(|settings| {
                                            if on { settings.disabled.remove(&toggle_id); } else { settings.disabled.insert(toggle_id.clone()); }
                                        });
                                    } />
                            })}
                        </td>
                        <td>{outcome.describe.clone()}</td>
                        <td>{outcome.family.label()}</td>
                        <td>{status_text(outcome.status)}</td>
                        <td class="num">{outcome.rewrites}</td>
                        <td class="num">{outcome.saved}</td>
                    </tr>
                }
            }).collect_view()
        })
    };
    view! {
        <section class="compress-rules" aria-labelledby="compress-rules-title">
            <h2 id="compress-rules-title">"Rules"</h2>
            <p class="hint">"Each rule is tried on the text the rules before it left, and kept only if the token count goes down. Untick a rule to switch it off; your choices are saved in this browser."</p>
            <label class="check">
                <input type="checkbox" data-testid="compress-rules-all" prop:checked=move || show_all.get() on:change=move |ev| show_all.set(event_target_checked(&ev)) />
                "Show every rule, including those that found nothing to rewrite"
            </label>
            <div class="scroll-x">
                <table class="data-table" data-testid="compress-rules-table">
                    <thead><tr><th>"On"</th><th>"Rule"</th><th>"Family"</th><th>"Outcome"</th><th class="num">"Rewrites"</th><th class="num">"Tokens saved"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <h3>"Your own rules"</h3>
            <ul class="custom-rules" data-testid="compress-custom-rules">
                {move || settings.get().custom.into_iter().enumerate().map(|(index, rule)| view! {
                    <li>
                        <code>{rule.find.clone()}</code>" → "<code>{rule.replace.clone()}</code>{rule.regex.then_some(" (regex)")}
                        <button type="button" class="link" data-testid="compress-custom-remove"
                            on:click=move |_| settings.update(|settings| { if index < settings.custom.len() { settings.custom.remove(index); } })>"Remove"</button>
                    </li>
                }).collect_view()}
            </ul>
            <div class="filters">
                <label class="field"><span>"Find"</span>
                    <input type="text" data-testid="compress-custom-find" prop:value=move || find.get() on:input=move |ev| find.set(event_target_value(&ev))
                        aria-invalid=move || add_error.get().is_some().to_string() aria-describedby="compress-custom-error" /></label>
                <label class="field"><span>"Replace with"</span>
                    <input type="text" data-testid="compress-custom-replace" prop:value=move || replace.get() on:input=move |ev| replace.set(event_target_value(&ev)) /></label>
                <label class="check"><input type="checkbox" data-testid="compress-custom-regex" prop:checked=move || regex.get() on:change=move |ev| regex.set(event_target_checked(&ev)) />"Regular expression"</label>
                <button type="button" class="secondary" data-testid="compress-custom-add" on:click=add>"Add rule"</button>
            </div>
            <p class="error" id="compress-custom-error" data-testid="compress-custom-error" role="alert">{move || add_error.get()}</p>
            <div class="actions">
                <button type="button" class="secondary" data-testid="compress-rules-export" on:click=export>"Export rules (JSON)"</button>
                <label class="button secondary">"Import rules (JSON)"
                    <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="compress-rules-import" on:change=import />
                </label>
                <button type="button" class="link" data-testid="compress-rules-reset" on:click=move |_| settings.set(RuleSettings::default())>"Reset to the default rules"</button>
            </div>
        </section>
    }
}
