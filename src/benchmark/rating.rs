//! Red/Amber/Green ratings, direction of travel, ranks and quartile bands (SPEC §6).
//!
//! Every comparison is made on values rounded to the indicator's published decimals, so a
//! rating always agrees with the figures a reader sees side by side.

use serde::Serialize;

use crate::indicators::definition::Polarity;

/// A Red/Amber/Green rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Rag {
    Red,
    Amber,
    Green,
}

/// Direction of travel against the previous period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Improving,
    Stable,
    Worsening,
}

/// How the previous and the current value must differ before the direction is not "stable".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StableBand {
    /// For percentages: a change of at most this many percentage points is stable.
    pub points: f64,
    /// For counts, rates and medians: a change of at most this percentage of the previous
    /// value is stable.
    pub percent: f64,
}

impl Default for StableBand {
    fn default() -> StableBand {
        StableBand {
            points: 1.0,
            percent: 5.0,
        }
    }
}

/// Rounds to `decimals` places, as the figure is shown.
pub fn rounded(value: f64, decimals: u8) -> f64 {
    let scale = 10f64.powi(i32::from(decimals));
    (value * scale).round() / scale
}

/// Whether `a` is at least as good as `b` under `polarity`; `None` for neutral indicators.
fn on_or_better(a: f64, b: f64, polarity: Polarity) -> Option<bool> {
    match polarity {
        Polarity::Higher => Some(a >= b),
        Polarity::Lower => Some(a <= b),
        Polarity::Neutral => None,
    }
}

/// Green when on or better than both the target and England, Red when worse than both,
/// Amber otherwise. With only one of the two, the rating is against that one (Green or
/// Red); with neither, or for a neutral indicator, there is no rating.
pub fn rag(
    value: Option<f64>,
    target: Option<f64>,
    england: Option<f64>,
    polarity: Polarity,
    decimals: u8,
) -> Option<Rag> {
    let value = rounded(value?, decimals);
    let verdicts: Vec<bool> = [target, england]
        .into_iter()
        .flatten()
        .map(|c| on_or_better(value, rounded(c, decimals), polarity))
        .collect::<Option<Vec<bool>>>()?;
    match (
        verdicts.iter().all(|v| *v),
        verdicts.iter().any(|v| *v),
        verdicts.is_empty(),
    ) {
        (_, _, true) => None,
        (true, _, _) => Some(Rag::Green),
        (_, false, _) => Some(Rag::Red),
        _ => Some(Rag::Amber),
    }
}

/// Improving, stable or worsening from `previous` to `current`, by polarity; `None` when
/// either is missing or the indicator is neutral.
pub fn direction(
    current: Option<f64>,
    previous: Option<f64>,
    polarity: Polarity,
    is_percentage: bool,
    band: StableBand,
    decimals: u8,
) -> Option<Direction> {
    let (current, previous) = (rounded(current?, decimals), rounded(previous?, decimals));
    let change = current - previous;
    let tolerance = if is_percentage {
        band.points
    } else {
        band.percent / 100.0 * previous.abs()
    };
    if change.abs() <= tolerance + 1e-9 {
        return match polarity {
            Polarity::Neutral => None,
            _ => Some(Direction::Stable),
        };
    }
    match on_or_better(current, previous, polarity)? {
        true => Some(Direction::Improving),
        false => Some(Direction::Worsening),
    }
}

/// The position of `value` among `others` plus itself, 1 being the best; equal values share
/// a rank ("1, 2, 2, 4"). Returns (rank, how many ranked).
pub fn rank(
    value: f64,
    others: &[f64],
    polarity: Polarity,
    decimals: u8,
) -> Option<(usize, usize)> {
    if polarity == Polarity::Neutral {
        return None;
    }
    let value = rounded(value, decimals);
    let better = others
        .iter()
        .filter(|o| {
            let o = rounded(**o, decimals);
            on_or_better(o, value, polarity).unwrap_or(false) && o != value
        })
        .count();
    Some((better + 1, others.len() + 1))
}

/// The quartile band (1 = the best quarter) of a rank among `count` areas.
pub fn quartile(rank: usize, count: usize) -> Option<u8> {
    if count == 0 || rank == 0 || rank > count {
        return None;
    }
    let band = (4 * rank).div_ceil(count);
    u8::try_from(band.clamp(1, 4)).ok()
}

/// The mean or median of the neighbours' values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SnStat {
    /// The simple mean of the available neighbour values, as DfE's LA interactive tool does.
    #[default]
    Mean,
    Median,
}

impl SnStat {
    /// The statistic of `values`; `None` when there are none.
    pub fn of(self, values: &[f64]) -> Option<f64> {
        if values.is_empty() {
            return None;
        }
        match self {
            SnStat::Mean => Some(values.iter().sum::<f64>() / values.len() as f64),
            SnStat::Median => {
                let mut sorted = values.to_vec();
                sorted.sort_by(f64::total_cmp);
                let mid = sorted.len() / 2;
                Some(if sorted.len() % 2 == 0 {
                    (sorted[mid - 1] + sorted[mid]) / 2.0
                } else {
                    sorted[mid]
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Polarity::{Higher, Lower, Neutral};

    #[test]
    fn rag_follows_polarity_target_and_england() {
        // (value, target, England, polarity, expected)
        let cases = [
            (Some(90.0), Some(85.0), Some(80.0), Higher, Some(Rag::Green)),
            (Some(85.0), Some(85.0), Some(85.0), Higher, Some(Rag::Green)),
            (Some(82.0), Some(85.0), Some(80.0), Higher, Some(Rag::Amber)),
            (Some(79.0), Some(85.0), Some(80.0), Higher, Some(Rag::Red)),
            (Some(4.0), Some(5.0), Some(6.0), Lower, Some(Rag::Green)),
            (Some(5.5), Some(5.0), Some(6.0), Lower, Some(Rag::Amber)),
            (Some(7.0), Some(5.0), Some(6.0), Lower, Some(Rag::Red)),
            (Some(6.0), Some(5.0), Some(6.0), Lower, Some(Rag::Amber)),
            // A missing target: judged against England alone.
            (Some(81.0), None, Some(80.0), Higher, Some(Rag::Green)),
            (Some(79.0), None, Some(80.0), Higher, Some(Rag::Red)),
            // A missing England value: judged against the target alone.
            (Some(4.9), Some(5.0), None, Lower, Some(Rag::Green)),
            (Some(5.1), Some(5.0), None, Lower, Some(Rag::Red)),
            (Some(81.0), None, None, Higher, None),
            (None, Some(5.0), Some(6.0), Lower, None),
            (Some(100.0), Some(5.0), Some(6.0), Neutral, None),
        ];
        for (value, target, england, polarity, expected) in cases {
            assert_eq!(
                rag(value, target, england, polarity, 1),
                expected,
                "{value:?} vs target {target:?}, England {england:?}, {polarity:?}"
            );
        }
    }

    #[test]
    fn a_tie_after_rounding_counts_as_on_target() {
        assert_eq!(
            rag(Some(74.76), None, Some(74.8), Higher, 1),
            Some(Rag::Green)
        );
        assert_eq!(
            rag(Some(74.74), None, Some(74.8), Higher, 1),
            Some(Rag::Red)
        );
    }

    #[test]
    fn direction_of_travel_by_polarity_and_band() {
        let band = StableBand::default();
        // (current, previous, polarity, percentage, expected)
        let cases = [
            (
                Some(65.0),
                Some(81.5),
                Higher,
                true,
                Some(Direction::Worsening),
            ),
            (
                Some(88.8),
                Some(80.0),
                Higher,
                true,
                Some(Direction::Improving),
            ),
            (
                Some(5.3),
                Some(11.3),
                Lower,
                true,
                Some(Direction::Improving),
            ),
            (Some(12.0), Some(11.3), Lower, true, Some(Direction::Stable)),
            (Some(12.3), Some(11.3), Lower, true, Some(Direction::Stable)),
            (
                Some(12.4),
                Some(11.3),
                Lower,
                true,
                Some(Direction::Worsening),
            ),
            (
                Some(420.0),
                Some(400.0),
                Higher,
                false,
                Some(Direction::Stable),
            ),
            (
                Some(421.0),
                Some(400.0),
                Higher,
                false,
                Some(Direction::Improving),
            ),
            (
                Some(421.0),
                Some(400.0),
                Lower,
                false,
                Some(Direction::Worsening),
            ),
            (
                Some(80.0),
                Some(80.0),
                Higher,
                true,
                Some(Direction::Stable),
            ),
            (Some(80.0), None, Higher, true, None),
            (Some(5000.0), Some(4000.0), Neutral, false, None),
        ];
        for (current, previous, polarity, percentage, expected) in cases {
            assert_eq!(
                direction(current, previous, polarity, percentage, band, 1),
                expected,
                "{previous:?} → {current:?} ({polarity:?})"
            );
        }
    }

    #[test]
    fn ranks_share_ties_and_follow_polarity() {
        let others = [85.7, 80.0, 65.0, 90.0];
        assert_eq!(rank(80.0, &others, Higher, 1), Some((3, 5)));
        assert_eq!(rank(80.0, &others, Lower, 1), Some((2, 5)));
        assert_eq!(rank(95.0, &others, Higher, 1), Some((1, 5)));
        assert_eq!(rank(80.0, &others, Neutral, 1), None);
    }

    #[test]
    fn quartile_bands_split_the_ranking_in_four() {
        assert_eq!(quartile(1, 152), Some(1));
        assert_eq!(quartile(38, 152), Some(1));
        assert_eq!(quartile(39, 152), Some(2));
        assert_eq!(quartile(152, 152), Some(4));
        assert_eq!(quartile(0, 152), None);
    }

    #[test]
    fn sn_statistics() {
        assert_eq!(SnStat::Mean.of(&[1.0, 2.0, 6.0]), Some(3.0));
        assert_eq!(SnStat::Median.of(&[6.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(SnStat::Median.of(&[4.0, 1.0, 2.0, 6.0]), Some(3.0));
        assert_eq!(SnStat::Mean.of(&[]), None);
    }
}
