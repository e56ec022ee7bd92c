//! What is drawn over and around plotters' plot, as SVG text: value labels placed so that
//! none overlaps another, the legend below the plot, and one invisible hit target per bar
//! or point carrying its read-out as an SVG `<title>`.
//! Must not know: the DOM.

use std::fmt::Write as _;

/// A rectangle in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Right edge.
    pub right: f64,
    /// Bottom edge.
    pub bottom: f64,
}

impl Area {
    /// Whether the two share more than a hair of area.
    pub fn overlaps(&self, other: &Area) -> bool {
        self.left < other.right - 0.5
            && other.left < self.right - 0.5
            && self.top < other.bottom - 0.5
            && other.top < self.bottom - 0.5
    }
}

/// A drawn chart: the SVG text, and what the page needs to read it out.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    /// The SVG document, self-contained (text in `currentColor`, no page CSS needed).
    pub svg: String,
    /// Its width in user units (the width it was asked for, within bounds).
    pub width: u32,
    /// Its height in user units.
    pub height: u32,
    /// The read-out of each bar or point, in the order of their `data-i`.
    pub readouts: Vec<String>,
    /// The plotting area.
    pub plot: Area,
    /// The legend's entries (empty when one series says it all).
    pub legend: Vec<Area>,
    /// The value labels.
    pub labels: Vec<Area>,
    /// The smallest font size drawn, in user units.
    pub smallest_text: u32,
}

/// The text sizes and layout for a chart `width` units wide: below 560 a narrow layout
/// (smaller title, fewer ticks, shorter labels), never text under 12 units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Frame {
    pub width: u32,
    pub narrow: bool,
    pub text: u32,
    pub title: u32,
}

/// The narrowest and widest chart drawn.
pub(crate) const WIDTHS: (u32, u32) = (280, 1_600);

impl Frame {
    pub fn new(width: u32) -> Frame {
        let width = width.clamp(WIDTHS.0, WIDTHS.1);
        let narrow = width < 560;
        Frame {
            width,
            narrow,
            text: if narrow { 13 } else { 14 },
            title: if narrow { 15 } else { 18 },
        }
    }
}

/// The size to ask plotters for so that its text is drawn at `size` units: its SVG
/// backend writes `font-size` as the size asked ÷ 1.24.
pub(crate) fn plotters_size(size: u32) -> f64 {
    f64::from(size) * 1.24
}

/// The width of `text` at `size`, estimated at 0.6 em a character (sans-serif digits
/// are about 0.55 em).
pub(crate) fn text_width(text: &str, size: u32) -> f64 {
    text.chars().count() as f64 * f64::from(size) * 0.6
}

/// `text` cut to `width` units at `size`, with "…".
pub(crate) fn fit(text: &str, width: f64, size: u32) -> String {
    let most = (width / (f64::from(size) * 0.6)).floor().max(2.0) as usize;
    if text.chars().count() <= most {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(most - 1).collect();
        format!("{cut}…")
    }
}

/// Text safe inside SVG markup.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Where a label's `x` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    End,
}

/// A text label to place.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Label {
    pub text: String,
    pub x: f64,
    /// The baseline.
    pub y: f64,
    pub anchor: Anchor,
    /// Its fill: `currentColor` or a colour that reads on the bar under it.
    pub fill: &'static str,
}

impl Label {
    fn area(&self, size: u32) -> Area {
        let width = text_width(&self.text, size);
        let left = match self.anchor {
            Anchor::Start => self.x,
            Anchor::End => self.x - width,
        };
        Area {
            left,
            top: self.y - f64::from(size),
            right: left + width,
            bottom: self.y + f64::from(size) * 0.25,
        }
    }
}

/// Moves labels down (or up, at the bottom) until none overlaps another or anything in
/// `taken`, within `top..bottom`; returns them with their areas.
pub(crate) fn place(
    mut labels: Vec<Label>,
    taken: &[Area],
    size: u32,
    top: f64,
    bottom: f64,
) -> Vec<(Label, Area)> {
    labels.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut placed: Vec<(Label, Area)> = Vec::new();
    let line = f64::from(size) * 1.3;
    for mut label in labels {
        label.y = label.y.clamp(top + f64::from(size), bottom);
        let start = label.y;
        let mut tries = 0;
        while tries < 40 {
            let area = label.area(size);
            let Some(blocker) = taken
                .iter()
                .chain(placed.iter().map(|(_, area)| area))
                .find(|other| other.overlaps(&area))
            else {
                break;
            };
            label.y = blocker.bottom + f64::from(size) + 1.0;
            if label.y > bottom {
                // No room below: go up from where it wanted to be.
                label.y = start - line * (tries as f64 + 1.0);
            }
            tries += 1;
        }
        let area = label.area(size);
        placed.push((label, area));
    }
    placed
}

/// The SVG of placed labels.
pub(crate) fn labels_svg(out: &mut String, labels: &[(Label, Area)], size: u32) {
    for (label, _) in labels {
        let anchor = match label.anchor {
            Anchor::Start => "start",
            Anchor::End => "end",
        };
        let _ = write!(
            out,
            r#"<text class="chart-value" x="{:.1}" y="{:.1}" font-size="{size}" font-family="sans-serif" text-anchor="{anchor}" fill="{}">{}</text>"#,
            label.x,
            label.y,
            label.fill,
            escape(&label.text)
        );
    }
}

/// A legend entry's swatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Swatch {
    Line,
    Block,
}

/// A legend below the plot from `top`: entries in rows, wrapped at `width`. Returns its
/// SVG, each entry's area and the height it takes.
pub(crate) fn legend_svg(
    entries: &[(String, &str, Swatch)],
    top: f64,
    width: f64,
    size: u32,
) -> (String, Vec<Area>, f64) {
    let mut out = String::new();
    let mut areas = Vec::new();
    if entries.is_empty() {
        return (out, areas, 0.0);
    }
    let row = f64::from(size) * 1.8;
    let margin = 12.0;
    let (mut x, mut y) = (margin, top + row * 0.5);
    for (name, color, swatch) in entries {
        let name = fit(name, width - 2.0 * margin - 28.0, size);
        let entry = 24.0 + text_width(&name, size);
        if x > margin && x + entry > width - margin {
            x = margin;
            y += row;
        }
        let middle = y + row * 0.5;
        match swatch {
            Swatch::Line => {
                let _ = write!(
                    out,
                    r#"<line x1="{x:.1}" y1="{middle:.1}" x2="{:.1}" y2="{middle:.1}" stroke="{color}" stroke-width="3"/>"#,
                    x + 18.0
                );
            }
            Swatch::Block => {
                let _ = write!(
                    out,
                    r#"<rect x="{x:.1}" y="{:.1}" width="14" height="14" fill="{color}"/>"#,
                    middle - 7.0
                );
            }
        }
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="{size}" font-family="sans-serif" fill="currentColor">{}</text>"#,
            x + 24.0,
            middle + f64::from(size) * 0.35,
            escape(&name)
        );
        areas.push(Area {
            left: x,
            top: middle - row * 0.4,
            right: x + entry,
            bottom: middle + row * 0.4,
        });
        x += entry + 18.0;
    }
    let height = y + row * 1.5 - top;
    (
        format!(r#"<g class="chart-legend">{out}</g>"#),
        areas,
        height,
    )
}

/// Invisible hit targets, one per read-out, each with its `<title>`; the page finds
/// them by `data-i`.
pub(crate) fn hits_svg(out: &mut String, hits: &[(Area, String)]) {
    out.push_str(r#"<g class="chart-hits">"#);
    for (index, (area, text)) in hits.iter().enumerate() {
        let _ = write!(
            out,
            r#"<rect data-i="{index}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="transparent"><title>{}</title></rect>"#,
            area.left,
            area.top,
            (area.right - area.left).max(1.0),
            (area.bottom - area.top).max(1.0),
            escape(text)
        );
    }
    out.push_str("</g>");
}

/// `svg` with `extra` before its closing tag, the ink colour made `currentColor`.
pub(crate) fn finish(svg: &str, extra: &str) -> String {
    let body = svg.trim_end();
    let body = body.strip_suffix("</svg>").unwrap_or(body);
    format!("{body}{extra}</svg>\n").replace(super::INK_HEX, "currentColor")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_labels_are_moved_apart() {
        let label = |text: &str, y: f64| Label {
            text: text.into(),
            x: 300.0,
            y,
            anchor: Anchor::End,
            fill: "currentColor",
        };
        let placed = place(
            vec![
                label("$100.00", 50.0),
                label("$100.10", 51.0),
                label("$99.90", 52.0),
            ],
            &[],
            13,
            0.0,
            300.0,
        );
        for (i, (_, a)) in placed.iter().enumerate() {
            for (_, b) in &placed[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn legends_wrap_and_long_names_are_cut() {
        let entries = vec![
            ("Baseline per month".to_owned(), "#E05A1F", Swatch::Line),
            ("Optimized per month".to_owned(), "#2E9E5B", Swatch::Line),
            ("Cumulative savings".to_owned(), "#4F7CAC", Swatch::Line),
        ];
        let (svg, areas, height) = legend_svg(&entries, 200.0, 340.0, 13);
        assert_eq!(areas.len(), 3);
        assert!(areas.iter().all(|a| a.top >= 200.0 && a.right <= 340.0));
        assert!(height > 40.0, "two rows at 340 wide");
        assert!(svg.contains("Cumulative savings"));
        assert_eq!(fit("a very long model name indeed", 80.0, 13), "a very lo…");
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
