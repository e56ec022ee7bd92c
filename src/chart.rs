//! Charts as SVG text, drawn with plotters.
//!
//! Text and lines are drawn in `currentColor`, so a chart placed in the page takes the
//! theme's text colour (light or dark) and a downloaded SVG is black on transparent.
//! Must not know: the DOM. The UI inserts the returned SVG text.

use std::fmt;

use plotters::prelude::*;

mod lines;
mod waterfall;

pub use lines::{line_chart_svg, LineChart, Marker, Series};
pub use waterfall::{waterfall_svg, Step, StepKind, Waterfall};

/// Plotters has no `currentColor`; this colour is drawn and then replaced by it.
pub(crate) const INK: RGBColor = RGBColor(1, 2, 3);
pub(crate) const INK_HEX: &str = "#010203";
/// Bars, readable on light and dark backgrounds.
const BAR: RGBColor = RGBColor(0xE0, 0x5A, 0x1F);

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// What the bar is (a model name).
    pub label: String,
    /// Its value; must be finite and 0 or more.
    pub value: f64,
}

/// A horizontal bar chart.
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    /// Drawn above the chart.
    pub title: String,
    /// The value axis's description, with its unit, such as "US dollars per month".
    pub value_label: String,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
}

/// Why a chart could not be drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChartError {
    /// No bars.
    Empty,
    /// A value is NaN, infinite or negative.
    BadValue(String),
    /// Plotters failed (its message).
    Drawing(String),
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::Empty => write!(f, "nothing to chart"),
            ChartError::BadValue(label) => write!(f, "the value of \"{label}\" cannot be charted"),
            ChartError::Drawing(message) => write!(f, "the chart could not be drawn: {message}"),
        }
    }
}

impl std::error::Error for ChartError {}

/// Draws `chart` as an SVG document `width` × `height` pixels.
pub fn bar_chart_svg(chart: &BarChart, width: u32, height: u32) -> Result<String, ChartError> {
    if chart.bars.is_empty() {
        return Err(ChartError::Empty);
    }
    if let Some(bad) = chart
        .bars
        .iter()
        .find(|bar| !bar.value.is_finite() || bar.value < 0.0)
    {
        return Err(ChartError::BadValue(bar_label(&bad.label)));
    }
    let largest = chart.bars.iter().map(|bar| bar.value).fold(0.0, f64::max);
    let top = if largest > 0.0 {
        (largest * 1.15).min(f64::MAX)
    } else {
        1.0
    };
    let count = chart.bars.len() as i32;
    // Plotters counts rows from the bottom; the first bar is drawn at the top.
    let labels: Vec<String> = chart
        .bars
        .iter()
        .rev()
        .map(|bar| bar_label(&bar.label))
        .collect();
    let drawing = |error: &dyn fmt::Debug| ChartError::Drawing(format!("{error:?}"));

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let mut plot = ChartBuilder::on(&root)
            .caption(&chart.title, ("sans-serif", 22).into_font().color(&INK))
            .margin(12)
            .x_label_area_size(52)
            .y_label_area_size(190)
            .build_cartesian_2d(0.0..top, (0..count).into_segmented())
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
                SegmentValue::CenterOf(index) => labels
                    .get(usize::try_from(*index).unwrap_or(usize::MAX))
                    .cloned()
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .y_labels(chart.bars.len())
            .draw()
            .map_err(|error| drawing(&error))?;
        plot.draw_series(
            Histogram::horizontal(&plot)
                .style(BAR.filled())
                .margin(6)
                .data(
                    chart
                        .bars
                        .iter()
                        .enumerate()
                        .map(|(index, bar)| (count - 1 - index as i32, bar.value)),
                ),
        )
        .map_err(|error| drawing(&error))?;
        root.present().map_err(|error| drawing(&error))?;
    }
    Ok(svg.replace(INK_HEX, "currentColor"))
}

/// Draws the legend of `plot`'s labelled series at `position`, in the ink colour.
pub(crate) fn draw_legend<'a, DB, CT>(
    plot: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> Result<(), ChartError>
where
    DB: DrawingBackend + 'a,
    CT: plotters::coord::CoordTranslate,
{
    plot.configure_series_labels()
        .position(position)
        .label_font(("sans-serif", 15).into_font().color(&INK))
        .border_style(INK.mix(0.3))
        .background_style(TRANSPARENT)
        .draw()
        .map_err(|error| ChartError::Drawing(format!("{error:?}")))
}

/// Long model names are cut so they fit the label column.
pub(crate) fn bar_label(label: &str) -> String {
    const MAX: usize = 22;
    if label.chars().count() <= MAX {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

/// Axis numbers: 1,500 -> "1.5k", 2,000,000 -> "2M", 0.25 -> "0.25".
pub(crate) fn short_number(value: f64) -> String {
    let magnitude = value.abs();
    let (scaled, suffix) = if magnitude >= 1e9 {
        (value / 1e9, "B")
    } else if magnitude >= 1e6 {
        (value / 1e6, "M")
    } else if magnitude >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    let text = format!("{scaled:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(bars: &[(&str, f64)]) -> BarChart {
        BarChart {
            title: "Cost of your workload".into(),
            value_label: "US dollars per month".into(),
            bars: bars
                .iter()
                .map(|(label, value)| Bar {
                    label: (*label).into(),
                    value: *value,
                })
                .collect(),
        }
    }

    #[test]
    fn draws_titled_labelled_bars_in_current_color() {
        let svg = bar_chart_svg(
            &chart(&[("GPT-4o", 750.0), ("GPT-4o mini", 45.0)]),
            600,
            240,
        )
        .unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Cost of your workload"));
        assert!(svg.contains("US dollars per month"));
        assert!(svg.contains("GPT-4o mini"));
        assert!(svg.contains("currentColor"));
        assert!(!svg.contains(INK_HEX));
        // Two bars in the bar colour.
        assert_eq!(svg.matches("fill=\"#E05A1F\"").count(), 2, "{svg}");
    }

    // Regression: the labels were drawn top to bottom but the bars bottom to top, so each
    // bar stood beside another model's name.
    #[test]
    fn each_bar_stands_beside_its_label() {
        let svg = bar_chart_svg(
            &chart(&[("AAA", 1.0), ("BBB", 2.0), ("CCC", 3.0)]),
            600,
            300,
        )
        .unwrap();
        let lines: Vec<&str> = svg.lines().collect();
        let y_of = |needle: &str| -> f64 {
            let index = lines.iter().position(|line| line.trim() == needle).unwrap();
            attribute(lines[index - 1], "y")
        };
        let mut bars: Vec<(f64, f64)> = lines
            .iter()
            .filter(|line| line.contains("fill=\"#E05A1F\""))
            .map(|line| {
                (
                    attribute(line, "y") + attribute(line, "height") / 2.0,
                    attribute(line, "width"),
                )
            })
            .collect();
        bars.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Top to bottom: AAA (shortest), BBB, CCC (longest), each bar level with its label.
        assert!(y_of("AAA") < y_of("BBB") && y_of("BBB") < y_of("CCC"));
        assert!(bars[0].1 < bars[1].1 && bars[1].1 < bars[2].1);
        for (label, (center, _)) in ["AAA", "BBB", "CCC"].iter().zip(&bars) {
            assert!((y_of(label) - center).abs() < 5.0, "{label}");
        }
    }

    fn attribute(line: &str, name: &str) -> f64 {
        let start = line.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    }

    #[test]
    fn labels_are_escaped_and_shortened() {
        let svg = bar_chart_svg(&chart(&[("<script>alert(1)</script>", 1.0)]), 600, 200).unwrap();
        assert!(!svg.contains("<script>"));
        assert_eq!(
            bar_label("a very long model name that goes on"),
            "a very long model name…"
                .chars()
                .take(21)
                .collect::<String>()
                + "…"
        );
    }

    #[test]
    fn bad_values_and_empty_charts_are_errors() {
        assert_eq!(bar_chart_svg(&chart(&[]), 600, 200), Err(ChartError::Empty));
        assert!(matches!(
            bar_chart_svg(&chart(&[("x", f64::NAN)]), 600, 200),
            Err(ChartError::BadValue(_))
        ));
        assert!(matches!(
            bar_chart_svg(&chart(&[("x", -1.0)]), 600, 200),
            Err(ChartError::BadValue(_))
        ));
        assert!(bar_chart_svg(&chart(&[("zero", 0.0)]), 600, 200).is_ok());
        assert!(bar_chart_svg(&chart(&[("huge", f64::MAX)]), 600, 200).is_ok());
    }

    #[test]
    fn axis_numbers_are_short() {
        assert_eq!(short_number(1500.0), "1.5k");
        assert_eq!(short_number(2_000_000.0), "2M");
        assert_eq!(short_number(0.25), "0.25");
        assert_eq!(short_number(0.0), "0");
    }
}
