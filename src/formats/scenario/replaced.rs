//! When opening a link (or a result another view sends) replaces the scenario the user
//! had, whether that scenario must be kept for an Undo.

use super::{SavedScenario, ScenarioForm};

/// Whether `replaced`, the scenario the user had, must be kept recoverable when
/// `incoming` (a link's, or a merge's result) takes its place: unless it is the same as
/// `incoming` (nothing is lost), the defaults (one click brings them back) or already
/// among the `saved` scenarios (it can be opened from there).
pub fn worth_keeping(
    replaced: &ScenarioForm,
    incoming: &ScenarioForm,
    saved: &[SavedScenario],
) -> bool {
    replaced != incoming
        && *replaced != ScenarioForm::default()
        && !saved.iter().any(|scenario| scenario.form == *replaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(query: &str) -> ScenarioForm {
        let (form, problems) = ScenarioForm::from_query(query);
        assert!(problems.is_empty(), "{problems:?}");
        form
    }

    #[test]
    fn a_scenario_of_ones_own_replaced_by_a_link_is_kept() {
        // Regression: opening a Projection link replaced the current scenario with no
        // notice and no undo.
        let mine = form("v=1&calls-per-month=123456");
        let link = form("v=1&calls-per-month=50000&lever-batch=on");
        assert!(worth_keeping(&mine, &link, &[]));
    }

    #[test]
    fn nothing_is_kept_when_nothing_would_be_lost() {
        let mine = form("v=1&calls-per-month=123456");
        // The link shows the same scenario.
        assert!(!worth_keeping(&mine, &mine.clone(), &[]));
        // The defaults are one click away ("Reset to defaults").
        let link = form("v=1&calls-per-month=50000");
        assert!(!worth_keeping(&ScenarioForm::default(), &link, &[]));
        // It is saved under a name.
        let saved = [SavedScenario {
            name: "Mine".into(),
            form: mine.clone(),
        }];
        assert!(!worth_keeping(&mine, &link, &saved));
        // Another saved scenario does not count.
        let other = [SavedScenario {
            name: "Other".into(),
            form: form("v=1&calls-per-month=7"),
        }];
        assert!(worth_keeping(&mine, &link, &other));
    }
}
