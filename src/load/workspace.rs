//! Workspace files: a set of layers saved as a small RON file, opened as
//! one (`conflict-timeline WORKSPACE.ron`). Documented in
//! `docs/workspace-format.md`.
//!
//! The top-level struct is named `Workspace`, so a workspace is never read
//! as a dataset (`Dataset(…)`) nor a dataset as a workspace. Each layer
//! names its dataset by a path, relative to the workspace file's folder
//! (or absolute), with the import options of a conflict event file; a layer
//! without a path is the built-in dataset.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Diagnostic, ImportOptions, LineCol, LoadError, Place, Problem, read_failure};
use crate::model::Date;

/// The workspace format version this build reads and writes.
const WORKSPACE_FORMAT: i64 = 1;

/// The largest workspace file read: a list of paths is far smaller.
const MAX_WORKSPACE_BYTES: u64 = 1024 * 1024;

/// How far into a `.ron` file [`is_workspace_file`] looks for the name.
const SNIFF_BYTES: usize = 4096;

/// The layers of a workspace, in order: the first is drawn on top.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workspace {
    pub layers: Vec<WorkspaceLayer>,
}

/// One layer: its dataset (`None`: the built-in one) and its import
/// options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceLayer {
    pub path: Option<PathBuf>,
    pub import: ImportOptions,
}

/// The file as written.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename = "Workspace", deny_unknown_fields)]
struct WorkspaceFile {
    format: i64,
    layers: Vec<LayerEntry>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename = "Layer", deny_unknown_fields)]
struct LayerEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    countries: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group_by: Option<String>,
}

/// Whether `path` is a workspace file: a regular `.ron` file whose first
/// item is named `Workspace`. Never blocks on a pipe.
pub fn is_workspace_file(path: &Path) -> bool {
    use std::io::Read as _;
    let ron = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    if !ron || !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    if file
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .is_err()
    {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    first_name(&text) == Some("Workspace")
}

/// The name the text's first item starts with, after white space and
/// comments.
fn first_name(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(line) = rest.strip_prefix("//") {
            rest = line.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(block) = rest.strip_prefix("/*") {
            rest = block.split_once("*/").map_or("", |(_, after)| after);
        } else if let Some(attribute) = rest.strip_prefix("#![") {
            // `#![enable(implicit_some)]`
            rest = attribute.split_once(']').map_or("", |(_, after)| after);
        } else {
            break;
        }
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

fn error_at(file: &str, position: Option<LineCol>, problem: Problem) -> LoadError {
    LoadError {
        diagnostics: vec![Diagnostic {
            place: Place {
                file: Arc::from(file),
                position,
            },
            problem,
        }],
        ..LoadError::default()
    }
}

/// Reads a workspace file; its layers' relative paths are made relative to
/// the file's folder.
pub fn read_workspace(path: &Path) -> Result<Workspace, LoadError> {
    let display = path.display().to_string();
    let io_error = |error: &std::io::Error| {
        error_at(
            &display,
            None,
            Problem::Io {
                path: display.clone(),
                message: read_failure(path, error),
            },
        )
    };
    let metadata = std::fs::metadata(path).map_err(|e| io_error(&e))?;
    if !metadata.is_file() || metadata.len() > MAX_WORKSPACE_BYTES {
        return Err(error_at(
            &display,
            None,
            Problem::Syntax {
                message: format!(
                    "not a workspace file: a workspace is a .ron file of at most {} KiB",
                    MAX_WORKSPACE_BYTES / 1024
                ),
            },
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| io_error(&e))?;
    let folder = crate::replace::parent_folder(path);
    parse_workspace(&display, &text, &folder)
}

/// Parses a workspace's text; `folder` is what relative paths are relative
/// to.
pub fn parse_workspace(file: &str, text: &str, folder: &Path) -> Result<Workspace, LoadError> {
    let parsed: WorkspaceFile = super::parse::ron_options()
        .from_str(text)
        .map_err(|error| {
            let position = LineCol {
                line: error.span.start.line,
                column: error.span.start.col,
            };
            error_at(
                file,
                Some(position),
                Problem::Syntax {
                    message: format!(
                        "{} (a workspace is `Workspace(format: 1, layers: [(path: \"…\"), …])`)",
                        error.code
                    ),
                },
            )
        })?;
    let whole = |message: String| error_at(file, None, Problem::Syntax { message });
    if parsed.format != WORKSPACE_FORMAT {
        return Err(whole(format!(
            "workspace format {} is not one this version reads; write `format: {WORKSPACE_FORMAT}`",
            parsed.format
        )));
    }
    if parsed.layers.is_empty() {
        return Err(whole(
            "a workspace names at least one layer: `layers: [(path: \"my-dataset\")]`".to_owned(),
        ));
    }
    let layers = parsed
        .layers
        .into_iter()
        .map(|entry| WorkspaceLayer {
            path: entry.path.map(|p| {
                let path = PathBuf::from(p);
                if path.is_relative() {
                    folder.join(path)
                } else {
                    path
                }
            }),
            import: ImportOptions {
                countries: entry.countries,
                from: entry.from,
                to: entry.to,
                group_by: entry.group_by,
            },
        })
        .collect();
    Ok(Workspace { layers })
}

/// The text of a workspace file in `folder`: paths under it written
/// relative to it, so the folder can move whole.
pub fn workspace_text(workspace: &Workspace, folder: &Path) -> String {
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_owned());
    let layers = workspace
        .layers
        .iter()
        .map(|layer| LayerEntry {
            path: layer.path.as_ref().map(|path| {
                let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                path.strip_prefix(&folder)
                    .map_or(path.as_path(), |relative| relative)
                    .display()
                    .to_string()
            }),
            countries: layer.import.countries.clone(),
            from: layer.import.from,
            to: layer.import.to,
            group_by: layer.import.group_by.clone(),
        })
        .collect();
    let file = WorkspaceFile {
        format: WORKSPACE_FORMAT,
        layers,
    };
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let body = ron::ser::to_string_pretty(&file, config).unwrap_or_default();
    format!("// A conflict-timeline workspace: the layers to open, the first on top.\n{body}\n")
}

/// Writes a workspace file whole or not at all: beside it first, then
/// renamed over it.
pub fn write_workspace(path: &Path, workspace: &Workspace) -> std::io::Result<()> {
    use std::io::Write as _;
    let folder = crate::replace::parent_folder(path);
    let text = workspace_text(workspace, &folder);
    crate::replace::replace_file(path, |file| file.write_all(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_round_trips_with_paths_relative_to_its_folder() {
        let folder = tempfile::tempdir().unwrap();
        let data = folder.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let workspace = Workspace {
            layers: vec![
                WorkspaceLayer::default(),
                WorkspaceLayer {
                    path: Some(data.clone()),
                    import: ImportOptions {
                        countries: vec!["Syria".to_owned()],
                        from: Date::parse("2016").ok(),
                        to: None,
                        group_by: Some("dyad".to_owned()),
                    },
                },
            ],
        };
        let file = folder.path().join("work.ron");
        write_workspace(&file, &workspace).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("Workspace("), "{text}");
        assert!(text.contains("path: \"data\""), "relative: {text}");
        assert!(is_workspace_file(&file));
        let read = read_workspace(&file).unwrap();
        assert_eq!(read.layers[0], WorkspaceLayer::default());
        let layer = &read.layers[1];
        assert_eq!(
            std::fs::canonicalize(layer.path.as_ref().unwrap()).unwrap(),
            std::fs::canonicalize(&data).unwrap()
        );
        assert_eq!(layer.import, workspace.layers[1].import);
        // Nothing but the file is left in the folder.
        let names: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
        assert_eq!(names.len(), 2);
    }

    #[test]
    fn a_dataset_is_not_a_workspace_and_a_bad_workspace_says_where() {
        let folder = tempfile::tempdir().unwrap();
        let dataset = folder.path().join("d.ron");
        std::fs::write(&dataset, "// a dataset\nDataset(format: 1, title: \"x\")").unwrap();
        assert!(!is_workspace_file(&dataset));
        assert!(!is_workspace_file(folder.path()));
        let error = parse_workspace(
            "w.ron",
            "Workspace(\n  format: 1,\n  layers: [(paht: \"x\")],\n)",
            folder.path(),
        )
        .unwrap_err();
        let first = error.diagnostics[0].to_string();
        assert!(first.starts_with("w.ron:3:"), "{first}");
        assert!(first.contains("paht"), "{first}");
        let error = parse_workspace("w.ron", "Workspace(format: 1, layers: [])", folder.path())
            .unwrap_err();
        assert!(
            error.diagnostics[0]
                .to_string()
                .contains("at least one layer")
        );
        let error = parse_workspace("w.ron", "Dataset(format: 1, layers: [()])", folder.path())
            .unwrap_err();
        assert!(
            error.diagnostics[0].to_string().contains("Workspace"),
            "{error:?}"
        );
        assert_eq!(first_name("/* c */ // d\n  Workspace("), Some("Workspace"));
        assert_eq!(
            first_name("#![enable(implicit_some)]\nWorkspace("),
            Some("Workspace")
        );
    }
}
