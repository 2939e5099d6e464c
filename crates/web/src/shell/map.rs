//! The map of Japan that pages shade by a figure per prefecture (issue 14, item 15): drawn on
//! the server as SVG (no script), each prefecture its real outline, Okinawa in an inset box as
//! Japanese maps draw it, with a legend of the classes and, beside it on the page, the table of
//! the same figures (the map names that table, so a screen reader user is sent to the figures).
//!
//! The outlines (`data/japan-prefectures-outline.json`, provenance and licence in
//! `data/README.md`) are parsed and projected once, on the first map a process draws; a page
//! then only picks a class per prefecture, so drawing costs microseconds. A file that does not
//! parse draws no map (the table still stands): it is data the binary carries, checked by a test.
//!
//! The shared template is `templates/shell/map.html`; a page has one map (its element ids are fixed).

use domain::Language;
use serde::Deserialize;
use std::sync::OnceLock;

const OUTLINES: &str = include_str!("../../../../data/japan-prefectures-outline.json");

/// Okinawa's code: drawn in the inset, not where it lies (it would double the map's height).
const OKINAWA: u8 = 47;

/// SVG units per degree of latitude (one unit is about a kilometre).
const UNIT: f64 = 100.0;

/// Space around the mainland and inside the inset box, in SVG units.
const MARGIN: f64 = 20.0;

/// Okinawa is small beside the mainland: the inset draws it this much larger.
const INSET_ZOOM: f64 = 2.0;

/// The classes' looks, lightest (least) to darkest (most): a single-hue-family sequential scale
/// (ColorBrewer YlGnBu, safe for colour-blind readers and ordered in greyscale); the colours
/// are in `assets/style.css`.
const CLASSES: [&str; 5] = ["map-c0", "map-c1", "map-c2", "map-c3", "map-c4"];

/// No figure (or nothing to count): hatched, unlike any class.
const NONE: &str = "map-none";

#[derive(Deserialize)]
struct OutlineFile {
    prefectures: Vec<Outline>,
}

#[derive(Deserialize)]
struct Outline {
    code: u8,
    outline: Vec<[f64; 2]>,
}

/// A rectangle in SVG units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// One prefecture's projected outline.
struct Shape {
    code: u8,
    path: String,
}

/// Every prefecture projected, with the map's size and the inset's box.
struct Drawing {
    shapes: Vec<Shape>,
    width: u32,
    height: u32,
    inset: Frame,
}

/// The drawing, made on first use; `None` when the shipped file does not parse.
fn drawing() -> Option<&'static Drawing> {
    static DRAWING: OnceLock<Option<Drawing>> = OnceLock::new();
    DRAWING
        .get_or_init(|| match project(OUTLINES) {
            Ok(d) => Some(d),
            Err(e) => {
                tracing::error!(error = %e, "the prefecture outlines do not parse: maps are not drawn");
                None
            }
        })
        .as_ref()
}

/// Extremes of a set of points: (west, east, south, north).
fn extent<'a>(points: impl Iterator<Item = &'a [f64; 2]>) -> Option<(f64, f64, f64, f64)> {
    points.fold(None, |acc, [lng, lat]| {
        let (w, e, s, n) = acc.unwrap_or((*lng, *lng, *lat, *lat));
        Some((w.min(*lng), e.max(*lng), s.min(*lat), n.max(*lat)))
    })
}

/// SVG path data of a ring of points, each projected by `to`: rounded to whole units and
/// written relative to the point before (short), repeats after rounding dropped.
fn path_of(outline: &[[f64; 2]], to: impl Fn(f64, f64) -> (i64, i64)) -> String {
    let mut path = String::new();
    let mut last: Option<(i64, i64)> = None;
    for [lng, lat] in outline {
        let (x, y) = to(*lng, *lat);
        match last {
            None => path.push_str(&format!("M{x} {y}")),
            Some((lx, ly)) if (lx, ly) == (x, y) => continue,
            Some((lx, ly)) => path.push_str(&format!("l{} {}", x - lx, y - ly)),
        }
        last = Some((x, y));
    }
    path.push('z');
    path
}

/// Parses the outlines and projects them: longitude scaled by the cosine of the mainland's
/// middle latitude (so Japan is not stretched sideways), north up; Okinawa in a box at the top
/// left, over the Sea of Japan, where the mainland leaves room.
fn project(json: &str) -> Result<Drawing, String> {
    let file: OutlineFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if file.prefectures.iter().any(|p| p.outline.len() < 3) {
        return Err("an outline has fewer than three points".to_owned());
    }
    let mainland = || file.prefectures.iter().filter(|p| p.code != OKINAWA).flat_map(|p| p.outline.iter());
    let (west, east, south, north) = extent(mainland()).ok_or("no outline")?;
    let across = ((south + north) / 2.0).to_radians().cos() * UNIT;
    let mainland_at = |lng: f64, lat: f64| {
        (((lng - west) * across + MARGIN).round() as i64, ((north - lat) * UNIT + MARGIN).round() as i64)
    };
    let island = file.prefectures.iter().find(|p| p.code == OKINAWA);
    let (iw, ie, is, inn) = extent(island.iter().flat_map(|p| p.outline.iter())).unwrap_or((0.0, 0.0, 0.0, 0.0));
    let inset = Frame {
        x: MARGIN as u32,
        y: MARGIN as u32,
        width: ((ie - iw) * across * INSET_ZOOM + 2.0 * MARGIN).round() as u32,
        height: ((inn - is) * UNIT * INSET_ZOOM + 2.0 * MARGIN).round() as u32,
    };
    let inset_at = |lng: f64, lat: f64| {
        (
            ((lng - iw) * across * INSET_ZOOM + 2.0 * MARGIN).round() as i64,
            ((inn - lat) * UNIT * INSET_ZOOM + 2.0 * MARGIN).round() as i64,
        )
    };
    let shapes = file
        .prefectures
        .iter()
        .map(|p| Shape {
            code: p.code,
            path: if p.code == OKINAWA { path_of(&p.outline, inset_at) } else { path_of(&p.outline, mainland_at) },
        })
        .collect();
    Ok(Drawing {
        shapes,
        width: ((east - west) * across + 2.0 * MARGIN).round() as u32,
        height: ((north - south) * UNIT + 2.0 * MARGIN).round() as u32,
        inset,
    })
}

/// The classes a map shades by: each class from its lower bound up to the next one's.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    lower: Vec<u64>,
}

/// A round bound near a figure, so a legend reads "10–24", not "11–23": small figures as they
/// are, larger ones down to a multiple of five at their second digit (37 → 35, 1,234 → 1,000).
fn round_down(v: u64) -> u64 {
    if v < 10 {
        return v;
    }
    let step = 5 * 10u64.pow(v.ilog10() - 1);
    (v / step * step).max(10)
}

impl Scale {
    /// Fixed lower bounds (a share in percent, say), at most five; the first class starts at the
    /// first bound, and a figure below it is in the first class too.
    pub fn fixed(lower: &[u64]) -> Scale {
        let mut lower: Vec<u64> = lower.to_vec();
        lower.sort_unstable();
        lower.dedup();
        lower.truncate(CLASSES.len());
        if lower.is_empty() {
            lower.push(0);
        }
        Scale { lower }
    }

    /// Up to five classes of about as many prefectures each (quintiles of the figures above
    /// zero, rounded), so a few large prefectures do not leave the rest one colour.
    pub fn of(values: impl IntoIterator<Item = u64>) -> Scale {
        let mut positive: Vec<u64> = values.into_iter().filter(|v| *v > 0).collect();
        positive.sort_unstable();
        let mut lower = vec![1];
        let n = positive.len();
        for q in 1..CLASSES.len() {
            let Some(v) = positive.get(q * n / CLASSES.len()) else { break };
            let bound = round_down(*v);
            // A bound at or below the least figure would leave the first class empty.
            if lower.last().is_some_and(|l| bound > *l) && positive.first().is_some_and(|least| bound > *least) {
                lower.push(bound);
            }
        }
        Scale { lower }
    }

    /// The class of a figure: 0 for the lowest.
    pub fn class(&self, value: u64) -> usize {
        self.lower.iter().rposition(|l| value >= *l).unwrap_or(0)
    }

    /// The look of a class: with fewer than five classes they spread over the scale, so two
    /// classes are told apart as clearly as the lightest and the darkest.
    fn look(&self, class: usize) -> &'static str {
        let last = CLASSES.len() - 1;
        let index = match self.lower.len() {
            0 | 1 => last / 2,
            k => class.min(k - 1) * last / (k - 1),
        };
        CLASSES[index]
    }

    /// Each class's bounds, lowest first: from, and up to (none for the last, open-ended).
    pub fn bands(&self) -> Vec<(u64, Option<u64>)> {
        self.lower.iter().enumerate().map(|(i, from)| (*from, self.lower.get(i + 1).map(|next| next - 1))).collect()
    }
}

/// One prefecture's figure, as the page has it.
pub struct Figure {
    /// JIS X 0401 code.
    pub code: i64,
    /// The figure the map shades by; `None` for no figure (drawn hatched).
    pub value: Option<u64>,
    /// What pointing at the prefecture tells: its name and figure, in the reader's language.
    pub title: String,
    /// The prefecture's page, or a filter by it, where there is one.
    pub href: Option<String>,
}

/// What the map says, in the reader's language.
pub struct Labels {
    /// The map's accessible name: what it shows.
    pub name: String,
    /// The id of the element that says which table holds the same figures.
    pub described_by: &'static str,
    /// The legend's heading.
    pub legend: String,
    /// The legend's entry for no figure.
    pub none: String,
    /// The reader's language, for the name of a prefecture the page gave no figure.
    pub language: Language,
}

/// A prefecture as the template draws it.
pub struct Area {
    pub code: u8,
    pub path: &'static str,
    /// Its look: a class's, or no figure's.
    pub look: &'static str,
    /// Its class (for tests and styles); none without a figure.
    pub class: Option<usize>,
    pub value: Option<u64>,
    pub title: String,
    pub href: Option<String>,
}

/// One entry of the legend.
pub struct Key {
    pub look: &'static str,
    pub label: String,
}

/// A map ready for `templates/shell/map.html`.
pub struct MapView {
    /// Whether any prefecture links somewhere: the SVG is then a named group of links (a
    /// picture, `role="img"`, may hold nothing interactive), otherwise a picture.
    pub linked: bool,
    pub name: String,
    pub described_by: &'static str,
    pub width: u32,
    pub height: u32,
    pub inset: Frame,
    pub areas: Vec<Area>,
    pub legend: String,
    pub keys: Vec<Key>,
}

/// A prefecture's name in the reader's language (Japanese for a Japanese reader, English
/// otherwise: the reference data holds those two).
pub fn prefecture_name(code: i64, language: Language) -> String {
    domain::geography::place_name(&format!("{code:02}"), language == Language::Ja).unwrap_or_else(|| code.to_string())
}

/// The map of the figures, shaded by `scale`, with `band` naming each class's bounds in the
/// legend (from, up to; open-ended for the last). `None` when the outlines did not parse.
pub fn draw(
    labels: Labels,
    scale: &Scale,
    figures: Vec<Figure>,
    band: impl Fn(u64, Option<u64>) -> String,
) -> Option<MapView> {
    let drawing = drawing()?;
    let mut figures: Vec<Option<Figure>> = figures.into_iter().map(Some).collect();
    let areas: Vec<Area> = drawing
        .shapes
        .iter()
        .map(|shape| {
            let figure = figures.iter_mut().find(|f| f.as_ref().is_some_and(|f| f.code == i64::from(shape.code)));
            let (value, title, href) = match figure.and_then(Option::take) {
                Some(f) => (f.value, f.title, f.href),
                None => (None, prefecture_name(shape.code.into(), labels.language), None),
            };
            let class = value.map(|v| scale.class(v));
            Area {
                code: shape.code,
                path: &shape.path,
                look: class.map_or(NONE, |c| scale.look(c)),
                class,
                value,
                title,
                href,
            }
        })
        .collect();
    let mut keys: Vec<Key> = scale
        .bands()
        .into_iter()
        .enumerate()
        .map(|(i, (from, to))| Key { look: scale.look(i), label: band(from, to) })
        .collect();
    keys.push(Key { look: NONE, label: labels.none });
    Some(MapView {
        linked: areas.iter().any(|a| a.href.is_some()),
        name: labels.name,
        described_by: labels.described_by,
        width: drawing.width,
        height: drawing.height,
        inset: drawing.inset,
        areas,
        legend: labels.legend,
        keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use askama::Template;

    #[derive(Template)]
    #[template(source = "{% include \"shell/map.html\" %}", ext = "html")]
    struct Page {
        map: MapView,
    }

    fn labels() -> Labels {
        Labels {
            name: "Map".to_owned(),
            described_by: "figures-caption",
            legend: "Legend".to_owned(),
            none: "none".to_owned(),
            language: Language::En,
        }
    }

    fn figure(code: i64, value: Option<u64>) -> Figure {
        Figure { code, value, title: format!("{code}"), href: None }
    }

    #[test]
    fn the_shipped_outlines_parse_into_47_prefectures() {
        let drawing = drawing().expect("the outlines parse");
        assert_eq!(drawing.shapes.len(), 47);
        let codes: Vec<u8> = drawing.shapes.iter().map(|s| s.code).collect();
        assert_eq!(codes, (1..=47).collect::<Vec<u8>>());
        assert!(drawing.shapes.iter().all(|s| s.path.starts_with('M') && s.path.ends_with('z') && s.path.len() > 20));
        // Japan is taller than wide once the longitude is scaled; a map of a sane size.
        assert!(drawing.height > drawing.width && drawing.width > 800 && drawing.height < 2000);
    }

    #[test]
    fn a_file_that_does_not_parse_is_an_error_not_a_panic() {
        assert!(project("{").is_err());
        assert!(project(r#"{"prefectures":[{"code":1,"outline":[[140,43]]}]}"#).is_err());
    }

    /// The points a path visits, absolute.
    fn points(path: &str) -> Vec<(i64, i64)> {
        let mut out: Vec<(i64, i64)> = Vec::new();
        for part in path.trim_end_matches('z').split(['M', 'l']).filter(|p| !p.is_empty()) {
            let mut n = part.split(' ').map(|v| v.parse::<i64>().expect("a number"));
            let (dx, dy) = (n.next().expect("x"), n.next().expect("y"));
            let (x, y) = out.last().copied().unwrap_or((0, 0));
            out.push((x + dx, y + dy));
        }
        out
    }

    fn bounds(path: &str) -> (i64, i64, i64, i64) {
        let p = points(path);
        let xs = p.iter().map(|q| q.0);
        let ys = p.iter().map(|q| q.1);
        (xs.clone().min().unwrap_or(0), xs.max().unwrap_or(0), ys.clone().min().unwrap_or(0), ys.max().unwrap_or(0))
    }

    #[test]
    fn okinawa_is_drawn_inside_the_inset_and_nothing_else_is() {
        let d = drawing().expect("the outlines parse");
        let f = d.inset;
        let inside = |(x0, x1, y0, y1): (i64, i64, i64, i64)| {
            x0 >= i64::from(f.x)
                && x1 <= i64::from(f.x + f.width)
                && y0 >= i64::from(f.y)
                && y1 <= i64::from(f.y + f.height)
        };
        let overlaps = |(x0, x1, y0, y1): (i64, i64, i64, i64)| {
            x0 < i64::from(f.x + f.width)
                && x1 > i64::from(f.x)
                && y0 < i64::from(f.y + f.height)
                && y1 > i64::from(f.y)
        };
        for s in &d.shapes {
            let b = bounds(&s.path);
            assert!(
                b.0 >= 0 && b.1 <= i64::from(d.width) && b.2 >= 0 && b.3 <= i64::from(d.height),
                "{} on the map",
                s.code
            );
            if s.code == OKINAWA {
                assert!(inside(b), "Okinawa in its box: {b:?} {f:?}");
            } else {
                assert!(!overlaps(b), "prefecture {} clear of the inset", s.code);
            }
        }
        // North is up: Hokkaido above Kagoshima; east is right: Tokyo right of Fukuoka.
        let at = |code: u8| bounds(&d.shapes[usize::from(code) - 1].path);
        assert!(at(1).3 < at(46).2);
        assert!(at(13).0 > at(40).1);
    }

    #[test]
    fn classes_never_fall_as_the_figure_rises() {
        let values: Vec<u64> = (0..47).map(|i| (i * i * 7 + 3) % 211).collect();
        for scale in [Scale::of(values.clone()), Scale::fixed(&[0, 50, 75, 90, 100]), Scale::of([4, 4, 4])] {
            let mut last = 0;
            for v in 0..1000 {
                let c = scale.class(v);
                assert!(c >= last, "{scale:?}: {v} is in class {c}, below {last}");
                last = c;
            }
            // Each band's bounds hold exactly its class.
            for (i, (from, to)) in scale.bands().into_iter().enumerate() {
                assert_eq!(scale.class(from), i);
                if let Some(to) = to {
                    assert_eq!(scale.class(to), i);
                    assert_eq!(scale.class(to + 1), i + 1);
                }
            }
            // And darker for more: the looks go along the scale's order.
            let looks: Vec<usize> = (0..scale.bands().len())
                .map(|c| CLASSES.iter().position(|l| *l == scale.look(c)).unwrap_or(99))
                .collect();
            assert!(looks.windows(2).all(|w| w[0] < w[1]), "{looks:?}");
        }
        let scale = Scale::of(values);
        assert_eq!(scale.bands().len(), 5);
        assert_eq!(scale.bands()[0].0, 1, "the first class starts above nothing");
        assert_eq!(Scale::of([0, 0]).bands(), vec![(1, None)]);
        // No empty first class: the least figure is 2, the first class 1–3, not "1".
        let twos = Scale::of([2, 2, 2, 3, 4, 5, 6, 8, 9, 10, 12, 20]);
        assert_eq!(twos.bands()[0], (1, Some(3)));
        assert_eq!(round_down(37), 35);
        assert_eq!(round_down(1234), 1000);
        assert_eq!(round_down(7), 7);
    }

    #[test]
    fn every_prefecture_is_drawn_and_shaded_by_its_figure() {
        let figures: Vec<Figure> = (1..=47).map(|c| figure(c, if c == 13 { None } else { Some(c as u64) })).collect();
        let scale = Scale::of(figures.iter().filter_map(|f| f.value));
        let map = draw(labels(), &scale, figures, |from, to| format!("{from}-{to:?}")).expect("a map");
        assert_eq!(map.areas.len(), 47);
        assert_eq!(map.areas[12].look, NONE);
        assert_eq!(map.areas[12].class, None);
        assert_eq!(map.areas[0].look, CLASSES[0]);
        assert_eq!(map.areas[46].look, CLASSES[4]);
        assert_eq!(map.keys.len(), 6);
        assert_eq!(map.keys[5].look, NONE);
        assert_eq!(map.keys[0].label, format!("1-Some({})", scale.bands()[1].0 - 1));
    }

    #[test]
    fn the_svg_has_47_named_prefectures_and_escapes_their_text() {
        let mut figures: Vec<Figure> = (1..=47).map(|c| figure(c, Some(c as u64))).collect();
        figures[27].title = "Hyogo <script>alert(1)</script> & co".to_owned();
        figures[27].href = Some("/placement/requests?year=2027&prefecture=28".to_owned());
        let scale = Scale::of(figures.iter().filter_map(|f| f.value));
        let map = draw(labels(), &scale, figures, |from, _| format!("<b>{from}</b>")).expect("a map");
        let html = Page { map }.render().expect("renders");
        assert_eq!(html.matches("<path ").count(), 47);
        assert_eq!(html.matches("<title").count(), 48, "the map's name and one per prefecture");
        assert!(html.contains(r#"role="group""#) && html.contains(r#"aria-describedby="figures-caption""#));
        assert!(html.contains("Hyogo &#60;script&#62;alert(1)&#60;/script&#62; &#38; co"), "{html}");
        assert!(!html.contains("<script>") && !html.contains("<b>"));
        assert!(html.contains(r#"href="/placement/requests?year=2027&#38;prefecture=28""#));
        assert!(html.contains(r#"class="map-inset""#));
        // Without links, a picture.
        let figures: Vec<Figure> = (1..=47).map(|c| figure(c, Some(c as u64))).collect();
        let map = draw(labels(), &Scale::fixed(&[0, 10]), figures, |from, _| format!("{from}")).expect("a map");
        let html = Page { map }.render().expect("renders");
        assert!(html.contains(r#"role="img""#) && !html.contains("<a "));
    }
}
