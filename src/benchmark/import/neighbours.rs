//! The statistical-neighbour model files: DfE's April 2021 and May 2025 layouts, and the
//! compact one `lscb reference import` writes.

use super::*;

/// Reads a statistical-neighbour model file in DfE's 2021 or 2025 layout, or the compact one.
pub fn read_neighbour_file(path: &Path) -> Result<NeighbourModel> {
    let source = Source::read(path)?;
    let Kind::Neighbours(_) = &source.kind else {
        bail!(
            "{} is not a statistical-neighbour model file",
            path.display()
        );
    };
    let name = path.display().to_string();
    neighbour_model(&source, &name, &mut FileSummary::default())
}

pub(super) fn neighbour_model(
    source: &Source,
    name: &str,
    summary: &mut FileSummary,
) -> Result<NeighbourModel> {
    if source.kind == Kind::Neighbours("compact".to_string()) {
        let text = std::fs::read_to_string(&source.path)
            .with_context(|| format!("cannot read {}", source.path.display()))?;
        return NeighbourModel::parse(name, &text);
    }
    let code = source
        .column("la num")
        .or_else(|_| source.column("old_la_code"))?;
    let la_name = source
        .column("la name")
        .or_else(|_| source.column("la_name"))?;
    let ranks: Vec<(usize, u8)> = source
        .headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let digits = h.strip_prefix("sn")?.trim_start_matches('_');
            digits.parse::<u8>().ok().map(|rank| (i, rank))
        })
        .collect();
    let mut rows = Vec::new();
    for (position, (_, cells)) in source.rows.iter().enumerate() {
        let cell = |i: usize| cells.get(i).map_or("", |c| c.trim());
        if cell(code).is_empty() || !cell(code).chars().all(|c| c.is_ascii_digit()) {
            summary.skipped.insert(
                "after the model (the Old SNs block)".to_string(),
                source.rows.len() - position,
            );
            break;
        }
        for (column, rank) in &ranks {
            if cell(*column).is_empty() {
                continue;
            }
            rows.push(Neighbour {
                la_code: cell(code).to_string(),
                la_name: cell(la_name).to_string(),
                rank: *rank,
                neighbour_code: cell(*column).to_string(),
                closeness: cell(column + 1).to_string(),
            });
            summary.values += 1;
        }
    }
    Ok(NeighbourModel {
        name: name.to_string(),
        rows,
    })
}
