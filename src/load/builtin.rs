//! The dataset compiled into the binary, so the app runs from any directory.

/// How the built-in dataset is named in messages.
pub(crate) const BUILTIN_NAME: &str = "built-in:syria-2011-2016";

/// The built-in dataset's files, in folder form: `(file name, text)`.
pub(crate) fn builtin_files() -> [(&'static str, &'static str); 5] {
    [
        (
            "dataset.ron",
            include_str!("../../assets/datasets/syria-2011-2016/dataset.ron"),
        ),
        (
            "events.ron",
            include_str!("../../assets/datasets/syria-2011-2016/events.ron"),
        ),
        (
            "quotes.ron",
            include_str!("../../assets/datasets/syria-2011-2016/quotes.ron"),
        ),
        (
            "displacement.ron",
            include_str!("../../assets/datasets/syria-2011-2016/displacement.ron"),
        ),
        (
            "views.ron",
            include_str!("../../assets/datasets/syria-2011-2016/views.ron"),
        ),
    ]
}
