//! A horizontal waterfall: a starting total, the steps that lower (or raise) it, and the
//! total it ends at. Rows run top to bottom.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use super::overlay::{
    fit, hits_svg, labels_svg, legend_svg, place, text_width, Anchor, Frame, Label, Swatch,
};
use super::{
    bar_label, drawing, nice_ticks, overlay, tick_count, Area, ChartError, Drawn, TickedAxis, Unit,
    INK,
};

/// Totals, in a blue that reads on light and dark backgrounds.
const TOTAL: RGBColor = RGBColor(0x4F, 0x7C, 0xAC);
/// Savings.
const SAVING: RGBColor = RGBColor(0x2E, 0x9E, 0x5B);
/// Steps that add cost.
const ADDED: RGBColor = RGBColor(0xD6, 0x45, 0x45);

/// What a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// A total drawn from zero.
    Total,
    /// A change from the running total (negative lowers it).
    Change,
}

/// One row.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Its label.
    pub label: String,
    /// The total, or the change (a saving is negative).
    pub value: f64,
    /// Total or change.
    pub kind: StepKind,
}

/// A waterfall chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Waterfall {
    /// Drawn above the chart.
    pub title: String,
    /// The value axis's description with its unit.
    pub value_label: String,
    /// The rows, top to bottom.
    pub steps: Vec<Step>,
}

impl Waterfall {
    /// The (from, to) extent of each row: totals from 0, changes from the running total.
    pub fn extents(&self) -> Vec<(f64, f64)> {
        let mut running = 0.0;
        self.steps
            .iter()
            .map(|step| match step.kind {
                StepKind::Total => {
                    running = step.value;
                    (0.0, step.value)
                }
                StepKind::Change => {
                    let from = running;
                    running += step.value;
                    (from, running)
                }
            })
            .collect()
    }
}

/// The legend's entries: (kind, colour, SVG colour, name).
const KINDS: [(u8, RGBColor, &str, &str); 3] = [
    (0, TOTAL, "#4F7CAC", "Monthly cost"),
    (1, SAVING, "#2E9E5B", "Saving"),
    (2, ADDED, "#D64545", "Added cost"),
];

/// Draws `chart` `width` units wide (280 to 1,600), one row per step, text in
/// `currentColor`: each row's figure at its bar's end (a total as `$1,000.00`, a change
/// as `−$300.00` or `+$50.00`, inside the bar when it does not fit beside it), the legend
/// below the plot with only the kinds drawn, and one read-out per row
/// ("Cache: −$300.00 a month").
pub fn waterfall_svg(chart: &Waterfall, width: u32) -> Result<Drawn, ChartError> {
    if chart.steps.is_empty() {
        return Err(ChartError::Empty);
    }
    if let Some(bad) = chart.steps.iter().find(|step| !step.value.is_finite()) {
        return Err(ChartError::BadValue(bar_label(&bad.label)));
    }
    let frame = Frame::new(width);
    let (w, size) = (frame.width, frame.text);
    let extents = chart.extents();
    let kind_of = |step: &Step, (from, to): (f64, f64)| match step.kind {
        StepKind::Total => 0u8,
        StepKind::Change if to <= from => 1,
        StepKind::Change => 2,
    };
    let kinds: Vec<u8> = chart
        .steps
        .iter()
        .zip(&extents)
        .map(|(step, &extent)| kind_of(step, extent))
        .collect();
    // Only the kinds drawn get a legend entry.
    let entries: Vec<(String, &str, Swatch)> = KINDS
        .iter()
        .filter(|(kind, ..)| kinds.contains(kind))
        .map(|(_, _, hex, name)| ((*name).to_owned(), *hex, Swatch::Block))
        .collect();
    let (_, _, legend_height) = legend_svg(&entries, 0.0, f64::from(w), size);
    let count = chart.steps.len() as i32;
    let row = if frame.narrow { 34 } else { 38 };
    let axis_area = size * 3 + 10;
    let plot_height = 24 + frame.title * 3 + row * count as u32 + axis_area + 12;
    let height = plot_height + legend_height.ceil() as u32;
    let largest = extents
        .iter()
        .flat_map(|&(from, to)| [from, to])
        .fold(0.0, f64::max);
    let smallest = extents
        .iter()
        .flat_map(|&(from, to)| [from, to])
        .fold(0.0, f64::min);
    let longest = chart
        .steps
        .iter()
        .map(|step| text_width(&step.label, size))
        .fold(0.0, f64::max);
    let column =
        (longest + 12.0).clamp(60.0, f64::from(w) * if frame.narrow { 0.42 } else { 0.26 });
    let plot_width = f64::from(w) - column - 24.0;
    let ticks = nice_ticks(smallest, largest, tick_count(plot_width, size));
    let (start, end) = (ticks.first().min(smallest), ticks.last().max(largest));
    let step = ticks.step;
    let labels: Vec<String> = chart
        .steps
        .iter()
        .map(|step| fit(&step.label, column - 10.0, size))
        .collect();

    let mut svg = String::new();
    let mut extra = String::new();
    let (plot_area, legend, value_labels, hits);
    {
        let root = SVGBackend::with_string(&mut svg, (w, height)).into_drawing_area();
        let (upper, _) = root.split_vertically(plot_height);
        let mut plot = ChartBuilder::on(&upper)
            .caption(
                &chart.title,
                ("sans-serif", overlay::plotters_size(frame.title))
                    .into_font()
                    .color(&INK),
            )
            .margin(12)
            .x_label_area_size(axis_area)
            .y_label_area_size(column as u32)
            .build_cartesian_2d(
                TickedAxis::new(start, end, ticks.values.clone()),
                (0..count).into_segmented(),
            )
            .map_err(|error| drawing(&error))?;
        plot.configure_mesh()
            .disable_y_mesh()
            .bold_line_style(INK.mix(0.15))
            .light_line_style(TRANSPARENT)
            .axis_style(INK.mix(0.6))
            .label_style(
                ("sans-serif", overlay::plotters_size(size))
                    .into_font()
                    .color(&INK),
            )
            .axis_desc_style(
                ("sans-serif", overlay::plotters_size(size))
                    .into_font()
                    .color(&INK),
            )
            .x_desc(chart.value_label.as_str())
            .x_label_formatter(&|value| Unit::Usd.tick(*value, step))
            .y_label_formatter(&|segment| match segment {
                // Row 0 is drawn at the bottom; the first step belongs at the top.
                SegmentValue::CenterOf(index) => usize::try_from(count - 1 - *index)
                    .ok()
                    .and_then(|row| labels.get(row).cloned())
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .y_labels(chart.steps.len())
            .draw()
            .map_err(|error| drawing(&error))?;
        for (kind, color, ..) in KINDS {
            let rows: Vec<(i32, f64, f64)> = extents
                .iter()
                .zip(&kinds)
                .enumerate()
                .filter(|(_, (_, &this))| this == kind)
                .map(|(index, (&(from, to), _))| {
                    (count - 1 - index as i32, from.min(to), from.max(to))
                })
                .collect();
            plot.draw_series(rows.into_iter().map(|(row, from, to)| {
                let mut bar = Rectangle::new(
                    [
                        (from, SegmentValue::Exact(row)),
                        (to, SegmentValue::Exact(row + 1)),
                    ],
                    color.filled(),
                );
                bar.set_margin(6, 6, 0, 0);
                bar
            }))
            .map_err(|error| drawing(&error))?;
        }
        let (xs, ys) = plot.plotting_area().get_pixel_range();
        plot_area = Area {
            left: f64::from(xs.start),
            top: f64::from(ys.start),
            right: f64::from(xs.end),
            bottom: f64::from(ys.end),
        };
        let mut wanted = Vec::new();
        let mut targets = Vec::new();
        for (index, (step, &(from, to))) in chart.steps.iter().zip(&extents).enumerate() {
            let row = count - 1 - index as i32;
            let (low, high) = (from.min(to), from.max(to));
            let (x0, top) = plot.backend_coord(&(low, SegmentValue::Exact(row + 1)));
            let (x1, bottom) = plot.backend_coord(&(high, SegmentValue::Exact(row)));
            let middle = f64::from(top + bottom) / 2.0;
            let text = match step.kind {
                StepKind::Total => Unit::Usd.short(step.value),
                StepKind::Change if step.value == 0.0 => Unit::Usd.short(0.0),
                StepKind::Change if step.value < 0.0 => {
                    format!("−{}", Unit::Usd.short(-step.value))
                }
                StepKind::Change => format!("+{}", Unit::Usd.short(step.value)),
            };
            let width = text_width(&text, size);
            let outside = plot_area.right - f64::from(x1) - 6.0 >= width;
            let inside = !outside && width < f64::from(x1 - x0) - 8.0;
            // Beside the right end, else inside it, else left of the bar.
            let (x, anchor, fill) = if outside {
                (f64::from(x1) + 5.0, Anchor::Start, "currentColor")
            } else if inside {
                (f64::from(x1) - 5.0, Anchor::End, "#ffffff")
            } else {
                (f64::from(x0) - 5.0, Anchor::End, "currentColor")
            };
            wanted.push(vec![Label {
                text,
                x,
                y: middle + f64::from(size) * 0.35,
                anchor,
                fill,
            }]);
            let said = match step.kind {
                StepKind::Total => Unit::Usd.exact(step.value),
                StepKind::Change if step.value < 0.0 => {
                    format!("−{} (saves)", Unit::Usd.exact(-step.value))
                }
                StepKind::Change => format!("+{} (adds)", Unit::Usd.exact(step.value)),
            };
            targets.push((
                Area {
                    left: plot_area.left,
                    top: f64::from(top.min(bottom)),
                    right: plot_area.right,
                    bottom: f64::from(top.max(bottom)),
                },
                format!("{}: {said} a month", step.label),
            ));
        }
        value_labels = wanted
            .into_iter()
            .flat_map(|label| place(label, &[], size, 0.0, f64::from(height)))
            .collect::<Vec<_>>();
        hits = targets;
        let (legend_text, legend_areas, _) =
            legend_svg(&entries, f64::from(plot_height), f64::from(w), size);
        extra.push_str(&legend_text);
        legend = legend_areas;
        root.present().map_err(|error| drawing(&error))?;
    }
    labels_svg(&mut extra, &value_labels, size);
    hits_svg(&mut extra, &hits);
    Ok(Drawn {
        svg: overlay::finish(&svg, &extra),
        width: w,
        height,
        readouts: hits.into_iter().map(|(_, text)| text).collect(),
        plot: plot_area,
        legend,
        labels: value_labels.into_iter().map(|(_, area)| area).collect(),
        smallest_text: size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Waterfall {
        let step = |label: &str, value: f64, kind| Step {
            label: label.into(),
            value,
            kind,
        };
        Waterfall {
            title: "Where the savings come from".into(),
            value_label: "US dollars per month".into(),
            steps: vec![
                step("Baseline", 1_000.0, StepKind::Total),
                step("Cache", -300.0, StepKind::Change),
                step("Lookups", 50.0, StepKind::Change),
                step("Optimized", 750.0, StepKind::Total),
            ],
        }
    }

    #[test]
    fn changes_float_from_the_running_total() {
        assert_eq!(
            chart().extents(),
            vec![
                (0.0, 1_000.0),
                (1_000.0, 700.0),
                (700.0, 750.0),
                (0.0, 750.0)
            ]
        );
    }

    #[test]
    fn draws_a_titled_chart_with_a_legend_in_current_color() {
        let drawn = waterfall_svg(&chart(), 640).unwrap();
        let svg = drawn.svg.clone();
        assert!(svg.contains("Where the savings come from"));
        assert!(svg.contains("US dollars per month"));
        for label in [
            "Baseline",
            "Cache",
            "Optimized",
            "Saving",
            "Added cost",
            "Monthly cost",
        ] {
            assert!(svg.contains(label), "{label}");
        }
        assert!(svg.contains("currentColor") && !svg.contains(crate::chart::INK_HEX));
        // Two totals, one saving and one added cost, plus one legend swatch each.
        assert_eq!(svg.matches("fill=\"#4F7CAC\"").count(), 3, "{svg}");
        assert_eq!(svg.matches("fill=\"#2E9E5B\"").count(), 2);
        assert_eq!(svg.matches("fill=\"#D64545\"").count(), 2);
        // Each row's figure at its bar, and a read-out per row.
        for label in ["$1k", "−$300.00", "+$50.00", "$750.00"] {
            assert!(svg.contains(&format!(">{label}</text>")), "{label}");
        }
        assert_eq!(drawn.readouts[1], "Cache: −$300.00 (saves) a month");
        assert_eq!(drawn.labels.len(), 4);
        // The legend is below the plot.
        assert_eq!(drawn.legend.len(), 3);
        assert!(drawn
            .legend
            .iter()
            .all(|entry| !entry.overlaps(&drawn.plot)));
    }

    #[test]
    fn only_the_kinds_drawn_have_legend_entries() {
        let mut savings_only = chart();
        savings_only.steps.remove(2);
        let drawn = waterfall_svg(&savings_only, 375).unwrap();
        assert_eq!(drawn.legend.len(), 2);
        assert!(!drawn.svg.contains("Added cost"));
        assert!(drawn
            .legend
            .iter()
            .all(|entry| !entry.overlaps(&drawn.plot)));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let mut bad = chart();
        bad.steps[1].value = f64::NAN;
        assert!(matches!(
            waterfall_svg(&bad, 640).map(|d| d.svg),
            Err(ChartError::BadValue(_))
        ));
        bad.steps.clear();
        assert_eq!(
            waterfall_svg(&bad, 640).map(|d| d.svg),
            Err(ChartError::Empty)
        );
        let mut zero = chart();
        for step in &mut zero.steps {
            step.value = 0.0;
        }
        assert!(waterfall_svg(&zero, 640).is_ok());
    }
}
