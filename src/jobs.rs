//! Background work in one place: every job that runs off the UI thread
//! (loading or saving a dataset, exporting or copying an image, a native
//! file dialog) is a [`Job`]. A job runs on a thread named after it, reports
//! its progress and sees a cancel request through its [`JobControl`], and is
//! polled the same way: [`Job::poll`] hands back its value once, or a
//! [`JobFailed`] if the worker panicked or could not start, never a panic
//! on the caller's thread. A finished job asks its egui context for a
//! repaint, so nobody has to poll on a timer to notice it. Besides jobs:
//! a [`Worker`] keeps one thread for a stream of short jobs (the searches
//! as a word is typed), and [`detach`] runs work whose end nobody waits
//! for (freeing a big value).
//!
//! This is the one module allowed to start threads (`std::thread::spawn` is
//! disallowed elsewhere by the clippy configuration); scoped threads that
//! split one computation across cores (`std::thread::scope`) are not
//! background work and stay where they are.
//!
//! Tests hold jobs before they begin with a [`JobHold`], so that what a
//! user can do while a job runs (cancel it, open another dataset) happens
//! in a known order however fast the machine is.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError, sync_channel};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use eframe::egui;

/// Why a job gave no value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum JobFailed {
    /// The worker panicked: a bug, reported instead of passed on.
    #[error("{name} stopped unexpectedly: {message}")]
    Panicked { name: String, message: String },
    /// The system would not start another thread.
    #[error("{name} could not start: {message}")]
    NotStarted { name: String, message: String },
}

/// The answer of a job's work to [`JobControl::check`] after a cancel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// What a job and its owner share: how far the work is and whether it
/// should stop. Work that never reports progress leaves it unknown.
#[derive(Debug)]
pub struct JobControl {
    cancelled: AtomicBool,
    /// Fraction done, in millionths; `NO_PROGRESS` until first reported.
    progress: AtomicU32,
}

const NO_PROGRESS: u32 = u32::MAX;

impl Default for JobControl {
    fn default() -> Self {
        Self {
            cancelled: AtomicBool::new(false),
            progress: AtomicU32::new(NO_PROGRESS),
        }
    }
}

impl JobControl {
    /// Asks the work to stop at its next check.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub(crate) fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once a cancel was asked for: `control.check()?`
    /// between steps of the work.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// The fraction done, 0–1 (0 while the work has not said).
    pub fn progress(&self) -> f32 {
        self.reported_progress().unwrap_or(0.0)
    }

    /// The fraction done, 0–1, once the work has reported any.
    pub(crate) fn reported_progress(&self) -> Option<f32> {
        match self.progress.load(Ordering::Relaxed) {
            NO_PROGRESS => None,
            millionths => Some(millionths as f32 / 1e6),
        }
    }

    /// Records how far the work is, clamped to 0–1.
    pub(crate) fn set_progress(&self, fraction: f32) {
        let fraction = if fraction.is_nan() {
            0.0
        } else {
            fraction.clamp(0.0, 1.0)
        };
        self.progress
            .store((fraction * 1e6) as u32, Ordering::Relaxed);
    }
}

/// What a job's thread spends its time on: its own work (a load, an
/// export), or waiting for someone else (a file dialog's user).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Waits {
    OnWork,
    OnOthers,
}

/// Work running on its own named thread; its value arrives later.
pub(crate) struct Job<T> {
    name: String,
    control: Arc<JobControl>,
    state: State<T>,
}

enum State<T> {
    Running(Receiver<std::thread::Result<T>>),
    /// Finished, its outcome not yet handed out (seen by [`Job::wait`]).
    Ready(Result<T, JobFailed>),
    /// Its outcome was handed out by [`Job::poll`].
    Taken,
}

impl<T> std::fmt::Debug for Job<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            State::Running(_) => "running",
            State::Ready(_) => "ready",
            State::Taken => "taken",
        };
        f.debug_struct("Job")
            .field("name", &self.name)
            .field("state", &state)
            .field("control", &self.control)
            .finish()
    }
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread called `name`. When it is done (or has
    /// panicked) `ctx` is asked for a repaint. A [`JobHold`] on `ctx` keeps
    /// the work from starting until it is released.
    pub fn spawn(
        name: &str,
        ctx: &egui::Context,
        work: impl FnOnce(&JobControl) -> T + Send + 'static,
    ) -> Self {
        Self::spawn_as(name, ctx, Waits::OnWork, work)
    }

    /// [`Self::spawn`] for work that mostly waits (a native file dialog,
    /// the system opening a folder): not counted as background work
    /// ([`background_work_running`]), so the frames beside it go on sharing
    /// their work among the cores.
    pub fn spawn_waiting(
        name: &str,
        ctx: &egui::Context,
        work: impl FnOnce(&JobControl) -> T + Send + 'static,
    ) -> Self {
        Self::spawn_as(name, ctx, Waits::OnOthers, work)
    }

    fn spawn_as(
        name: &str,
        ctx: &egui::Context,
        waits: Waits,
        work: impl FnOnce(&JobControl) -> T + Send + 'static,
    ) -> Self {
        let control = Arc::new(JobControl::default());
        let worker_control = Arc::clone(&control);
        let hold = JobHold::gate_of(ctx);
        let repaint = ctx.clone();
        // Room for the one message, so the worker never waits for a reader.
        let (sender, receiver) = sync_channel(1);
        let body = move || {
            yield_to_the_ui();
            if let Some(gate) = hold {
                gate.wait_open();
            }
            let busy = (waits == Waits::OnWork).then(Busy::start);
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| work(&worker_control)));
            drop(busy);
            // The owner may have dropped the job; then nobody wants it.
            let _ = sender.send(outcome);
            repaint.request_repaint();
        };
        #[allow(clippy::disallowed_methods)] // The one place that spawns.
        let spawned = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(body);
        let state = match spawned {
            // Dropping the handle detaches the thread; its value comes
            // through the channel.
            Ok(_handle) => State::Running(receiver),
            Err(error) => State::Ready(Err(JobFailed::NotStarted {
                name: name.to_owned(),
                message: error.to_string(),
            })),
        };
        Self {
            name: name.to_owned(),
            control,
            state,
        }
    }
}

impl<T> Job<T> {
    /// Progress and cancel, shared with the work.
    pub fn control(&self) -> &JobControl {
        &self.control
    }

    /// The fraction done, 0–1, once the work has reported any.
    #[cfg(test)]
    pub fn progress(&self) -> Option<f32> {
        self.control.reported_progress()
    }

    /// Asks the work to stop; it still finishes (with whatever a cancelled
    /// run of it returns) and is polled as usual.
    pub fn cancel(&self) {
        self.control.cancel();
    }

    /// Whether the work is still running: true until [`Job::poll`] or
    /// [`Job::wait`] has seen it finish.
    #[cfg(test)]
    pub(crate) fn is_running(&self) -> bool {
        matches!(self.state, State::Running(_))
    }

    /// The outcome once the work is done, handed out once: `None` while it
    /// runs and after the outcome was taken.
    pub(crate) fn poll(&mut self) -> Option<Result<T, JobFailed>> {
        self.receive(None);
        match std::mem::replace(&mut self.state, State::Taken) {
            State::Ready(outcome) => Some(outcome),
            other => {
                self.state = other;
                None
            }
        }
    }

    /// Blocks until the work is done or `timeout` has passed; whether it is
    /// done. The outcome stays for [`Job::poll`]. For tests and shutdown,
    /// never for the UI thread.
    pub fn wait(&mut self, timeout: Duration) -> bool {
        self.receive(Some(timeout));
        !matches!(self.state, State::Running(_))
    }

    /// Moves a finished worker's outcome into `Ready`, waiting for it up to
    /// `timeout` if given.
    fn receive(&mut self, timeout: Option<Duration>) {
        let State::Running(receiver) = &self.state else {
            return;
        };
        // `None`: still running; `Some(None)`: gone without an answer.
        let received = match timeout {
            None => match receiver.try_recv() {
                Ok(outcome) => Some(Some(outcome)),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => Some(None),
            },
            Some(timeout) => match receiver.recv_timeout(timeout) {
                Ok(outcome) => Some(Some(outcome)),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(None),
            },
        };
        let Some(received) = received else {
            return;
        };
        let panicked = |message: String| JobFailed::Panicked {
            name: self.name.clone(),
            message,
        };
        self.state = State::Ready(match received {
            Some(Ok(value)) => Ok(value),
            Some(Err(payload)) => Err(panicked(panic_message(payload.as_ref()))),
            // The worker catches its panics, so it can only have gone
            // without sending if unwinding itself failed.
            None => Err(panicked("the worker ended without an answer".to_owned())),
        });
    }
}

/// Polls the job in `slot`, emptying the slot once it has finished.
pub(crate) fn take_finished<T>(slot: &mut Option<Job<T>>) -> Option<Result<T, JobFailed>> {
    let outcome = slot.as_mut()?.poll()?;
    *slot = None;
    Some(outcome)
}

/// Runs `work` on a thread called `name` whose outcome nobody waits for
/// (such as freeing a big value beside the program's exit), below the UI's
/// priority like every job.
pub(crate) fn detach(name: &str, work: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
    #[allow(clippy::disallowed_methods)] // The one place that spawns.
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            yield_to_the_ui();
            UiCore::avoided_by_this_thread().keep_off();
            let _busy = Busy::start();
            work();
        })
        .map(drop)
}

/// Work handed to a [`Worker`].
type WorkerJob = Box<dyn FnOnce() + Send>;

/// One thread kept for a stream of short jobs (a search at every
/// keystroke), which it runs one after another below the UI's priority.
///
/// Why not a thread per job: Linux starts a new thread on the core of the
/// thread that started it, where it takes turns with the UI thread while
/// the other core idles (a scheduler trace showed a keystroke's frame
/// waiting 2–4 ms that way). A thread that has run before wakes on the core
/// it last ran on, or another idle one; and each job keeps off the core the
/// UI's thread draws on ([`note_ui_core`]).
///
/// The thread starts with the first job and ends when the worker is
/// dropped, after the jobs already given to it. A job that panics is the
/// job's end, not the thread's.
pub(crate) struct Worker {
    name: String,
    queue: Option<std::sync::mpsc::Sender<WorkerJob>>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("name", &self.name)
            .field("started", &self.queue.is_some())
            .finish()
    }
}

impl Worker {
    /// A worker whose thread, once started, is called `name`.
    pub(crate) fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            queue: None,
        }
    }

    /// Runs `work` on the worker's thread after the jobs given before it,
    /// starting the thread if need be. An error when the system will not
    /// start a thread; `work` is then dropped unrun.
    pub(crate) fn run(&mut self, work: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
        let mut job: WorkerJob = Box::new(work);
        if let Some(queue) = &self.queue {
            match queue.send(job) {
                Ok(()) => return Ok(()),
                // The thread is gone (only a panic while unwinding a job's
                // panic could end it): a new one takes over.
                Err(std::sync::mpsc::SendError(unsent)) => job = unsent,
            }
        }
        let (sender, receiver) = std::sync::mpsc::channel::<WorkerJob>();
        #[allow(clippy::disallowed_methods)] // The one place that spawns.
        std::thread::Builder::new()
            .name(self.name.clone())
            .spawn(move || {
                yield_to_the_ui();
                let avoiding = UiCore::avoided_by_this_thread();
                while let Ok(job) = receiver.recv() {
                    // The UI's thread may have moved since the last job.
                    avoiding.keep_off();
                    let _busy = Busy::start();
                    // A panic ends its job; the worker goes on to the next.
                    let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
                }
            })?;
        // The receiver lives until the thread ends, so this send succeeds.
        let _ = sender.send(job);
        self.queue = Some(sender);
        Ok(())
    }
}

/// How many cores this machine has (1 when the system will not say).
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Runs `there` on a scoped thread called `name` while `here` runs on this
/// thread, and gives both values: two halves of one computation, one per
/// core. When the system will not start the thread, `there` runs here
/// after `here`; a panic in it is this thread's.
pub(crate) fn beside<A, B: Send>(
    name: &str,
    here: impl FnOnce() -> A,
    there: impl Fn() -> B + Sync,
) -> (A, B) {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn_scoped(scope, &there);
        let a = here();
        let b = match spawned {
            Ok(worker) => worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => there(),
        };
        (a, b)
    })
}

/// Runs `work` for each of `tasks` numbers and gives the results in order:
/// task 0 on this thread, the others each on a scoped thread of its own
/// (one computation split across cores, not background work), or here
/// after task 0 when the system will not start another thread. A panic in
/// a task is this thread's, as it would be on one thread.
pub(crate) fn on_every_core<T: Send>(tasks: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let work = &work;
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..tasks)
            .map(|task| {
                std::thread::Builder::new()
                    .name("part".to_owned())
                    .spawn_scoped(scope, move || work(task))
                    .map_err(|_| task)
            })
            .collect();
        let mut done = Vec::with_capacity(tasks);
        if tasks > 0 {
            done.push(work(0));
        }
        for other in others {
            done.push(match other {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(task) => work(task),
            });
        }
        done
    })
}

/// Runs `work` on each stretch of `stretch` items of `items` (the last may
/// be shorter), given the index of its first item: [`on_every_core`], a
/// stretch a task. For filling or sorting, on every core, one list made on
/// this thread.
pub(crate) fn on_every_core_mut<T: Send>(
    items: &mut [T],
    stretch: usize,
    work: impl Fn(usize, &mut [T]) + Sync,
) {
    let stretch = stretch.max(1);
    // Each task takes its own stretch (a `Fn` cannot hand one out itself).
    let stretches: Vec<Mutex<Option<&mut [T]>>> = items
        .chunks_mut(stretch)
        .map(|chunk| Mutex::new(Some(chunk)))
        .collect();
    on_every_core(stretches.len(), |run| {
        let taken = stretches[run]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(chunk) = taken {
            work(run * stretch, chunk);
        }
    });
}

/// The core the UI's thread drew its last frame on ([`note_ui_core`]);
/// `NO_CORE` until it has drawn one.
#[cfg(target_os = "linux")]
static UI_CORE: AtomicUsize = AtomicUsize::new(NO_CORE);
#[cfg(target_os = "linux")]
const NO_CORE: usize = usize::MAX;

/// How many background threads are at work now: jobs, detached work and
/// workers' jobs ([`background_work_running`]).
static BUSY: AtomicUsize = AtomicUsize::new(0);

/// Notes the core the calling thread, the UI's, runs on: called at the
/// start of every frame, so that work the user does not wait for keeps
/// off it ([`UiCore`]).
pub(crate) fn note_ui_core() {
    #[cfg(target_os = "linux")]
    UI_CORE.store(rustix::thread::sched_getcpu(), Ordering::Relaxed);
}

thread_local! {
    /// Whether this thread's work is counted in [`BUSY`].
    static COUNTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether any background thread other than this one is at work: a job,
/// detached work, or a worker's job. A frame that would split its work
/// across the cores does it on its own thread then: the other cores are
/// taken, and a part handed to one of them waits for the background work's
/// turn to end (4 ms, measured on two cores) before the frame can end.
/// A job does not count itself: an export's layout, alone, still uses
/// every core.
pub(crate) fn background_work_running() -> bool {
    let own = usize::from(COUNTED.get());
    BUSY.load(Ordering::Relaxed) > own
}

/// A background thread at work, counted in [`BUSY`] until dropped.
struct Busy;

impl Busy {
    fn start() -> Self {
        BUSY.fetch_add(1, Ordering::Relaxed);
        COUNTED.set(true);
        Self
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        COUNTED.set(false);
        BUSY.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Keeps a background thread off the core the UI's thread draws on, for
/// work that runs while the user goes on (a search, a search text, freeing
/// a dataset). Lowering its priority alone was not enough: Linux woke such
/// a thread on the UI's core, busy, rather than on the idle one, and let it
/// run its turn there; one keystroke's frame in four waited 4 ms for it.
/// With the two kept apart no frame did. Jobs the user waits for (a load,
/// an export) keep every core: on two cores this would halve them.
struct UiCore {
    /// The cores this thread could run on when it started.
    #[cfg(target_os = "linux")]
    allowed: Option<rustix::thread::CpuSet>,
}

impl UiCore {
    /// For the calling thread, with the cores it may run on now.
    fn avoided_by_this_thread() -> Self {
        Self {
            #[cfg(target_os = "linux")]
            allowed: rustix::thread::sched_getaffinity(None).ok(),
        }
    }

    /// Lets this thread run on its cores but the UI's, where one is left;
    /// on them all where the UI's core is not known or is its only one.
    fn keep_off(&self) {
        #[cfg(target_os = "linux")]
        if let Some(allowed) = &self.allowed {
            use rustix::thread::CpuSet;
            let ui = UI_CORE.load(Ordering::Relaxed);
            let mut cores = *allowed;
            if ui < CpuSet::MAX_CPU && allowed.is_set(ui) && allowed.count() > 1 {
                cores.unset(ui);
            }
            let _ = rustix::thread::sched_setaffinity(None, &cores);
        }
    }
}

/// How much a job's thread yields to the UI's, on thread-priority's scale
/// from 0 (lowest) to 99: about a nice value of 9 on Linux, where the UI's
/// thread then gets about nine tenths of a core it shares with the job.
const BACKGROUND_PRIORITY: u8 = 23;

/// Lowers the priority of this thread (and of the threads it starts, which
/// inherit it): background work uses every core (a conflict event file is
/// read in parts on all of them) and would otherwise take frames' time.
/// Where the system refuses, the job runs at the usual priority.
fn yield_to_the_ui() {
    use thread_priority::{ThreadPriority, ThreadPriorityValue, set_current_thread_priority};
    if let Ok(value) = ThreadPriorityValue::try_from(BACKGROUND_PRIORITY) {
        let _ = set_current_thread_priority(ThreadPriority::Crossplatform(value));
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

/// For tests: while held, jobs started for one egui context wait before
/// they begin their work, so a test can act on a running job (press
/// Cancel, start another load) before it can possibly finish. Released
/// with [`JobHold::release`] or when dropped; jobs started afterwards run
/// at once. Other contexts (other tests running beside) are not held.
#[derive(Debug)]
pub struct JobHold {
    gate: Arc<Gate>,
}

#[derive(Debug, Default)]
struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    fn wait_open(&self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        while !*open {
            open = self
                .opened
                .wait(open)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn is_open(&self) -> bool {
        *self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl JobHold {
    /// Holds every job started for `ctx` from now until released.
    pub fn new(ctx: &egui::Context) -> Self {
        let gate = Arc::new(Gate::default());
        ctx.data_mut(|data| data.insert_temp(Self::id(), Arc::clone(&gate)));
        Self { gate }
    }

    /// Lets the held jobs begin; later jobs are not held.
    pub fn release(&self) {
        *self
            .gate
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = true;
        self.gate.opened.notify_all();
    }

    fn id() -> egui::Id {
        egui::Id::unique("conflict-timeline-job-hold")
    }

    /// The gate a new job for `ctx` waits at, while one is closed.
    fn gate_of(ctx: &egui::Context) -> Option<Arc<Gate>> {
        ctx.data(|data| data.get_temp::<Arc<Gate>>(Self::id()))
            .filter(|gate| !gate.is_open())
    }
}

impl Drop for JobHold {
    fn drop(&mut self) {
        self.release();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    const LONG: Duration = Duration::from_secs(10);

    #[test]
    fn a_job_hands_its_value_out_once() {
        let ctx = egui::Context::default();
        let mut job = Job::spawn("test-value", &ctx, |_| 6 * 7);
        assert!(job.wait(LONG));
        assert_eq!(job.poll(), Some(Ok(42)));
        assert_eq!(job.poll(), None);
        assert!(!job.is_running());
    }

    #[test]
    fn a_job_runs_on_a_thread_with_its_name() {
        let ctx = egui::Context::default();
        let mut job = Job::spawn("test-named", &ctx, |_| {
            std::thread::current().name().map(str::to_owned)
        });
        assert!(job.wait(LONG));
        assert_eq!(job.poll(), Some(Ok(Some("test-named".to_owned()))));
    }

    /// The nice value of the calling thread, from the kernel.
    #[cfg(target_os = "linux")]
    fn own_nice_value() -> i64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        // Fields after the command, which is in parentheses; nice is the
        // 19th field of the line.
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        after.split(' ').nth(16).unwrap().parse().unwrap()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn jobs_run_below_the_uis_priority_and_so_do_their_threads() {
        let ctx = egui::Context::default();
        let ui_nice = own_nice_value();
        let mut job = Job::spawn("test-priority", &ctx, |_| {
            let inner = std::thread::scope(|scope| scope.spawn(own_nice_value).join().unwrap());
            (own_nice_value(), inner)
        });
        assert!(job.wait(Duration::from_secs(10)));
        let (job_nice, inner_nice) = job.poll().unwrap().unwrap();
        assert!(job_nice > ui_nice, "job {job_nice}, UI {ui_nice}");
        assert_eq!(inner_nice, job_nice);
    }

    /// The cores the calling thread may run on, and the UI's core as the
    /// background thread saw it.
    #[cfg(target_os = "linux")]
    fn cores_and_ui_core() -> (rustix::thread::CpuSet, usize) {
        (
            rustix::thread::sched_getaffinity(None).unwrap(),
            UI_CORE.load(Ordering::Relaxed),
        )
    }

    /// Checks that a background thread's cores were those the UI's thread
    /// had but its core, where it had more than one.
    #[cfg(target_os = "linux")]
    fn assert_kept_off(
        ui_cores: rustix::thread::CpuSet,
        (cores, ui): (rustix::thread::CpuSet, usize),
    ) {
        assert!(ui_cores.is_set(ui), "the UI's core {ui} is one of its own");
        for core in (0..rustix::thread::CpuSet::MAX_CPU).filter(|&core| core != ui) {
            assert_eq!(cores.is_set(core), ui_cores.is_set(core), "core {core}");
        }
        // On one core there is nowhere else to go.
        assert_eq!(
            cores.is_set(ui),
            ui_cores.count() == 1,
            "the UI's core {ui}"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_workers_jobs_and_detached_work_keep_off_the_uis_core() {
        let ui_cores = rustix::thread::sched_getaffinity(None).unwrap();
        note_ui_core();
        let mut worker = Worker::new("test-worker-core");
        let (sender, receiver) = std::sync::mpsc::channel();
        let to_worker = sender.clone();
        worker
            .run(move || {
                let _ = to_worker.send(cores_and_ui_core());
            })
            .unwrap();
        assert_kept_off(ui_cores, receiver.recv_timeout(LONG).unwrap());
        detach("test-detached-core", move || {
            let _ = sender.send(cores_and_ui_core());
        })
        .unwrap();
        assert_kept_off(ui_cores, receiver.recv_timeout(LONG).unwrap());
    }

    #[test]
    fn a_job_that_waits_on_others_is_not_counted_as_background_work() {
        let ctx = egui::Context::default();
        let mut working = Job::spawn("test-counted", &ctx, |_| COUNTED.get());
        let mut waiting = Job::spawn_waiting("test-not-counted", &ctx, |_| COUNTED.get());
        assert!(working.wait(LONG) && waiting.wait(LONG));
        assert_eq!(working.poll(), Some(Ok(true)));
        assert_eq!(waiting.poll(), Some(Ok(false)));
    }

    #[test]
    fn background_work_is_seen_running_while_it_runs() {
        let (started, wait_started) = std::sync::mpsc::channel();
        let (release, wait_release) = std::sync::mpsc::channel::<()>();
        detach("test-busy", move || {
            let _ = started.send(());
            let _ = wait_release.recv_timeout(LONG);
        })
        .unwrap();
        assert_eq!(wait_started.recv_timeout(LONG), Ok(()));
        assert!(background_work_running());
        drop(release);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn detached_work_runs_below_the_uis_priority() {
        let ui_nice = own_nice_value();
        let (sender, receiver) = std::sync::mpsc::channel();
        detach("test-detached", move || {
            let _ = sender.send(own_nice_value());
        })
        .unwrap();
        let detached_nice = receiver.recv_timeout(LONG).unwrap();
        assert!(
            detached_nice > ui_nice,
            "detached {detached_nice}, UI {ui_nice}"
        );
    }

    #[test]
    fn beside_gives_both_halves_the_second_on_a_thread_of_its_own() {
        let here = std::thread::current().id();
        let (a, (b, name, id)) = beside(
            "test-beside",
            || 2 + 3,
            || {
                let thread = std::thread::current();
                (10 * 4, thread.name().map(str::to_owned), thread.id())
            },
        );
        assert_eq!((a, b), (5, 40));
        assert_eq!(name.as_deref(), Some("test-beside"));
        assert_ne!(id, here);
    }

    /// The id and name of the thread a worker's job runs on.
    fn worker_thread(worker: &mut Worker) -> (std::thread::ThreadId, Option<String>) {
        let (sender, receiver) = std::sync::mpsc::channel();
        worker
            .run(move || {
                let thread = std::thread::current();
                let _ = sender.send((thread.id(), thread.name().map(str::to_owned)));
            })
            .unwrap();
        receiver.recv_timeout(LONG).unwrap()
    }

    #[test]
    fn a_worker_runs_its_jobs_in_order_on_one_named_thread() {
        let mut worker = Worker::new("test-worker");
        let first = worker_thread(&mut worker);
        assert_ne!(first.0, std::thread::current().id());
        assert_eq!(first.1.as_deref(), Some("test-worker"));
        let order = Arc::new(Mutex::new(Vec::new()));
        for job in 0..50 {
            let order = Arc::clone(&order);
            worker.run(move || order.lock().unwrap().push(job)).unwrap();
        }
        // After the jobs before it: the list is whole once this one runs.
        assert_eq!(worker_thread(&mut worker), first);
        assert_eq!(*order.lock().unwrap(), (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn a_workers_thread_outlives_a_job_that_panics() {
        let mut worker = Worker::new("test-worker-panic");
        let before = worker_thread(&mut worker);
        worker.run(|| panic!("a job that fails")).unwrap();
        assert_eq!(worker_thread(&mut worker), before);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_workers_jobs_run_below_the_uis_priority() {
        let ui_nice = own_nice_value();
        let mut worker = Worker::new("test-worker-nice");
        let (sender, receiver) = std::sync::mpsc::channel();
        worker
            .run(move || {
                let _ = sender.send(own_nice_value());
            })
            .unwrap();
        let worker_nice = receiver.recv_timeout(LONG).unwrap();
        assert!(worker_nice > ui_nice, "worker {worker_nice}, UI {ui_nice}");
    }

    #[test]
    fn every_stretch_of_a_list_is_worked_once_with_its_first_index() {
        for (length, stretch) in [(0, 3), (1, 3), (10, 3), (9, 3), (5, 100), (7, 0)] {
            let mut items = vec![usize::MAX; length];
            on_every_core_mut(&mut items, stretch, |first, run| {
                for (offset, item) in run.iter_mut().enumerate() {
                    assert_eq!(*item, usize::MAX, "worked once");
                    *item = first + offset;
                }
            });
            assert_eq!(
                items,
                (0..length).collect::<Vec<_>>(),
                "{length} by {stretch}"
            );
        }
    }

    #[test]
    fn work_on_every_core_comes_back_in_order() {
        let names = on_every_core(4, |task| {
            (task, std::thread::current().name().map(str::to_owned))
        });
        assert_eq!(
            names.iter().map(|(task, _)| *task).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        assert!(
            names[1..]
                .iter()
                .all(|(_, name)| name.as_deref() == Some("part"))
        );
        assert!(on_every_core(0, |task| task).is_empty());
    }

    #[test]
    fn a_panicking_worker_is_an_error_not_a_panic() {
        let ctx = egui::Context::default();
        let mut job: Job<()> = Job::spawn("test-panics", &ctx, |_| panic!("on purpose"));
        assert!(job.wait(LONG));
        let failed = job.poll().expect("finished").expect_err("it panicked");
        assert_eq!(
            failed,
            JobFailed::Panicked {
                name: "test-panics".to_owned(),
                message: "on purpose".to_owned()
            }
        );
        assert_eq!(
            failed.to_string(),
            "test-panics stopped unexpectedly: on purpose"
        );
    }

    #[test]
    fn a_held_job_sees_a_cancel_made_before_it_began() {
        let ctx = egui::Context::default();
        let hold = JobHold::new(&ctx);
        let mut job = Job::spawn("test-held", &ctx, |control| {
            control.set_progress(0.5);
            control.check()
        });
        assert!(!job.wait(Duration::from_millis(20)), "held");
        assert!(job.is_running());
        assert_eq!(job.progress(), None, "no progress before it begins");
        job.cancel();
        hold.release();
        assert!(job.wait(LONG));
        assert_eq!(job.progress(), Some(0.5));
        assert_eq!(job.poll(), Some(Ok(Err(Cancelled))));
    }

    #[test]
    fn a_hold_keeps_only_its_own_context_waiting() {
        let held = egui::Context::default();
        let _hold = JobHold::new(&held);
        let other = egui::Context::default();
        let mut job = Job::spawn("test-other", &other, |_| ());
        assert!(job.wait(LONG));
    }

    #[test]
    fn a_finished_job_asks_for_a_repaint() {
        let ctx = egui::Context::default();
        let asked = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&asked);
        ctx.set_request_repaint_callback(move |_| seen.store(true, Ordering::SeqCst));
        let mut job = Job::spawn("test-repaint", &ctx, |_| ());
        assert!(job.wait(LONG));
        // The repaint is asked for right after the value is sent.
        let deadline = std::time::Instant::now() + LONG;
        while !asked.load(Ordering::SeqCst) {
            assert!(
                std::time::Instant::now() < deadline,
                "no repaint was asked for"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn take_finished_empties_the_slot() {
        let ctx = egui::Context::default();
        let mut slot = Some(Job::spawn("test-slot", &ctx, |_| "done"));
        assert!(slot.as_mut().unwrap().wait(LONG));
        assert_eq!(take_finished(&mut slot), Some(Ok("done")));
        assert!(slot.is_none());
        assert_eq!(take_finished(&mut slot), None);
    }

    #[test]
    fn progress_is_clamped_and_unknown_until_reported() {
        let control = JobControl::default();
        assert_eq!(control.reported_progress(), None);
        assert_eq!(control.progress(), 0.0);
        control.set_progress(1.5);
        assert_eq!(control.reported_progress(), Some(1.0));
        control.set_progress(f32::NAN);
        assert_eq!(control.reported_progress(), Some(0.0));
    }
}
