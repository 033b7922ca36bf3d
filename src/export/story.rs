//! A story as images: every view of a dataset, in order, as a numbered
//! image in one folder (`01-munich.png`, `02-…`), each drawn as
//! [`ExportSpec::show_view`] shows it.
//!
//! The folder may be new, empty, or a story written before: one that holds
//! only such numbered images (and temporary files of ours). Anything else
//! in it is the user's and is refused, so a story never mixes with other
//! files. Each image is written whole or not at all; once every image is
//! written, the earlier story's images that this one did not write again
//! are removed, so the folder holds exactly this story.

use std::path::{Path, PathBuf};

use super::{ExportControl, ExportError, ExportReport, ExportSpec, ImageFormat, export_to_file};
use crate::model::{Dataset, plain_id};
use crate::view::TimelineIndex;

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

/// Whether `name` is a slide's image ([`slide_file_name`]), of any format.
pub fn is_slide_file(name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    let Some((number, id)) = stem.split_once('-') else {
        return false;
    };
    ["png", "svg", "pdf"].contains(&extension)
        && number.len() >= 2
        && number.bytes().all(|b| b.is_ascii_digit())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Makes the story's folder if it is new; refuses a path that is a file or
/// a folder holding anything but an earlier story's images. Returns the
/// images of the earlier story.
pub fn prepare_story_folder(dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
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
            return Ok(Vec::new());
        }
    }
    let mut slides = Vec::new();
    let mut others = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(write_error)? {
        let entry = entry.map_err(write_error)?;
        let name = entry.file_name();
        let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
        match name.to_str() {
            Some(text) if is_file && is_slide_file(text) => slides.push(entry.path()),
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
    slides.sort();
    Ok(slides)
}

/// Writes every view of `dataset` as a slide into `dir`: `spec_of(view)`
/// gives each slide's spec. Returns a report per slide, in order.
pub fn export_story(
    dataset: &Dataset,
    index: &TimelineIndex,
    dir: &Path,
    format: ImageFormat,
    spec_of: &dyn Fn(usize) -> Result<ExportSpec, ExportError>,
    control: &ExportControl,
) -> Result<Vec<ExportReport>, ExportError> {
    let count = dataset.views.len();
    if count == 0 {
        return Err(ExportError::NoViews);
    }
    // Every slide's spec is checked before anything is written.
    let specs = (0..count).map(spec_of).collect::<Result<Vec<_>, _>>()?;
    let earlier = prepare_story_folder(dir)?;
    let mut reports = Vec::with_capacity(count);
    for (at, (view, spec)) in dataset.views.iter().zip(&specs).enumerate() {
        let path = dir.join(slide_file_name(at + 1, count, &view.id, format));
        reports.push(export_to_file(dataset, index, spec, &path, control)?);
    }
    for old in earlier {
        if !reports.iter().any(|report| report.path == old) {
            let _ = std::fs::remove_file(&old);
        }
    }
    crate::replace::sync_folder(dir);
    Ok(reports)
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
        for name in [
            "01-munich.png",
            "007-fall-of-aleppo.svg",
            "02-evil-name.pdf",
        ] {
            assert!(is_slide_file(name), "{name}");
        }
        for name in [
            "1-munich.png",
            "notes.txt",
            "01-Munich.png",
            "01-munich.ron",
            "ab-c.png",
        ] {
            assert!(!is_slide_file(name), "{name}");
        }
    }

    #[test]
    fn a_folder_with_other_files_is_refused_and_an_earlier_story_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let story = dir.path().join("story");
        assert_eq!(prepare_story_folder(&story).unwrap(), Vec::<PathBuf>::new());
        assert!(story.is_dir());
        std::fs::write(story.join("01-a.png"), "x").unwrap();
        assert_eq!(
            prepare_story_folder(&story).unwrap(),
            [story.join("01-a.png")]
        );
        std::fs::write(story.join("notes.txt"), "mine").unwrap();
        let error = prepare_story_folder(&story).unwrap_err();
        assert!(error.to_string().contains("notes.txt"), "{error}");
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
