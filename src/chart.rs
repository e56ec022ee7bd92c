//! Charts as SVG text, drawn with plotters at the width they are shown at.
//!
//! Each chart is drawn for a width the page measured, so that its text is drawn at 12 user
//! units or more and shows at that size; below 560 units a narrow layout (fewer ticks,
//! shorter labels, the legend wrapped below) is drawn rather than a shrunken wide one.
//! Text and lines are drawn in `currentColor`, so a chart placed in the page takes the
//! theme's text colour (light or dark) and a downloaded SVG needs no page CSS. Legends sit
//! below the plot, never over it; every bar and point carries an SVG `<title>` and a
//! read-out (see [`Drawn`]).
//! Must not know: the DOM, or the clock (time axes start where the caller says).

use std::fmt;

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

mod lines;
mod overlay;
mod ticks;
mod time_axis;
mod waterfall;

pub use lines::{line_chart_svg, LineChart, Marker, Series};
pub use overlay::{Area, Drawn};
pub use ticks::{nice_ticks, tick_label, Ticks, Unit};
pub use time_axis::{XAxis, YearMonth};
pub use waterfall::{waterfall_svg, Step, StepKind, Waterfall};

use overlay::{fit, hits_svg, labels_svg, place, text_width, Anchor, Frame, Label};

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
    /// What the values are (money or a count), for ticks and value labels.
    pub unit: Unit,
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

/// A value axis with the ticks given (plotters' own `with_key_points` loses the label
/// formatter of an `f64` axis).
pub(crate) struct TickedAxis {
    range: std::ops::Range<f64>,
    ticks: Vec<f64>,
}

impl TickedAxis {
    pub(crate) fn new(start: f64, end: f64, ticks: Vec<f64>) -> TickedAxis {
        TickedAxis {
            range: start..end,
            ticks,
        }
    }
}

impl Ranged for TickedAxis {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        let share = if span > 0.0 && span.is_finite() {
            (value - self.range.start) / span
        } else {
            0.0
        };
        (f64::from(limit.0) + share * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.range.clone()
    }
}

pub(crate) fn drawing(error: &dyn fmt::Debug) -> ChartError {
    ChartError::Drawing(format!("{error:?}"))
}

/// How many value ticks fit `length` units of axis: one per 5.5 labels' width of text,
/// 2 to 8.
pub(crate) fn tick_count(length: f64, size: u32) -> usize {
    (length / (f64::from(size) * 5.5)).floor().clamp(2.0, 8.0) as usize
}

/// Draws `chart` `width` units wide (280 to 1,600), as tall as its bars need: one row
/// per bar, its value written at the bar's end (inside the bar when it does not fit
/// beside it), and one read-out per bar ("GPT-4o: $750.00").
pub fn bar_chart_svg(chart: &BarChart, width: u32) -> Result<Drawn, ChartError> {
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
    let frame = Frame::new(width);
    let (w, size) = (frame.width, frame.text);
    let largest = chart.bars.iter().map(|bar| bar.value).fold(0.0, f64::max);
    let count = chart.bars.len() as i32;
    let row = if frame.narrow { 34 } else { 38 };
    let caption = frame.title * 2;
    let axis_area = size * 3 + 10;
    // Plotters' margins (12 all round) and caption (its size plus a gap) come first.
    let height = 24 + caption + frame.title + row * count as u32 + axis_area + 12;
    let longest = chart
        .bars
        .iter()
        .map(|bar| text_width(&bar.label, size))
        .fold(0.0, f64::max);
    let column = (longest + 12.0).clamp(60.0, f64::from(w) * if frame.narrow { 0.42 } else { 0.3 });
    let plot_width = f64::from(w) - column - 24.0;
    let ticks = nice_ticks(0.0, largest, tick_count(plot_width, size));
    let end = ticks.last().max(largest).max(f64::MIN_POSITIVE);
    let step = ticks.step;
    let unit = chart.unit;
    // Plotters counts rows from the bottom; the first bar is drawn at the top.
    let labels: Vec<String> = chart
        .bars
        .iter()
        .rev()
        .map(|bar| fit(&bar.label, column - 10.0, size))
        .collect();

    let mut svg = String::new();
    let mut extra = String::new();
    let (plot_area, value_labels, hits);
    {
        let root = SVGBackend::with_string(&mut svg, (w, height)).into_drawing_area();
        let mut plot = ChartBuilder::on(&root)
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
                TickedAxis::new(0.0, end, ticks.values.clone()),
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
            .x_label_formatter(&|value| unit.tick(*value, step))
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
        let (xs, ys) = plot.plotting_area().get_pixel_range();
        plot_area = Area {
            left: f64::from(xs.start),
            top: f64::from(ys.start),
            right: f64::from(xs.end),
            bottom: f64::from(ys.end),
        };
        let mut wanted = Vec::new();
        let mut targets = Vec::new();
        for (index, bar) in chart.bars.iter().enumerate() {
            let row = count - 1 - index as i32;
            let (x0, top) = plot.backend_coord(&(0.0, SegmentValue::Exact(row + 1)));
            let (x1, bottom) = plot.backend_coord(&(bar.value.min(end), SegmentValue::Exact(row)));
            let middle = f64::from(top + bottom) / 2.0;
            let text = unit.short(bar.value);
            let room = plot_area.right - f64::from(x1) - 6.0;
            let inside = text_width(&text, size) > room
                && text_width(&text, size) < f64::from(x1 - x0) - 8.0;
            wanted.push(Label {
                x: if inside {
                    f64::from(x1) - 5.0
                } else {
                    f64::from(x1) + 5.0
                },
                y: middle + f64::from(size) * 0.35,
                anchor: if inside { Anchor::End } else { Anchor::Start },
                fill: if inside { "#ffffff" } else { "currentColor" },
                text,
            });
            targets.push((
                Area {
                    left: plot_area.left,
                    top: f64::from(top.min(bottom)),
                    right: plot_area.right,
                    bottom: f64::from(top.max(bottom)),
                },
                format!("{}: {}", bar.label, unit.exact(bar.value)),
            ));
        }
        // One label per row: they cannot collide, so they stay where they are.
        value_labels = wanted
            .into_iter()
            .map(|label| {
                let placed = place(vec![label], &[], size, 0.0, f64::from(height));
                placed.into_iter().next()
            })
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default();
        hits = targets;
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
        legend: Vec::new(),
        labels: value_labels.into_iter().map(|(_, area)| area).collect(),
        smallest_text: size,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(bars: &[(&str, f64)]) -> BarChart {
        BarChart {
            title: "Cost of your workload".into(),
            value_label: "US dollars per month".into(),
            unit: Unit::Usd,
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
        let svg = bar_chart_svg(&chart(&[("GPT-4o", 750.0), ("GPT-4o mini", 45.0)]), 600)
            .unwrap()
            .svg;
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
        let svg = bar_chart_svg(&chart(&[("AAA", 1.0), ("BBB", 2.0), ("CCC", 3.0)]), 600)
            .unwrap()
            .svg;
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
    fn bars_carry_their_figures_titles_and_read_outs() {
        let bars = [("GPT-4o", 750.0), ("GPT-4o mini", 45.0), ("o3", 749.5)];
        for width in [320, 375, 640, 1280] {
            let drawn = bar_chart_svg(&chart(&bars), width).unwrap();
            for figure in ["$750.00", "$45.00", "$749.50"] {
                assert!(
                    drawn.svg.contains(&format!(">{figure}</text>")),
                    "{width}: {figure}"
                );
            }
            assert_eq!(drawn.labels.len(), 3);
            for (i, a) in drawn.labels.iter().enumerate() {
                assert!(a.right <= f64::from(drawn.width), "{width}: {a:?}");
                for b in &drawn.labels[i + 1..] {
                    assert!(!a.overlaps(b), "{width}: {a:?} {b:?}");
                }
            }
            assert_eq!(
                drawn.readouts,
                ["GPT-4o: $750.00", "GPT-4o mini: $45.00", "o3: $749.50"]
            );
            assert_eq!(drawn.svg.matches("<title>").count(), 3);
            assert!(drawn.legend.is_empty(), "one series needs no legend");
            assert!(drawn.smallest_text >= 12);
        }
        // On a phone the longest bars' figures do not fit beside them: they go inside.
        let narrow = bar_chart_svg(&chart(&bars), 340).unwrap();
        assert!(
            narrow.svg.contains(r##"fill="#ffffff">$750.00</text>"##),
            "{}",
            narrow.svg
        );
    }

    // Regression: one bar at a phone's width left plotters no room for it (the caption
    // took it), and its rectangle was drawn with height -2 in the browser. Natively,
    // plotters measures text differently and this passed before the fix too: it guards
    // the room left, the browser test (tests/e2e/charts.test.mjs) catches the error.
    #[test]
    fn one_bar_gets_a_row_at_every_width() {
        for width in (280..700).step_by(5) {
            let svg = bar_chart_svg(&chart(&[("Claude Opus 4.1", 12.0)]), width)
                .unwrap()
                .svg;
            assert!(!svg.contains("height=\"-"), "{width}");
            assert!(!svg.contains("width=\"-"), "{width}");
        }
    }

    #[test]
    fn labels_are_escaped_and_shortened() {
        let svg = bar_chart_svg(&chart(&[("<script>alert(1)</script>", 1.0)]), 600)
            .unwrap()
            .svg;
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
        assert_eq!(
            bar_chart_svg(&chart(&[]), 600).map(|d| d.svg),
            Err(ChartError::Empty)
        );
        assert!(matches!(
            bar_chart_svg(&chart(&[("x", f64::NAN)]), 600).map(|d| d.svg),
            Err(ChartError::BadValue(_))
        ));
        assert!(matches!(
            bar_chart_svg(&chart(&[("x", -1.0)]), 600).map(|d| d.svg),
            Err(ChartError::BadValue(_))
        ));
        assert!(bar_chart_svg(&chart(&[("zero", 0.0)]), 600)
            .map(|d| d.svg)
            .is_ok());
        assert!(bar_chart_svg(&chart(&[("huge", f64::MAX)]), 600)
            .map(|d| d.svg)
            .is_ok());
    }
}
