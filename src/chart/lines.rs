//! A line chart over months: one line per series, with a legend.

use plotters::prelude::*;

use super::{draw_legend, short_number, ChartError, INK, INK_HEX};

/// The series colours, in order; each reads on light and dark backgrounds.
const COLORS: [RGBColor; 5] = [
    RGBColor(0xE0, 0x5A, 0x1F),
    RGBColor(0x2E, 0x9E, 0x5B),
    RGBColor(0x4F, 0x7C, 0xAC),
    RGBColor(0x9B, 0x59, 0xB6),
    RGBColor(0xC2, 0x9B, 0x0C),
];

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
    /// The x axis's description, such as "Month".
    pub x_label: String,
    /// The y axis's description with its unit.
    pub y_label: String,
    /// Up to five series, all of the same length.
    pub series: Vec<Series>,
    /// Vertical markers (such as "context window exceeded").
    pub markers: Vec<Marker>,
}

/// Draws `chart` as an SVG document `width` × `height` pixels, text in `currentColor`.
pub fn line_chart_svg(chart: &LineChart, width: u32, height: u32) -> Result<String, ChartError> {
    let length = chart.series.first().map_or(0, |series| series.values.len());
    if length == 0 {
        return Err(ChartError::Empty);
    }
    if let Some(bad) = chart.series.iter().find(|series| {
        series.values.len() != length || series.values.iter().any(|v| !v.is_finite())
    }) {
        return Err(ChartError::BadValue(bad.name.clone()));
    }
    let values = chart
        .series
        .iter()
        .flat_map(|series| series.values.iter().copied());
    let (low, high) = values.fold((0.0f64, 0.0f64), |(low, high), v| (low.min(v), high.max(v)));
    let span = (high - low).max(1e-9);
    let (bottom, top) = (
        if low < 0.0 { low - span * 0.05 } else { 0.0 },
        if high > 0.0 { high + span * 0.08 } else { 1.0 },
    );
    let last = length.max(2) as f64;
    let drawing = |error: &dyn std::fmt::Debug| ChartError::Drawing(format!("{error:?}"));

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let mut plot = ChartBuilder::on(&root)
            .caption(&chart.title, ("sans-serif", 22).into_font().color(&INK))
            .margin(12)
            .x_label_area_size(52)
            .y_label_area_size(72)
            .build_cartesian_2d(1.0..last, bottom..top)
            .map_err(|error| drawing(&error))?;
        plot.configure_mesh()
            .bold_line_style(INK.mix(0.15))
            .light_line_style(TRANSPARENT)
            .axis_style(INK.mix(0.6))
            .label_style(("sans-serif", 16).into_font().color(&INK))
            .axis_desc_style(("sans-serif", 16).into_font().color(&INK))
            .x_desc(chart.x_label.as_str())
            .y_desc(chart.y_label.as_str())
            .x_labels(length.clamp(2, 12))
            .x_label_formatter(&|value| {
                if value.fract().abs() < 1e-9 {
                    format!("{value:.0}")
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|value| short_number(*value))
            .draw()
            .map_err(|error| drawing(&error))?;
        for (series, color) in chart.series.iter().zip(COLORS) {
            let points: Vec<(f64, f64)> = series
                .values
                .iter()
                .enumerate()
                .map(|(index, &value)| (index as f64 + 1.0, value))
                .collect();
            plot.draw_series(LineSeries::new(
                points.iter().copied(),
                color.stroke_width(3),
            ))
            .map_err(|error| drawing(&error))?
            .label(series.name.as_str())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3))
            });
            if length <= 36 {
                plot.draw_series(
                    points
                        .iter()
                        .map(|&point| Circle::new(point, 3, color.filled())),
                )
                .map_err(|error| drawing(&error))?;
            }
        }
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
            plot.draw_series(std::iter::once(Text::new(
                marker.label.clone(),
                (marker.x, top),
                ("sans-serif", 14).into_font().color(&INK),
            )))
            .map_err(|error| drawing(&error))?;
        }
        draw_legend(&mut plot, SeriesLabelPosition::UpperLeft)?;
        root.present().map_err(|error| drawing(&error))?;
    }
    Ok(svg.replace(INK_HEX, "currentColor"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: Vec<f64>) -> LineChart {
        LineChart {
            title: "Monthly cost over 12 months".into(),
            x_label: "Month".into(),
            y_label: "US dollars".into(),
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

    #[test]
    fn draws_titled_axes_and_a_legend() {
        let svg = line_chart_svg(&chart(vec![100.0, 110.0, 121.0]), 640, 320).unwrap();
        for text in [
            "Monthly cost over 12 months",
            "Month",
            "US dollars",
            "Baseline",
            "Optimized",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        assert!(svg.contains("currentColor") && !svg.contains(INK_HEX));
        assert!(svg.contains("<polyline"), "lines are drawn");
        assert!(svg.contains("limit"), "markers are labelled");
    }

    #[test]
    fn one_month_negative_values_and_bad_input() {
        assert!(line_chart_svg(&chart(vec![5.0]), 640, 320).is_ok());
        assert!(line_chart_svg(&chart(vec![-5.0, 3.0]), 640, 320).is_ok());
        assert!(line_chart_svg(&chart(vec![0.0, 0.0]), 640, 320).is_ok());
        assert_eq!(
            line_chart_svg(&chart(vec![]), 640, 320),
            Err(ChartError::Empty)
        );
        assert!(matches!(
            line_chart_svg(&chart(vec![f64::INFINITY]), 640, 320),
            Err(ChartError::BadValue(_))
        ));
    }
}
