//! Layers in the app: other datasets on the timeline's axis, each loaded,
//! watched and reloaded on its own ([`DatasetLoading`] with the layer's
//! key), merged with what shows on the load's worker
//! ([`crate::model::put`]), and removed or moved by a job that merges the
//! layers again.
//!
//! The session on screen is the basis every merge starts from. A merge
//! started from a session that has been replaced since (two layers reloaded
//! at once) is out of date: it is made again from the new one, so no
//! layer's change is lost.

use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui;

use super::TimelineApp;
use super::loading::{Basis, DatasetLoading, LoadOutcome, LoadReason};
use super::session::{Derived, derive_layers};
use crate::jobs::Job;
use crate::load::{ImportOptions, Loaded};

/// A change to the layers that loads nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LayerChange {
    Remove(u32),
    /// One place up (towards the top) or down.
    Move {
        key: u32,
        up: bool,
    },
}

/// A [`LayerChange`] being merged on a worker.
pub(super) struct LayerJob {
    change: LayerChange,
    basis: Arc<crate::model::Dataset>,
    job: Job<Derived>,
}

/// The datasets shown as layers besides the first, each with its loading.
#[derive(Default)]
pub(super) struct LayerLoadings {
    pub loadings: Vec<DatasetLoading>,
    /// The key the next layer gets.
    next_key: u32,
    job: Option<LayerJob>,
    /// Changes asked for while a job ran, made in order after it.
    queued: std::collections::VecDeque<LayerChange>,
}

impl LayerLoadings {
    /// A key no layer has had.
    fn new_key(&mut self) -> u32 {
        self.next_key = self.next_key.max(1);
        let key = self.next_key;
        self.next_key += 1;
        key
    }

    pub fn get_mut(&mut self, key: u32) -> Option<&mut DatasetLoading> {
        self.loadings.iter_mut().find(|l| l.key() == key)
    }

    pub fn get(&self, key: u32) -> Option<&DatasetLoading> {
        self.loadings.iter().find(|l| l.key() == key)
    }

    /// Whether a layer is loading or being merged.
    pub fn busy(&self) -> bool {
        self.job.is_some()
            || !self.queued.is_empty()
            || self.loadings.iter().any(DatasetLoading::loading)
    }

    /// For tests: blocks until a layer's load, a merge or a file event.
    pub fn wait(&mut self, timeout: std::time::Duration) -> bool {
        if let Some(job) = &mut self.job {
            return job.job.wait(timeout);
        }
        match self.loadings.iter_mut().find(|l| l.loading()) {
            Some(loading) => loading.wait(timeout),
            None => false,
        }
    }
}

impl TimelineApp {
    /// The app showing `base` with `layers` below it on the same axis, as
    /// the command line loaded them; each layer is watched and reloads on
    /// its own.
    pub fn from_layers(base: Loaded, layers: Vec<Loaded>) -> Self {
        if layers.is_empty() {
            return Self::from_loaded(base);
        }
        let mut base = base;
        let mut parts = vec![(0, std::mem::take(&mut base.dataset))];
        let mut loadings = LayerLoadings::default();
        for mut layer in layers {
            let key = loadings.new_key();
            parts.push((key, std::mem::take(&mut layer.dataset)));
            loadings.loadings.push(DatasetLoading::loaded_layer(
                key,
                layer.origin,
                layer.import,
                layer.warnings,
                layer.omitted_warnings,
            ));
        }
        let (merged, merged_layers) = crate::model::merge(parts);
        let mut app = Self::from_loaded(base);
        let derived = derive_layers(merged, merged_layers);
        app.session = super::session::Session::new(derived);
        app.layer_loadings = loadings;
        app.share_basis();
        app
    }

    /// The dataset on screen, for the next merge.
    fn basis(&self) -> Basis {
        Basis {
            dataset: Arc::clone(&self.session.data.dataset),
            layers: Arc::clone(&self.session.data.layers),
        }
    }

    /// Tells every loading what shows now: their next loads merge with it.
    pub(super) fn share_basis(&mut self) {
        let basis = self.basis();
        self.loading.set_basis(basis.clone());
        for loading in &mut self.layer_loadings.loadings {
            loading.set_basis(basis.clone());
        }
    }

    /// Opens a dataset as a new layer below the others.
    /// `None`: the built-in dataset.
    pub(super) fn add_layer(
        &mut self,
        ctx: &egui::Context,
        path: Option<PathBuf>,
        import: ImportOptions,
    ) {
        let key = self.layer_loadings.new_key();
        let origin = path
            .clone()
            .map_or(crate::load::Origin::BuiltIn, crate::load::Origin::File);
        let mut loading = DatasetLoading::for_layer(key, origin, import.clone());
        loading.set_basis(self.basis());
        loading.start_load(ctx, path, import, LoadReason::Open);
        self.layer_loadings.loadings.push(loading);
    }

    /// Removes a layer or moves it, on a worker; after the changes asked
    /// for before it, in order.
    pub(super) fn change_layers(&mut self, ctx: &egui::Context, change: LayerChange) {
        self.layer_loadings.queued.push_back(change);
        if self.layer_loadings.job.is_none() {
            self.next_layer_change(ctx);
        }
    }

    /// Starts the first queued change, from what shows now.
    fn next_layer_change(&mut self, ctx: &egui::Context) {
        let Some(change) = self.layer_loadings.queued.pop_front() else {
            return;
        };
        let basis = self.basis();
        let dataset = Arc::clone(&basis.dataset);
        let job = Job::spawn("layers", ctx, move |_| {
            let (merged, layers) = match change {
                LayerChange::Remove(key) => {
                    crate::model::remove(&basis.dataset, &basis.layers, key)
                }
                LayerChange::Move { key, up } => {
                    crate::model::moved(&basis.dataset, &basis.layers, key, up)
                }
            };
            drop(basis);
            derive_layers(merged, layers)
        });
        self.layer_loadings.job = Some(LayerJob {
            change,
            basis: dataset,
            job,
        });
    }

    /// The layers' loads and merges that finished, swapped in.
    pub(super) fn poll_layers(&mut self, ctx: &egui::Context) {
        let showing = self.session.data.dataset.title.clone();
        let mut outcomes = Vec::new();
        for loading in &mut self.layer_loadings.loadings {
            let polled = loading.poll(ctx, &showing);
            if let Some(outcome) = polled.loaded {
                outcomes.push((loading.key(), outcome));
            }
        }
        for (key, outcome) in outcomes {
            self.layer_loaded(ctx, key, outcome);
        }
        let finished = self
            .layer_loadings
            .job
            .as_mut()
            .and_then(|job| job.job.poll());
        if let Some(result) = finished
            && let Some(job) = self.layer_loadings.job.take()
        {
            match result {
                Ok(derived) if Arc::ptr_eq(&job.basis, &self.session.data.dataset) => {
                    if let LayerChange::Remove(key) = job.change {
                        self.layer_loadings.loadings.retain(|l| l.key() != key);
                    }
                    self.swap_in_layers(ctx, derived);
                }
                // Out of date (a layer reloaded meanwhile): made again from
                // what shows now, first. The stale merge is freed off the
                // UI thread.
                Ok(stale) => {
                    let _ = crate::jobs::detach("free-merge", move || drop(stale));
                    self.layer_loadings.queued.push_front(job.change);
                }
                Err(_) => self
                    .notices
                    .post(super::notices::Notice::error("Could not change the layers")),
            }
            let basis = job.basis;
            let _ = crate::jobs::detach("free-merge", move || drop(basis));
            self.next_layer_change(ctx);
        }
    }

    /// Whether the dataset on screen has the layer of this key.
    pub(super) fn shows_layer(&self, key: u32) -> bool {
        self.session.data.layers.position_of_key(key).is_some()
    }

    /// Whether a finished load was merged with a dataset that is no longer
    /// on screen. The dataset it was merged with may be the one a swap is
    /// about to replace: its last reference is let go off the UI thread.
    pub(super) fn merged_out_of_date(&self, outcome: &mut LoadOutcome) -> bool {
        let basis = outcome.basis.take();
        let current = &self.session.data.dataset;
        let stale = basis
            .as_ref()
            .is_some_and(|basis| !Arc::ptr_eq(basis, current));
        let _ = crate::jobs::detach("free-merge", move || drop(basis));
        stale
    }

    /// A layer's load finished: swapped in, unless another change was
    /// swapped in since it started, when it loads again over that.
    fn layer_loaded(&mut self, ctx: &egui::Context, key: u32, mut outcome: LoadOutcome) {
        if self.merged_out_of_date(&mut outcome) {
            let basis = self.basis();
            if let Some(loading) = self.layer_loadings.get_mut(key) {
                loading.set_basis(basis);
                let path = super::dataset::origin_path(&outcome.loaded.origin).map(Into::into);
                let import = outcome.loaded.import.clone();
                loading.start_load(ctx, path, import, outcome.reason);
            }
            // A million events' merge is freed off the UI thread.
            let _ = crate::jobs::detach("free-merge", move || drop(outcome));
            return;
        }
        self.swap_in_layers(ctx, outcome.derived);
    }

    /// Swaps in a merge of the layers, keeping what the user set up.
    fn swap_in_layers(&mut self, ctx: &egui::Context, derived: Derived) {
        let session = super::session::Session::reloaded(derived, self.session.carry_over());
        self.replace_session(ctx, session);
    }
}
