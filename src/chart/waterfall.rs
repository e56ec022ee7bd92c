//! A horizontal waterfall: a starting total, the steps that lower (or raise) it, and the
//! total it ends at. Rows run top to bottom.

use plotters::prelude::*;

use super::{bar_label, draw_legend, short_number, ChartError, INK, INK_HEX};

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

/// Draws `chart` as an SVG document `width` × `height` pixels, text in `currentColor`.
pub fn waterfall_svg(chart: &Waterfall, width: u32, height: u32) -> Result<String, ChartError> {
    if chart.steps.is_empty() {
        return Err(ChartError::Empty);
    }
    if let Some(bad) = chart.steps.iter().find(|step| !step.value.is_finite()) {
        return Err(ChartError::BadValue(bar_label(&bad.label)));
    }
    let extents = chart.extents();
    let largest = extents
        .iter()
        .flat_map(|&(from, to)| [from, to])
        .fold(0.0, f64::max);
    let smallest = extents
        .iter()
        .flat_map(|&(from, to)| [from, to])
        .fold(0.0, f64::min);
    let top = if largest > 0.0 { largest * 1.08 } else { 1.0 };
    let count = chart.steps.len() as i32;
    let labels: Vec<String> = chart
        .steps
        .iter()
        .map(|step| bar_label(&step.label))
        .collect();
    let drawing = |error: &dyn std::fmt::Debug| ChartError::Drawing(format!("{error:?}"));

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let mut plot = ChartBuilder::on(&root)
            .caption(&chart.title, ("sans-serif", 22).into_font().color(&INK))
            .margin(12)
            .x_label_area_size(52)
            .y_label_area_size((f64::from(width) * 0.3).clamp(112.0, 150.0) as u32)
            .build_cartesian_2d(smallest..top, (0..count).into_segmented())
            .map_err(|error| drawing(&error))?;
        plot.configure_mesh()
            .disable_y_mesh()
            .bold_line_style(INK.mix(0.15))
            .light_line_style(TRANSPARENT)
            .axis_style(INK.mix(0.6))
            .label_style(("sans-serif", 16).into_font().color(&INK))
            .axis_desc_style(("sans-serif", 16).into_font().color(&INK))
            .x_desc(chart.value_label.as_str())
            .x_label_formatter(&|value| short_number(*value))
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
        for (kind, color, name) in [
            (0, TOTAL, "Monthly cost"),
            (1, SAVING, "Saving"),
            (2, ADDED, "Added cost"),
        ] {
            let rows: Vec<(i32, f64, f64)> = chart
                .steps
                .iter()
                .zip(&extents)
                .enumerate()
                .filter(|(_, (step, &(from, to)))| {
                    let this = match step.kind {
                        StepKind::Total => 0,
                        StepKind::Change if to <= from => 1,
                        StepKind::Change => 2,
                    };
                    this == kind
                })
                .map(|(index, (_, &(from, to)))| {
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
            .map_err(|error| drawing(&error))?
            .label(name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 12, y + 6)], color.filled()));
        }
        draw_legend(&mut plot, SeriesLabelPosition::LowerRight)?;
        root.present().map_err(|error| drawing(&error))?;
    }
    Ok(svg.replace(INK_HEX, "currentColor"))
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
        let svg = waterfall_svg(&chart(), 640, 320).unwrap();
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
        assert!(svg.contains("currentColor") && !svg.contains(INK_HEX));
        // Two totals, one saving and one added cost, plus one legend swatch each.
        assert_eq!(svg.matches("fill=\"#4F7CAC\"").count(), 3, "{svg}");
        assert_eq!(svg.matches("fill=\"#2E9E5B\"").count(), 2);
        assert_eq!(svg.matches("fill=\"#D64545\"").count(), 2);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let mut bad = chart();
        bad.steps[1].value = f64::NAN;
        assert!(matches!(
            waterfall_svg(&bad, 640, 320),
            Err(ChartError::BadValue(_))
        ));
        bad.steps.clear();
        assert_eq!(waterfall_svg(&bad, 640, 320), Err(ChartError::Empty));
        let mut zero = chart();
        for step in &mut zero.steps {
            step.value = 0.0;
        }
        assert!(waterfall_svg(&zero, 640, 320).is_ok());
    }
}
