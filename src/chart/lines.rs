//! A line chart: one line per series, over turns, months or hours and days, with the
//! legend below and each line's last value written beside it.

use plotters::prelude::*;

use super::overlay::{
    fit, hits_svg, labels_svg, legend_svg, place, text_width, Anchor, Frame, Label, Swatch,
};
use super::{drawing, nice_ticks, overlay, Area, ChartError, Drawn, TickedAxis, Unit, XAxis, INK};

/// The series colours, in order; each reads on light and dark backgrounds.
const COLORS: [RGBColor; 5] = [
    RGBColor(0xE0, 0x5A, 0x1F),
    RGBColor(0x2E, 0x9E, 0x5B),
    RGBColor(0x4F, 0x7C, 0xAC),
    RGBColor(0x9B, 0x59, 0xB6),
    RGBColor(0xC2, 0x9B, 0x0C),
];
/// The same colours as SVG text, for the legend.
const COLOR_HEX: [&str; 5] = ["#E05A1F", "#2E9E5B", "#4F7CAC", "#9B59B6", "#C29B0C"];

/// A vertical line across the chart at `x`, with a label.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// Where, on the x axis.
    pub x: f64,
    /// What it marks.
    pub label: String,
}

/// One line.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// One value per x, from x = 1.
    pub values: Vec<f64>,
}

/// A line chart with x = 1, 2, 3, …
#[derive(Clone, Debug, PartialEq)]
pub struct LineChart {
    /// Drawn above the chart.
    pub title: String,
    /// What x = 1, 2, 3 … are: turns, months from a given month, hours or days.
    pub x_axis: XAxis,
    /// The y axis's description with its unit.
    pub y_label: String,
    /// What the values are, for ticks, value labels and read-outs.
    pub unit: Unit,
    /// Up to five series, all of the same length.
    pub series: Vec<Series>,
    /// Vertical markers (such as "context window exceeded").
    pub markers: Vec<Marker>,
}

/// Most hit targets (and read-outs) drawn: a longer series gets one every few points.
const MOST_HITS: usize = 400;

/// Draws `chart` `width` units wide (280 to 1,600): lines with dots (up to 36 points),
/// each line's last value written beside its last point, labels moved apart so that none
/// covers another, the legend below the plot, and one read-out per x ("Month 7
/// (Jul 2027): Baseline per month $32.10, …"). Height: 0.75 × width on a narrow chart,
/// else 0.45 × width within 260..420, plus the legend.
pub fn line_chart_svg(chart: &LineChart, width: u32) -> Result<Drawn, ChartError> {
    let length = chart.series.first().map_or(0, |series| series.values.len());
    if length == 0 {
        return Err(ChartError::Empty);
    }
    if let Some(bad) = chart.series.iter().find(|series| {
        series.values.len() != length || series.values.iter().any(|v| !v.is_finite())
    }) {
        return Err(ChartError::BadValue(bad.name.clone()));
    }
    let frame = Frame::new(width);
    let (w, size) = (frame.width, frame.text);
    let plot_height = if frame.narrow {
        (f64::from(w) * 0.75) as u32
    } else {
        ((f64::from(w) * 0.45) as u32).clamp(260, 420)
    };
    // A series with no points has no legend entry; one series needs none.
    let entries: Vec<(String, &str, Swatch)> = chart
        .series
        .iter()
        .zip(COLORS.iter().zip(COLOR_HEX))
        .filter(|(series, _)| !series.values.is_empty())
        .map(|(series, (_, hex))| (series.name.clone(), hex, Swatch::Line))
        .collect();
    let entries = if entries.len() > 1 {
        entries
    } else {
        Vec::new()
    };
    let (_, _, legend_height) = legend_svg(&entries, 0.0, f64::from(w), size);
    let height = plot_height + legend_height.ceil() as u32;

    let values = chart
        .series
        .iter()
        .flat_map(|series| series.values.iter().copied());
    let (low, high) = values.fold((0.0f64, 0.0f64), |(low, high), v| (low.min(v), high.max(v)));
    let axis_area = size * 3 + 10;
    let inner_height =
        f64::from(plot_height) - f64::from(frame.title) * 2.0 - f64::from(axis_area) - 24.0;
    let y_ticks = nice_ticks(
        low,
        high,
        (inner_height / (f64::from(size) * 3.2)).clamp(3.0, 8.0) as usize,
    );
    let (bottom, top) = (y_ticks.first(), y_ticks.last());
    let step = y_ticks.step;
    let unit = chart.unit;
    let y_area = y_ticks
        .values
        .iter()
        .map(|&v| text_width(&unit.tick(v, step), size))
        .fold(0.0, f64::max)
        + f64::from(size) * 2.0
        + 8.0;
    // The last values are written to the right of the lines' ends, in a gutter kept free
    // for them, so that no label covers a line (on a phone they covered each other's).
    let gutter = chart
        .series
        .iter()
        .filter_map(|series| series.values.last())
        .map(|&value| text_width(&unit.short(value), size))
        .fold(0.0, f64::max)
        + 8.0;
    let plot_width = f64::from(w) - y_area - 24.0 - gutter;
    let most_x = (plot_width
        / (f64::from(size)
            * if matches!(chart.x_axis, XAxis::Count { .. }) {
                3.0
            } else {
                6.0
            }))
    .floor()
    .clamp(2.0, 12.0) as usize;
    let x_ticks = chart.x_axis.ticks(length, most_x);
    let spacing = if x_ticks.len() > 1 {
        x_ticks[1] - x_ticks[0]
    } else {
        1
    };
    let x_labels: Vec<(f64, String)> = x_ticks
        .iter()
        .enumerate()
        .map(|(index, &x)| (x as f64, chart.x_axis.tick(x, index == 0, spacing)))
        .collect();
    let last = length.max(2) as f64;
    let x_name = chart.x_axis.name();

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
            .margin_right(12 + gutter.ceil() as u32)
            .x_label_area_size(axis_area)
            .y_label_area_size(y_area as u32)
            .build_cartesian_2d(
                TickedAxis::new(1.0, last, x_labels.iter().map(|(x, _)| *x).collect()),
                TickedAxis::new(bottom, top, y_ticks.values.clone()),
            )
            .map_err(|error| drawing(&error))?;
        plot.configure_mesh()
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
            .x_desc(x_name.as_str())
            .y_desc(chart.y_label.as_str())
            .x_label_formatter(&|value| {
                x_labels
                    .iter()
                    .find(|(x, _)| (x - value).abs() < 1e-6)
                    .map(|(_, text)| text.clone())
                    .unwrap_or_default()
            })
            .y_label_formatter(&|value| unit.tick(*value, step))
            .draw()
            .map_err(|error| drawing(&error))?;
        for (series, color) in chart.series.iter().zip(COLORS) {
            let points = series
                .values
                .iter()
                .enumerate()
                .map(|(index, &value)| (index as f64 + 1.0, value));
            plot.draw_series(LineSeries::new(points.clone(), color.stroke_width(3)))
                .map_err(|error| drawing(&error))?;
            if length <= 36 {
                plot.draw_series(points.map(|point| Circle::new(point, 3, color.filled())))
                    .map_err(|error| drawing(&error))?;
            }
        }
        let (xs, ys) = plot.plotting_area().get_pixel_range();
        plot_area = Area {
            left: f64::from(xs.start),
            top: f64::from(ys.start),
            right: f64::from(xs.end),
            bottom: f64::from(ys.end),
        };
        let mut taken: Vec<(Label, Area)> = Vec::new();
        for marker in chart
            .markers
            .iter()
            .filter(|marker| (1.0..=last).contains(&marker.x))
        {
            let dashed = INK.mix(0.7).stroke_width(2);
            plot.draw_series(std::iter::once(PathElement::new(
                vec![(marker.x, bottom), (marker.x, top)],
                dashed,
            )))
            .map_err(|error| drawing(&error))?;
            let (x, _) = plot.backend_coord(&(marker.x, top));
            let x = f64::from(x);
            let right_half = x > (plot_area.left + plot_area.right) / 2.0;
            let text = fit(
                &marker.label,
                (if right_half {
                    x - plot_area.left
                } else {
                    plot_area.right - x
                }) - 8.0,
                size,
            );
            let label = Label {
                x: if right_half { x - 4.0 } else { x + 4.0 },
                y: plot_area.top + f64::from(size) + 2.0,
                anchor: if right_half {
                    Anchor::End
                } else {
                    Anchor::Start
                },
                fill: "currentColor",
                text,
            };
            let areas: Vec<Area> = taken.iter().map(|(_, area)| *area).collect();
            taken.extend(place(
                vec![label],
                &areas,
                size,
                plot_area.top,
                plot_area.bottom,
            ));
        }
        let taken_areas: Vec<Area> = taken.iter().map(|(_, area)| *area).collect();
        let ends: Vec<Label> = chart
            .series
            .iter()
            .filter_map(|series| {
                let value = *series.values.last()?;
                let (x, y) = plot.backend_coord(&(series.values.len() as f64, value));
                Some(Label {
                    text: unit.short(value),
                    x: f64::from(x) + 6.0,
                    y: f64::from(y) + f64::from(size) * 0.35,
                    anchor: Anchor::Start,
                    fill: "currentColor",
                })
            })
            .collect();
        let mut placed = place(ends, &taken_areas, size, plot_area.top, plot_area.bottom);
        placed.extend(taken);
        value_labels = placed;
        // One target per x, as wide as the gap between points, as tall as the plot.
        let every = length.div_ceil(MOST_HITS).max(1);
        let px = |x: f64| f64::from(plot.backend_coord(&(x, top)).0);
        hits = (1..=length)
            .step_by(every)
            .map(|x| {
                let at = x as f64;
                let half = (px(at + every as f64) - px(at)).abs() / 2.0;
                let centre = px(at);
                let parts: Vec<String> = chart
                    .series
                    .iter()
                    .filter_map(|series| {
                        let value = series.values.get(x - 1)?;
                        Some(format!("{} {}", series.name, unit.exact(*value)))
                    })
                    .collect();
                (
                    Area {
                        left: (centre - half).max(plot_area.left),
                        top: plot_area.top,
                        right: (centre + half).min(plot_area.right),
                        bottom: plot_area.bottom,
                    },
                    format!("{}: {}", chart.x_axis.point(x), parts.join(", ")),
                )
            })
            .collect::<Vec<_>>();
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
    use crate::chart::YearMonth;

    fn chart(values: Vec<f64>) -> LineChart {
        LineChart {
            title: "Monthly cost over 12 months".into(),
            x_axis: XAxis::Months {
                first: YearMonth {
                    year: 2027,
                    month: 1,
                },
            },
            y_label: "US dollars".into(),
            unit: Unit::Usd,
            series: vec![
                Series {
                    name: "Baseline".into(),
                    values: values.clone(),
                },
                Series {
                    name: "Optimized".into(),
                    values: values.iter().map(|v| v / 2.0).collect(),
                },
            ],
            markers: vec![Marker {
                x: 2.0,
                label: "limit".into(),
            }],
        }
    }

    /// The text of every `<text>` element, in order.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|part| {
                let start = part.find('>')? + 1;
                let end = part.find("</text>")?;
                Some(part.get(start..end)?.trim().to_owned())
            })
            .collect()
    }

    #[test]
    fn draws_titled_axes_and_a_legend() {
        let svg = line_chart_svg(&chart(vec![100.0, 110.0, 121.0]), 640)
            .unwrap()
            .svg;
        for text in [
            "Monthly cost over 12 months",
            "Month",
            "US dollars",
            "Baseline",
            "Optimized",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        assert!(svg.contains("currentColor") && !svg.contains(crate::chart::INK_HEX));
        assert!(svg.contains("<polyline"), "lines are drawn");
        assert!(svg.contains("limit"), "markers are labelled");
    }

    #[test]
    fn months_are_dates_and_points_have_titles_and_read_outs() {
        let drawn = line_chart_svg(&chart((1..=12).map(f64::from).collect()), 640).unwrap();
        let texts = texts(&drawn.svg);
        assert!(texts.iter().any(|t| t == "Jan 2027"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "Jul"), "{texts:?}");
        assert_eq!(drawn.readouts.len(), 12);
        assert_eq!(
            drawn.readouts[6],
            "Month 7 (Jul 2027): Baseline $7.00, Optimized $3.50"
        );
        assert_eq!(drawn.svg.matches("<title>").count(), 12);
        assert!(drawn.svg.contains(r#"data-i="11""#));
    }

    #[test]
    fn the_legend_is_below_the_plot_and_never_over_it() {
        for width in [300, 375, 640, 1200] {
            let drawn = line_chart_svg(&chart(vec![100.0, 1e6, 3.0]), width).unwrap();
            assert_eq!(drawn.legend.len(), 2, "{width}");
            for entry in &drawn.legend {
                assert!(
                    !entry.overlaps(&drawn.plot),
                    "{width}: {entry:?} {:?}",
                    drawn.plot
                );
                assert!(entry.top >= drawn.plot.bottom && entry.bottom <= f64::from(drawn.height));
                assert!(entry.right <= f64::from(drawn.width));
            }
            assert!(drawn.smallest_text >= 12);
            assert_eq!(drawn.width, width.max(280));
            // Regression: plotters writes font-size as the size asked ÷ 1.24, so the axis
            // labels were drawn at 10.5 units.
            let sizes: Vec<f64> = drawn
                .svg
                .split("font-size=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next()?.parse().ok())
                .collect();
            assert!(sizes.len() > 8);
            assert!(sizes.iter().all(|&size| size >= 12.0 - 1e-6), "{sizes:?}");
        }
    }

    #[test]
    fn a_series_without_points_has_no_legend_entry() {
        let mut one = chart(vec![1.0, 2.0]);
        one.series.truncate(1);
        let drawn = line_chart_svg(&one, 640).unwrap();
        assert!(drawn.legend.is_empty());
        assert!(!drawn.svg.contains("chart-legend"));
    }

    #[test]
    fn last_values_are_labelled_and_close_ones_do_not_overlap() {
        let mut close = chart(vec![100.0, 100.0]);
        close.series[1].values = vec![100.0, 100.4];
        close.series.push(Series {
            name: "Third".into(),
            values: vec![99.0, 99.8],
        });
        for width in [320, 800] {
            let drawn = line_chart_svg(&close, width).unwrap();
            let texts = texts(&drawn.svg);
            for label in ["$100.00", "$100.40", "$99.80"] {
                assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
            }
            // Three last values and the marker's label.
            assert_eq!(drawn.labels.len(), 4);
            for (i, a) in drawn.labels.iter().enumerate() {
                for b in &drawn.labels[i + 1..] {
                    assert!(!a.overlaps(b), "{width}: {a:?} {b:?}");
                }
            }
        }
    }

    // Regression: the Conversation cost chart's y-axis labels all read "0": costs per
    // turn of a few thousandths of a dollar were written with two decimals.
    #[test]
    fn small_costs_get_distinct_y_labels() {
        let mut small = chart(vec![0.000_4, 0.001, 0.0018]);
        small.x_axis = XAxis::Count {
            noun: "Turn".into(),
        };
        let svg = line_chart_svg(&small, 375).unwrap().svg;
        let texts = texts(&svg);
        let money: Vec<&String> = texts
            .iter()
            .filter(|t| t.starts_with('$') && t.len() < 8)
            .collect();
        assert!(money.iter().any(|t| *t == "$0.001"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "Turn"));
    }

    #[test]
    fn one_month_negative_values_and_bad_input() {
        assert!(line_chart_svg(&chart(vec![5.0]), 640).is_ok());
        assert!(line_chart_svg(&chart(vec![-5.0, 3.0]), 640).is_ok());
        assert!(line_chart_svg(&chart(vec![0.0, 0.0]), 640).is_ok());
        assert!(line_chart_svg(&chart(vec![1e300, 0.0]), 10).is_ok());
        assert_eq!(
            line_chart_svg(&chart(vec![]), 640).map(|d| d.svg),
            Err(ChartError::Empty)
        );
        assert!(matches!(
            line_chart_svg(&chart(vec![f64::INFINITY]), 640),
            Err(ChartError::BadValue(_))
        ));
    }
}
