//! A story as images: every view of the first dataset, in order, as a
//! numbered image in one folder (`01-munich.png`, `02-…`), each drawn as
//! [`ExportSpec::show_view`] shows it.
//!
//! The folder may be new, empty, or a story this program wrote before,
//! which its list file ([`STORY_LIST`]) marks and names the images of.
//! Anything else in it is the user's and is refused, so a story never
//! mixes with other files and never removes one it did not write.
//!
//! A story is written as a whole: every image is rendered first, each into
//! a temporary file of ours in the folder; only when all are ready are they
//! renamed into place (a moment), the list written, and the earlier story's
//! images that this one did not write again removed. A failed or cancelled
//! story changes nothing, and its temporary files go with it; those of a
//! killed one are removed by the next export into the folder.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{ExportControl, ExportError, ExportReport, ExportSpec, ImageFormat, render_export};
use crate::model::{Dataset, plain_id};
use crate::view::TimelineIndex;

/// The file in a story's folder that lists the images it wrote, one name
/// a line: what marks the folder as a story's, and which of its files a
/// new story may replace.
pub const STORY_LIST: &str = ".conflict-timeline-story";

/// The most names a refusal of a folder lists.
const NAMES_SHOWN: usize = 8;

/// The file name of a story's slide: its number from 1, zero-padded to
/// the width of the count (at least two digits), then its view's id made
/// safe for any file system.
pub fn slide_file_name(number: usize, count: usize, id: &str, format: ImageFormat) -> String {
    let width = count.to_string().len().max(2);
    let mut name = crate::load::import::slug(plain_id(id), 48);
    if name.is_empty() {
        name = "view".to_owned();
    }
    format!("{number:0width$}-{name}.{}", format.extension())
}

/// A folder for a story, as found.
#[derive(Debug, PartialEq, Eq)]
pub struct StoryFolder {
    /// The images an earlier story wrote there (that are still there).
    pub earlier: Vec<String>,
    /// The folder was made for this story.
    pub made: bool,
}

/// Makes the story's folder if it is new; refuses a path that is a file,
/// and a folder holding anything but an earlier story (its list and the
/// images it names) and temporary files of ours.
pub fn prepare_story_folder(dir: &Path) -> Result<StoryFolder, ExportError> {
    let write_error = |source| ExportError::Write {
        path: dir.to_owned(),
        source,
    };
    match std::fs::metadata(dir) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => return Err(ExportError::StoryNotAFolder(dir.to_owned())),
        Err(_) => {
            let parent = crate::replace::parent_folder(dir);
            if !parent.is_dir() {
                return Err(ExportError::MissingFolder {
                    path: dir.to_owned(),
                    folder: parent,
                });
            }
            std::fs::create_dir(dir).map_err(write_error)?;
            return Ok(StoryFolder {
                earlier: Vec::new(),
                made: true,
            });
        }
    }
    let listed: Vec<String> = std::fs::read_to_string(dir.join(STORY_LIST))
        .map(|text| {
            text.lines()
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let mut earlier = Vec::new();
    let mut others = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(write_error)? {
        let entry = entry.map_err(write_error)?;
        let name = entry.file_name();
        let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
        match name.to_str() {
            Some(STORY_LIST) => {}
            Some(text) if is_file && listed.iter().any(|l| l == text) => {
                earlier.push(text.to_owned());
            }
            _ if crate::replace::is_ours(&name) => {}
            _ => others.push(name.to_string_lossy().into_owned()),
        }
    }
    if !others.is_empty() {
        others.sort();
        let total = others.len();
        others.truncate(NAMES_SHOWN);
        if total > NAMES_SHOWN {
            others.push(format!("and {} more", total - NAMES_SHOWN));
        }
        return Err(ExportError::NotAStoryFolder {
            path: dir.to_owned(),
            found: others.join(", "),
        });
    }
    earlier.sort();
    Ok(StoryFolder {
        earlier,
        made: false,
    })
}

/// Writes the views at `views` (positions in `dataset.views`) as a story
/// into `dir`: `spec_of(view)` gives each slide's spec. Returns a report
/// per slide, in order.
pub fn export_story(
    dataset: &Dataset,
    index: &TimelineIndex,
    dir: &Path,
    format: ImageFormat,
    views: Range<usize>,
    spec_of: &dyn Fn(usize) -> Result<ExportSpec, ExportError>,
    control: &ExportControl,
) -> Result<Vec<ExportReport>, ExportError> {
    let Some(saved) = dataset.views.get(views.clone()).filter(|v| !v.is_empty()) else {
        return Err(ExportError::NoViews);
    };
    // Every slide's spec is checked before anything is written.
    let specs = views.map(spec_of).collect::<Result<Vec<_>, _>>()?;
    let folder = prepare_story_folder(dir)?;
    let _ = crate::replace::clean_folder(dir, None, None);
    let staged = stage(dataset, index, dir, format, saved, &specs, control);
    let staged = match staged {
        Ok(staged) => staged,
        Err(error) => {
            if folder.made {
                // Emptied as its temporary files went: as if never made.
                let _ = std::fs::remove_dir(dir);
            }
            return Err(error);
        }
    };
    let write_error = |path: &Path| {
        let path = path.to_owned();
        move |source| ExportError::Write { path, source }
    };
    let mut reports = Vec::with_capacity(staged.len());
    for (file, mut report) in staged {
        report.path = dir.join(&report.path);
        file.persist(&report.path)
            .map_err(|error| write_error(&report.path)(error.error))?;
        reports.push(report);
    }
    let names: Vec<String> = reports
        .iter()
        .filter_map(|report| report.path.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    let list = dir.join(STORY_LIST);
    let text = names.join("\n") + "\n";
    crate::replace::replace_file(&list, |file| {
        std::io::Write::write_all(file, text.as_bytes())
    })
    .map_err(write_error(&list))?;
    for old in folder.earlier {
        if !names.contains(&old) {
            let _ = std::fs::remove_file(dir.join(old));
        }
    }
    crate::replace::sync_folder(dir);
    Ok(reports)
}

/// Every slide rendered into a temporary file of ours in `dir`, with its
/// report (its path: the file name it goes to, for now).
fn stage(
    dataset: &Dataset,
    index: &TimelineIndex,
    dir: &Path,
    format: ImageFormat,
    views: &[crate::model::SavedView],
    specs: &[ExportSpec],
    control: &ExportControl,
) -> Result<Vec<(tempfile::NamedTempFile, ExportReport)>, ExportError> {
    let count = views.len();
    let mut staged = Vec::with_capacity(count);
    // Every slide reads the same titles' widths and lanes' events.
    let prepared = super::Prepared::of(dataset, index);
    for (at, (view, spec)) in views.iter().zip(specs).enumerate() {
        let name = slide_file_name(at + 1, count, &view.id, format);
        let (bytes, mut report) = render_export(dataset, index, spec, format, control, &prepared)?;
        let file =
            crate::replace::staged_file(dir, &bytes).map_err(|source| ExportError::Write {
                path: dir.join(&name),
                source,
            })?;
        report.path = PathBuf::from(name);
        staged.push((file, report));
    }
    Ok(staged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slide_names_are_numbered_in_order_and_safe() {
        assert_eq!(
            slide_file_name(1, 9, "munich", ImageFormat::Png),
            "01-munich.png"
        );
        assert_eq!(
            slide_file_name(7, 120, "fall-of-aleppo", ImageFormat::Svg),
            "007-fall-of-aleppo.svg"
        );
        // An id written with anything else is made safe.
        assert_eq!(
            slide_file_name(2, 3, "../Evil Name", ImageFormat::Pdf),
            "02-evil-name.pdf"
        );
        assert_eq!(slide_file_name(3, 3, "", ImageFormat::Png), "03-view.png");
    }

    #[test]
    fn only_an_earlier_story_s_listed_images_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let story = dir.path().join("story");
        let made = prepare_story_folder(&story).unwrap();
        assert_eq!(
            made,
            StoryFolder {
                earlier: Vec::new(),
                made: true
            }
        );
        assert!(story.is_dir());
        // A file the list names is an earlier story's.
        std::fs::write(story.join("01-a.png"), "x").unwrap();
        std::fs::write(story.join(STORY_LIST), "01-a.png\n").unwrap();
        assert_eq!(prepare_story_folder(&story).unwrap().earlier, ["01-a.png"]);
        // One named like a slide but not listed is the user's.
        std::fs::write(story.join("02-intro.png"), "mine").unwrap();
        let error = prepare_story_folder(&story).unwrap_err();
        assert!(error.to_string().contains("02-intro.png"), "{error}");
        let file = dir.path().join("file.png");
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(
            prepare_story_folder(&file),
            Err(ExportError::StoryNotAFolder(_))
        ));
        assert!(matches!(
            prepare_story_folder(&dir.path().join("no/such")),
            Err(ExportError::MissingFolder { .. })
        ));
    }
}
