//! The dashboard of a loaded log: filters, headline figures, breakdowns, cost over time,
//! alerts, opportunities and exports.

use std::sync::Arc;

use leptos::prelude::*;

use super::bill::{BillTable, UnmatchedModels};
use super::breakdown::Breakdown;
use super::findings::{Alerts, Opportunities};
use super::token_parts::TokenParts;
use super::Loaded;
use crate::chart::line_chart_svg;
use crate::form;
use crate::formats::exports::filtered_csv;
use crate::formats::opportunity_links::priced;
use crate::formats::route::View;
use crate::formats::time::parse_time;
use crate::models::usage::bill::bill_vs_list;
use crate::models::usage::charts::cost_over_time;
use crate::models::usage::opportunities::opportunities;
use crate::models::usage::opportunities::PER_CALL_ONLY;
use crate::models::usage::report::{markdown, pricing_note};
use crate::models::usage::{analyse, Dimension, Filter, Thresholds, UsageReport, DAY};
use crate::show::money::{counted, integer};
use crate::show::number::{pct, unit_usd, usd};
use crate::ui::browser::download_text;
use crate::ui::chart::ChartFigure;
use crate::ui::field::{StatusMessage, TextField};
use crate::ui::kept::{kept, kept_in_memory};
use crate::ui::price_book::use_price_book;

/// What a figure that needs single calls says for a log of aggregate rows.
pub(super) const NOT_AVAILABLE: &str = "not available for aggregate exports";

/// The dashboard's filters. They outlive the view (a log stays open across views, and so
/// does what it is filtered by) but belong to the log: opening another clears them.
#[derive(Clone, Copy)]
pub struct Filters {
    from: RwSignal<String>,
    until: RwSignal<String>,
    feature: RwSignal<String>,
    model: RwSignal<String>,
    user: RwSignal<String>,
}

impl Filters {
    /// The filters, kept above the view.
    pub fn kept() -> Filters {
        Filters {
            from: kept_in_memory(View::Usage, "filter-from", String::new),
            until: kept_in_memory(View::Usage, "filter-to", String::new),
            feature: kept_in_memory(View::Usage, "filter-feature", String::new),
            model: kept_in_memory(View::Usage, "filter-model", String::new),
            user: kept_in_memory(View::Usage, "filter-user", String::new),
        }
    }

    /// No filter: every call of the log.
    pub fn clear(self) {
        for filter in [self.from, self.until, self.feature, self.model, self.user] {
            filter.set(String::new());
        }
    }
}

/// The dashboard, `data-testid="usage-dashboard"`.
#[component]
pub fn Dashboard(
    loaded: Arc<Loaded>,
    /// Called with the dimensions chosen as the feature and user breakdowns (`None`: the
    /// file's own column).
    on_dimensions: Callback<(Option<Dimension>, Option<Dimension>)>,
) -> impl IntoView {
    let book = use_price_book();
    let filters = Filters::kept();
    let Filters {
        from,
        until,
        feature,
        model,
        user,
    } = filters;
    let hourly_default = loaded
        .log
        .rows()
        .iter()
        .map(|row| row.at)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), at| {
            (low.min(at), high.max(at))
        });
    let hourly = RwSignal::new(hourly_default.1 - hourly_default.0 <= 14.0 * DAY);
    let hourly_cost = kept(
        View::Usage,
        "usage-threshold-hourly",
        "the hourly cost alert",
        || "10".to_owned(),
    );
    let daily_cost = kept(
        View::Usage,
        "usage-threshold-daily",
        "the daily cost alert",
        || "100".to_owned(),
    );
    let request_cost = kept(
        View::Usage,
        "usage-threshold-request",
        "the per-request cost alert",
        || "0.50".to_owned(),
    );
    let error_rate = kept(
        View::Usage,
        "usage-threshold-errors",
        "the error rate alert",
        || "5".to_owned(),
    );
    let export_status = RwSignal::new(None::<Result<String, String>>);

    let features = loaded.log.distinct(|row| row.feature);
    let models = loaded.log.distinct(|row| row.model);
    let users = loaded.log.distinct(|row| row.user);

    let date_check = |value: RwSignal<String>, label: &'static str| {
        move || -> Result<Option<f64>, String> {
            let raw = value.get();
            if raw.trim().is_empty() {
                return Ok(None);
            }
            parse_time(raw.trim())
                .map(Some)
                .ok_or_else(|| format!("The {label} date must look like 2026-11-02"))
        }
    };
    let from_check = date_check(from, "from");
    let until_check = date_check(until, "to");
    let money = |value: RwSignal<String>, label: &'static str| {
        move || form::decimal(&value.get(), label, 0.0, 1e12, "dollars").map_err(|e| e.to_string())
    };
    let hourly_check = money(hourly_cost, "hourly threshold");
    let daily_check = money(daily_cost, "daily threshold");
    let request_check = money(request_cost, "per-request threshold");
    let error_check = move || {
        form::decimal(
            &error_rate.get(),
            "error-rate threshold",
            0.0,
            100.0,
            "a percentage",
        )
        .map_err(|e| e.to_string())
    };

    let filter = Memo::new(move |_| Filter {
        from: from_check().ok().flatten(),
        until: until_check().ok().flatten().map(|day| day + DAY),
        feature: Some(feature.get()).filter(|name| !name.is_empty()),
        model: Some(model.get()).filter(|name| !name.is_empty()),
        user: Some(user.get().trim().to_owned()).filter(|name| !name.is_empty()),
    });
    // Thresholds that are not valid keep their last valid value (the field says why).
    let thresholds = Memo::new(move |previous: Option<&Thresholds>| {
        let last = previous.copied().unwrap_or_default();
        Thresholds {
            hourly: hourly_check().unwrap_or(last.hourly),
            daily: daily_check().unwrap_or(last.daily),
            per_request: request_check().unwrap_or(last.per_request),
            error_rate: error_check()
                .map(|percent| percent / 100.0)
                .unwrap_or(last.error_rate),
        }
    });
    let report_log = loaded.clone();
    let report = Memo::new(move |_| {
        let filter = filter.get();
        let thresholds = thresholds.get();
        book.catalog
            .with(|catalog| Arc::new(analyse(&report_log.log, &filter, catalog, &thresholds)))
    });
    let bill_log = loaded.clone();
    let bill = Memo::new(move |_| {
        let filter = filter.get();
        book.catalog
            .with(|catalog| bill_vs_list(&bill_log.log, &filter, catalog).map(Arc::new))
    });
    let found = Memo::new(move |_| {
        let thresholds = thresholds.get();
        report.with(|report| {
            book.catalog.with(|catalog| {
                Arc::new(priced(opportunities(report, catalog, &thresholds), catalog))
            })
        })
    });

    let stat = move |pick: fn(&UsageReport) -> String| move || report.with(|report| pick(report));
    let chart = Memo::new(move |_| {
        let hourly = hourly.get();
        report.with(|report| cost_over_time(report, hourly))
    });
    let draw_time = Callback::new(move |width: u32| {
        chart.with(|chart| line_chart_svg(&chart.as_ref()?.0, width).ok())
    });
    let time_description = Signal::derive(move || {
        chart.with(|chart| {
            chart.as_ref().map(|(_, description, forced)| {
                format!(
                    "{description}{}",
                    if *forced {
                        " Drawn by day: the log spans too many hours to draw each."
                    } else {
                        ""
                    }
                )
            })
        })
    });
    let scope = move || {
        let filter = filter.get();
        let mut parts = Vec::new();
        if let Ok(Some(_)) = from_check() {
            parts.push(format!("from {}", from.get()));
        }
        if let Ok(Some(_)) = until_check() {
            parts.push(format!("to {}", until.get()));
        }
        for (label, value) in [
            ("feature", &filter.feature),
            ("model", &filter.model),
            ("user", &filter.user),
        ] {
            if let Some(value) = value {
                parts.push(format!("{label} {value}"));
            }
        }
        if parts.is_empty() {
            "all rows".to_owned()
        } else {
            format!("filtered: {}", parts.join(", "))
        }
    };
    let export_loaded = loaded.clone();
    let export_csv = move |_| {
        let text = book.catalog.with_untracked(|catalog| {
            filtered_csv(&export_loaded.log, &filter.get_untracked(), catalog)
        });
        export_status.set(Some(
            download_text("burnrate-usage-rows.csv", "text/csv", &text)
                .map(|()| "Rows downloaded.".to_owned()),
        ));
    };
    let report_text =
        move || report.with(|report| found.with(|found| markdown(report, found, &scope())));
    let export_report = move |_| {
        export_status.set(Some(
            download_text("burnrate-usage-report.md", "text/markdown", &report_text())
                .map(|()| "Report downloaded.".to_owned()),
        ));
    };
    let copy_report = move |_| {
        let text = report_text();
        leptos::task::spawn_local(async move {
            export_status.set(Some(
                crate::ui::browser::copy_text(&text)
                    .await
                    .map(|()| "Report copied.".to_owned()),
            ));
        });
    };
    let clear_filters = move |_| filters.clear();
    let select = |label: &'static str,
                  testid: &'static str,
                  value: RwSignal<String>,
                  names: Vec<String>| {
        view! {
            <label class="field">
                <span>{label}</span>
                <select data-testid=testid prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">"All"</option>
                    {names.into_iter().map(|name| {
                        let shown = if name.is_empty() { "(none)".to_owned() } else { name.clone() };
                        view! { <option value=name>{shown}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let present = loaded.log.dimensions_present();
    let (feature_dimension, user_dimension) = loaded.dimensions;
    let own = |own: Option<Dimension>, column: &str| match own {
        Some(dimension) => format!("the format's choice ({})", dimension.label()),
        None => format!("the file's {column} column"),
    };
    let own_feature = own(loaded.export.and_then(|export| export.feature), "feature");
    let own_user = own(loaded.export.and_then(|export| export.user), "user");
    let dimension_select = move |label: &'static str,
                                 testid: &'static str,
                                 own: String,
                                 current: Option<Dimension>,
                                 is_feature: bool| {
        let options = present.clone();
        view! {
            <label class="field">
                <span>{label}</span>
                <select data-testid=testid on:change=move |ev| {
                    let value = event_target_value(&ev);
                    let chosen = Dimension::ALL.into_iter().find(|dimension| dimension.label() == value);
                    if is_feature {
                        on_dimensions.run((chosen, user_dimension));
                    } else {
                        on_dimensions.run((feature_dimension, chosen));
                    }
                }>
                    <option value="" selected=current.is_none()>{own}</option>
                    {options.into_iter().map(|dimension| view! {
                        <option value=dimension.label() selected=current == Some(dimension)>{dimension.label()}</option>
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let dimension_selects = (!loaded.log.dimensions_present().is_empty()).then(|| view! {
        <div class="filters dimensions" role="group" aria-label="Breakdowns">
            {dimension_select("Feature breakdown by", "usage-feature-dimension", own_feature, feature_dimension, true)}
            {dimension_select("User breakdown by", "usage-user-dimension", own_user, user_dimension, false)}
        </div>
    });
    let aggregate_note = loaded.log.has_aggregates().then(|| {
        let skipped: Vec<&str> = PER_CALL_ONLY.iter().map(|kind| kind.label()).collect();
        view! {
            <p class="hint" data-testid="usage-aggregate-note">{format!(
                "This file holds aggregate rows (buckets of many calls): requests count their calls and averages are per call; latency, cache hit rate, the cost of one request and repeated prompts are {NOT_AVAILABLE}, and the opportunities that need single calls ({}) are not offered.",
                skipped.join(", ")
            )}</p>
        }
    });
    let user_options: Vec<String> = users.iter().take(500).cloned().collect();
    let user_count = users.len();

    view! {
        <section class="usage-dashboard" data-testid="usage-dashboard" aria-label="Dashboard">
            {dimension_selects}
            <div class="filters" role="group" aria-label="Filters">
                <label class="field">
                    <span>"From (UTC date)"</span>
                    <input type="date" data-testid="usage-filter-from" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
                    <span class="error" role="alert">{move || from_check().err()}</span>
                </label>
                <label class="field">
                    <span>"To (UTC date, included)"</span>
                    <input type="date" data-testid="usage-filter-to" prop:value=move || until.get() on:input=move |ev| until.set(event_target_value(&ev)) />
                    <span class="error" role="alert">{move || until_check().err()}</span>
                </label>
                {select("Feature", "usage-filter-feature", feature, features)}
                {select("Model", "usage-filter-model", model, models)}
                <label class="field">
                    <span>{format!("User ({} in the log)", integer(user_count as u64))}</span>
                    <input type="text" list="usage-users" data-testid="usage-filter-user" placeholder="All" prop:value=move || user.get() on:change=move |ev| user.set(event_target_value(&ev)) />
                    <datalist id="usage-users">
                        {user_options.into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
                    </datalist>
                </label>
                <button type="button" class="secondary" data-testid="usage-filter-clear" on:click=clear_filters>"Clear filters"</button>
            </div>
            <p class="hint" data-testid="usage-source">{format!(
                "{} · {} · {:.1} MiB · read in {}",
                loaded.name,
                counted(loaded.log.len() as u64, "call", "calls"),
                loaded.bytes as f64 / 1_048_576.0,
                super::duration(loaded.millis)
            )}</p>
            <p class="hint" data-testid="usage-scope">{move || format!("Showing {} ({}).", scope(), counted(report.with(|r| r.totals.requests) as u64, "call", "calls"))}</p>

            <dl class="cost-figures usage-figures">
                <div class="stat primary"><dt>"Total cost"</dt><dd data-testid="usage-total-cost">{stat(|r| usd(r.totals.cost))}</dd></div>
                <div class="stat primary"><dt>"Requests"</dt><dd data-testid="usage-requests">{stat(|r| if r.totals.buckets_without_count > 0 { "not given in this file".to_owned() } else { integer(r.totals.requests as u64) })}</dd></div>
                <div class="stat"><dt>"Per month at this rate"</dt><dd data-testid="usage-monthly-cost">{stat(|r| usd(r.totals.cost * r.month_factor))}</dd></div>
                <div class="stat"><dt>"Average per request"</dt><dd data-testid="usage-cost-per-request">{stat(|r| if r.totals.buckets_without_count > 0 { NOT_AVAILABLE.to_owned() } else { unit_usd(if r.totals.requests == 0 { 0.0 } else { r.totals.cost / r.totals.requests as f64 }) })}</dd></div>
                <div class="stat"><dt>"Tokens (input / output)"</dt><dd data-testid="usage-tokens">{stat(|r| format!("{} / {}", integer(r.totals.input_tokens), integer(r.totals.output_tokens)))}</dd></div>
                <div class="stat"><dt>"Latency (average / p95)"</dt><dd data-testid="usage-latency">{stat(|r| match (r.totals.mean_latency, r.totals.p95_latency) {
                    (Some(mean), Some(p95)) => format!("{} / {} ms", integer(mean.round() as u64), integer(p95.round() as u64)),
                    _ if r.totals.aggregate => NOT_AVAILABLE.to_owned(),
                    _ => "—".to_owned(),
                })}</dd></div>
                <div class="stat"><dt>"Cache hit rate"</dt><dd data-testid="usage-cache-hit-rate">{stat(|r| r.totals.cache_hit_rate.map_or(NOT_AVAILABLE.to_owned(), pct))}</dd></div>
                <div class="stat"><dt>"Error rate"</dt><dd data-testid="usage-error-rate">{stat(|r| pct(r.totals.error_rate))}</dd></div>
            </dl>
            {aggregate_note}
            <p class="hint" data-testid="usage-pricing-note">{move || report.with(|r| pricing_note(&r.totals))}</p>
            <TokenParts report=report />
            <UnmatchedModels report=report />
            <BillTable bill=bill />

            <section class="time-chart" aria-labelledby="usage-time-title">
                <div class="section-head">
                    <h2 id="usage-time-title">"Cost over time"</h2>
                    <label class="field inline">
                        <span>"Per"</span>
                        <select data-testid="usage-granularity" on:change=move |ev| hourly.set(event_target_value(&ev) == "hour")>
                            <option value="hour" selected=move || hourly.get()>"hour"</option>
                            <option value="day" selected=move || !hourly.get()>"day"</option>
                        </select>
                    </label>
                </div>
                <Show when=move || chart.with(Option::is_some)>
                    <ChartFigure testid="chart-usage-time" file_name="burnrate-usage-cost-over-time.svg" download_testid="download-chart-usage-time"
                        draw=draw_time description=time_description />
                </Show>
                {move || chart.with(Option::is_none).then(|| view! { <p class="hint">"No calls match the filters."</p> })}
            </section>

            <div class="breakdowns">
                <Breakdown title="feature" testid="usage-by-feature" report=report filter=feature />
                <Breakdown title="model" testid="usage-by-model" report=report filter=model />
                <Breakdown title="user" testid="usage-by-user" report=report filter=user />
            </div>

            <section class="thresholds" aria-labelledby="usage-thresholds-title">
                <h2 id="usage-thresholds-title">"Alert thresholds"</h2>
                <div class="filters">
                    <TextField label="Cost per hour ($)" testid="usage-threshold-hourly" value=hourly_cost inputmode="decimal" error=Signal::derive(move || hourly_check().err()) />
                    <TextField label="Cost per day ($)" testid="usage-threshold-daily" value=daily_cost inputmode="decimal" error=Signal::derive(move || daily_check().err()) />
                    <TextField label="Cost of one request ($)" testid="usage-threshold-request" value=request_cost inputmode="decimal" error=Signal::derive(move || request_check().err()) />
                    <TextField label="Error rate in an hour (%)" testid="usage-threshold-errors" value=error_rate inputmode="decimal" error=Signal::derive(move || error_check().err()) />
                </div>
            </section>
            <Alerts report=report thresholds=thresholds />
            <Opportunities found=found />

            <section class="exports" aria-labelledby="usage-export-title">
                <h2 id="usage-export-title">"Export"</h2>
                <div class="button-row">
                    <button type="button" data-testid="usage-export-csv" on:click=export_csv>"Download rows (CSV)"</button>
                    <button type="button" data-testid="usage-export-report" on:click=export_report>"Download report (Markdown)"</button>
                    <button type="button" class="secondary" data-testid="usage-copy-report" on:click=copy_report>"Copy report"</button>
                    <StatusMessage status=export_status />
                </div>
                <p class="hint">"Both follow the filters above."</p>
            </section>
        </section>
    }
}
