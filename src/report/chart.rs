//! SVG charts for reports: a quarterly trend line with target and England lines, and bars
//! against the statistical neighbours.
//!
//! Plain SVG 1.1 written by hand: no fonts or system libraries, byte-identical on every
//! machine. Colours are from the Okabe–Ito palette, which stays distinct under the common
//! colour-vision deficiencies; lines also differ by dash pattern, so colour is never the only
//! cue.

use std::fmt::Write;

const BLUE: &str = "#0072B2";
const SKY: &str = "#56B4E9";
const ORANGE: &str = "#E69F00";
const GREEN: &str = "#009E73";
const VERMILLION: &str = "#D55E00";
const INK: &str = "#222222";
const GRID: &str = "#DDDDDD";

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 420.0;

/// A quarterly trend of one indicator.
pub struct Trend {
    pub title: String,
    /// The LA's name, for the legend.
    pub area: String,
    /// The y axis label, with the unit: "% of ICPCs held".
    pub y_label: String,
    /// Quarter labels and values (`None`: no figure, or withheld).
    pub points: Vec<(String, Option<f64>)>,
    pub target: Option<f64>,
    /// England's published value for runs of points: (first index, last index, value).
    pub england: Vec<(usize, usize, f64)>,
    pub percent: bool,
    /// A line under the title (sources, withheld points).
    pub note: String,
}

/// One indicator for the LA beside its statistical neighbours.
pub struct Bars {
    pub title: String,
    /// The value axis label, with the unit.
    pub x_label: String,
    /// Area name, value, and whether it is the LA itself.
    pub bars: Vec<(String, f64, bool)>,
    pub england: Option<f64>,
    pub percent: bool,
    pub note: String,
}

/// A chart as a report shows it: its SVG, a sentence saying what it shows, and its figures as a
/// table, so a reader who cannot see it has it all.
pub struct Chart {
    pub svg: String,
    pub title: String,
    pub description: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Trend {
    /// The trend drawn, described, and tabulated by quarter.
    pub fn chart(&self) -> Chart {
        let shown =
            |value: Option<f64>| value.map_or("–".to_string(), |v| value_label(v, self.percent));
        let england_at = |i: usize| {
            self.england
                .iter()
                .find(|(first, last, _)| (*first..=*last).contains(&i))
                .map(|(_, _, value)| *value)
        };
        let mut headers = vec!["Quarter".to_string(), self.area.clone()];
        if self.target.is_some() {
            headers.push("Target".to_string());
        }
        if !self.england.is_empty() {
            headers.push("England".to_string());
        }
        let rows = self
            .points
            .iter()
            .enumerate()
            .map(|(i, (quarter, value))| {
                let mut row = vec![quarter.clone(), shown(*value)];
                if self.target.is_some() {
                    row.push(shown(self.target));
                }
                if !self.england.is_empty() {
                    row.push(shown(england_at(i)));
                }
                row
            })
            .collect();
        let span = match (self.points.first(), self.points.last()) {
            (Some((first, _)), Some((last, _))) => format!(", {first} to {last}"),
            _ => String::new(),
        };
        Chart {
            svg: trend_svg(self),
            title: self.title.clone(),
            description: format!(
                "Line chart of {} for {} by quarter{span}{}{}. {}.",
                self.title,
                self.area,
                if self.target.is_some() {
                    ", with the local target"
                } else {
                    ""
                },
                if self.england.is_empty() {
                    ""
                } else {
                    " and England's published figure"
                },
                self.note
            ),
            headers,
            rows,
        }
    }
}

impl Bars {
    /// The bars drawn, described, and tabulated by area.
    pub fn chart(&self) -> Chart {
        let mut rows: Vec<Vec<String>> = self
            .bars
            .iter()
            .map(|(area, value, _)| vec![area.clone(), value_label(*value, self.percent)])
            .collect();
        if let Some(england) = self.england {
            rows.push(vec![
                "England".to_string(),
                value_label(england, self.percent),
            ]);
        }
        Chart {
            svg: bars_svg(self),
            title: self.title.clone(),
            description: format!("Bar chart of {}. {}.", self.title, self.note),
            headers: vec!["Area".to_string(), self.x_label.clone()],
            rows,
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A round upper bound for an axis and its tick step.
fn axis(max: f64, percent: bool) -> (f64, f64) {
    if percent && max > 80.0 {
        return (100.0, 20.0);
    }
    let max = if max <= 0.0 { 1.0 } else { max * 1.1 };
    let magnitude = 10f64.powf(max.log10().floor() - 1.0);
    let step = [1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| max / step <= 6.0)
        .unwrap_or(max);
    ((max / step).ceil() * step, step)
}

fn tick_label(value: f64, step: f64) -> String {
    if step.fract() == 0.0 {
        crate::render::format_number(value, 0)
    } else {
        crate::render::format_number(value, 1)
    }
}

fn open(out: &mut String, title: &str, note: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"Arial, Helvetica, sans-serif\" \
         role=\"img\">\n<title>{t}</title>\n\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#FFFFFF\"/>\n\
         <text x=\"20\" y=\"30\" font-size=\"18\" font-weight=\"bold\" fill=\"{INK}\">{t}</text>\n\
         <text x=\"20\" y=\"50\" font-size=\"12\" fill=\"#555555\">{n}</text>\n",
        t = escape(title),
        n = escape(note),
    );
}

fn legend(out: &mut String, x: f64, y: f64, entries: &[(&str, &str, &str)]) {
    for (i, (colour, dash, label)) in entries.iter().enumerate() {
        let y = y + 22.0 * i as f64;
        let _ = writeln!(
            out,
            "<line x1=\"{x}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"{colour}\" \
             stroke-width=\"3\" stroke-dasharray=\"{dash}\"/>\
             <text x=\"{tx}\" y=\"{ty}\" font-size=\"13\" fill=\"{INK}\">{label}</text>",
            x2 = x + 28.0,
            tx = x + 36.0,
            ty = y + 4.5,
            label = escape(label),
        );
    }
}

/// The trend chart as SVG.
pub fn trend_svg(trend: &Trend) -> String {
    let (left, right, top, bottom) = (80.0, 190.0, 75.0, 85.0);
    let plot_w = WIDTH - left - right;
    let plot_h = HEIGHT - top - bottom;
    let values = trend
        .points
        .iter()
        .filter_map(|(_, v)| *v)
        .chain(trend.target)
        .chain(trend.england.iter().map(|(_, _, v)| *v));
    let (max, step) = axis(values.fold(0.0, f64::max), trend.percent);
    let n = trend.points.len().max(1);
    let x_of = |i: usize| left + plot_w * (i as f64 + 0.5) / n as f64;
    let y_of = |v: f64| top + plot_h * (1.0 - v / max);
    let mut out = String::new();
    open(&mut out, &trend.title, &trend.note);
    let mut tick = 0.0;
    while tick <= max + 1e-9 {
        let _ = writeln!(
            out,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{x2}\" y2=\"{y:.1}\" stroke=\"{GRID}\"/>\
             <text x=\"{tx}\" y=\"{ty:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"{INK}\">{label}</text>",
            y = y_of(tick),
            x2 = left + plot_w,
            tx = left - 8.0,
            ty = y_of(tick) + 4.0,
            label = tick_label(tick, step),
        );
        tick += step;
    }
    // Quarter labels ("Q1") under each point, and the year once under its quarters.
    let mut years: Vec<(&str, usize, usize)> = Vec::new();
    for (i, (label, _)) in trend.points.iter().enumerate() {
        let (year, quarter) = label.split_once(' ').unwrap_or(("", label.as_str()));
        let _ = writeln!(
            out,
            "<text x=\"{x:.1}\" y=\"{y}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{INK}\">{q}</text>",
            x = x_of(i),
            y = top + plot_h + 18.0,
            q = escape(quarter),
        );
        match years.last_mut() {
            Some((y, _, last)) if *y == year => *last = i,
            _ => years.push((year, i, i)),
        }
    }
    for (year, first, last) in years {
        let _ = writeln!(
            out,
            "<text x=\"{x:.1}\" y=\"{y}\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{INK}\">{t}</text>",
            x = (x_of(first) + x_of(last)) / 2.0,
            y = top + plot_h + 36.0,
            t = escape(year),
        );
    }
    let _ = writeln!(
        out,
        "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{b}\" stroke=\"{INK}\"/>\
         <line x1=\"{left}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"{INK}\"/>\
         <text x=\"{cx}\" y=\"{xl}\" font-size=\"13\" text-anchor=\"middle\" fill=\"{INK}\">Quarter</text>\
         <text x=\"20\" y=\"{cy}\" font-size=\"13\" text-anchor=\"middle\" fill=\"{INK}\" \
         transform=\"rotate(-90 20 {cy})\">{yl}</text>",
        b = top + plot_h,
        r = left + plot_w,
        cx = left + plot_w / 2.0,
        xl = HEIGHT - 12.0,
        cy = top + plot_h / 2.0,
        yl = escape(&trend.y_label),
    );
    let mut entries = vec![(BLUE, "none", trend.area.as_str())];
    if let Some(target) = trend.target {
        let _ = writeln!(
            out,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{r}\" y2=\"{y:.1}\" stroke=\"{GREEN}\" \
             stroke-width=\"2.5\" stroke-dasharray=\"10 5\"/>",
            y = y_of(target),
            r = left + plot_w,
        );
        entries.push((GREEN, "10 5", "Target"));
    }
    for (first, last, value) in &trend.england {
        let _ = writeln!(
            out,
            "<line x1=\"{x1:.1}\" y1=\"{y:.1}\" x2=\"{x2:.1}\" y2=\"{y:.1}\" stroke=\"{VERMILLION}\" \
             stroke-width=\"2.5\" stroke-dasharray=\"3 4\"/>",
            x1 = x_of(*first) - plot_w / n as f64 / 2.0 + 4.0,
            x2 = x_of(*last) + plot_w / n as f64 / 2.0 - 4.0,
            y = y_of(*value),
        );
    }
    if !trend.england.is_empty() {
        entries.push((VERMILLION, "3 4", "England (year)"));
    }
    let mut path = String::new();
    for (i, (_, value)) in trend.points.iter().enumerate() {
        match value {
            Some(v) => {
                let command = if path.is_empty() || path.ends_with('|') {
                    "M"
                } else {
                    "L"
                };
                let _ = write!(path, "{command}{:.1},{:.1} ", x_of(i), y_of(*v));
            }
            None => path.push('|'),
        }
    }
    let path = path.replace('|', "");
    let _ = writeln!(
        out,
        "<path d=\"{}\" fill=\"none\" stroke=\"{BLUE}\" stroke-width=\"3\"/>",
        path.trim()
    );
    for (i, (_, value)) in trend.points.iter().enumerate() {
        if let Some(v) = value {
            let _ = writeln!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" fill=\"{BLUE}\"/>\
                 <text x=\"{x:.1}\" y=\"{ty:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{INK}\">{l}</text>",
                x = x_of(i),
                y = y_of(*v),
                ty = y_of(*v) - 9.0,
                l = value_label(*v, trend.percent),
            );
        }
    }
    legend(&mut out, WIDTH - right + 20.0, top + 10.0, &entries);
    out.push_str("</svg>\n");
    out
}

fn value_label(value: f64, percent: bool) -> String {
    let text = crate::render::format_number(value, 1);
    if percent {
        format!("{text}%")
    } else {
        text
    }
}

/// The neighbour bar chart as SVG: horizontal bars, highest first.
pub fn bars_svg(bars: &Bars) -> String {
    let (left, right, top, bottom) = (190.0, 70.0, 75.0, 60.0);
    let plot_w = WIDTH - left - right;
    let plot_h = HEIGHT - top - bottom;
    let mut sorted = bars.bars.clone();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let values = sorted.iter().map(|b| b.1).chain(bars.england);
    let (max, step) = axis(values.fold(0.0, f64::max), bars.percent);
    let x_of = |v: f64| left + plot_w * v / max;
    let band = plot_h / sorted.len().max(1) as f64;
    let mut out = String::new();
    open(&mut out, &bars.title, &bars.note);
    let mut tick = 0.0;
    while tick <= max + 1e-9 {
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{b}\" stroke=\"{GRID}\"/>\
             <text x=\"{x:.1}\" y=\"{ty}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{INK}\">{l}</text>",
            x = x_of(tick),
            b = top + plot_h,
            ty = top + plot_h + 18.0,
            l = tick_label(tick, step),
        );
        tick += step;
    }
    for (i, (name, value, own)) in sorted.iter().enumerate() {
        let y = top + band * i as f64;
        let colour = if *own { ORANGE } else { SKY };
        let weight = if *own { "bold" } else { "normal" };
        let _ = writeln!(
            out,
            "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{colour}\"/>\
             <text x=\"{lx}\" y=\"{ty:.1}\" font-size=\"12\" text-anchor=\"end\" font-weight=\"{weight}\" fill=\"{INK}\">{n}</text>\
             <text x=\"{vx:.1}\" y=\"{ty:.1}\" font-size=\"11\" fill=\"{INK}\">{v}</text>",
            y = y + band * 0.15,
            w = x_of(*value) - left,
            h = band * 0.7,
            lx = left - 8.0,
            ty = y + band / 2.0 + 4.0,
            vx = x_of(*value) + 4.0,
            n = escape(name),
            v = value_label(*value, bars.percent),
        );
    }
    if let Some(england) = bars.england {
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{t}\" x2=\"{x:.1}\" y2=\"{b}\" stroke=\"{VERMILLION}\" \
             stroke-width=\"2.5\" stroke-dasharray=\"3 4\"/>\
             <text x=\"{x:.1}\" y=\"{ty}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{VERMILLION}\">England {v}</text>",
            x = x_of(england),
            t = top - 8.0,
            b = top + plot_h,
            ty = top - 12.0,
            v = value_label(england, bars.percent),
        );
    }
    let _ = writeln!(
        out,
        "<line x1=\"{left}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"{INK}\"/>\
         <text x=\"{cx}\" y=\"{xl}\" font-size=\"13\" text-anchor=\"middle\" fill=\"{INK}\">{l}</text>",
        b = top + plot_h,
        r = left + plot_w,
        cx = left + plot_w / 2.0,
        xl = HEIGHT - 20.0,
        l = escape(&bars.x_label),
    );
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(axis(88.8, true), (100.0, 20.0));
        assert_eq!(axis(65.0, true), (80.0, 20.0));
        assert_eq!(axis(414.8, false), (500.0, 100.0));
        assert_eq!(axis(0.0, false), (1.0, 0.2));
    }

    #[test]
    fn a_withheld_point_breaks_the_line() {
        let trend = Trend {
            title: "T & <t>".to_string(),
            area: "Rotherham".to_string(),
            y_label: "%".to_string(),
            points: vec![
                ("2014-15 Q1".to_string(), Some(50.0)),
                ("2014-15 Q2".to_string(), None),
                ("2014-15 Q3".to_string(), Some(60.0)),
                ("2014-15 Q4".to_string(), Some(70.0)),
            ],
            target: Some(65.0),
            england: vec![(0, 3, 55.0)],
            percent: true,
            note: String::new(),
        };
        let svg = trend_svg(&trend);
        assert!(svg.contains("<title>T &amp; &lt;t&gt;</title>"));
        let path = svg.split("<path d=\"").nth(1).unwrap();
        assert_eq!(path.matches('M').count(), 2, "{path}");
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(svg.matches(">2014-15</text>").count(), 1, "the year once");
    }
}
