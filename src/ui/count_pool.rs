//! The counting workers: a small pool of Web Workers that count long texts off the main
//! thread, so that a paste of megabytes never holds the page.
//!
//! Each worker runs `count-worker.js` with its own wasm (`crates/count-worker`, built for
//! speed by `scripts/wasm.mjs` into the build's `pkg-<hash>/`, not on the first visit's
//! path). The pool has `clamp(navigator.hardwareConcurrency, 1, MAX_WORKERS)` workers. It
//! starts ([`start`]) once the first tokenizer is ready on a view that counts tokens, a
//! task after the page is interactive; each worker then downloads its wasm and the table,
//! builds the encoder and counts a warm-up text, so that the engine's first-use cost
//! (its optimizing compiler's tier-up) is paid before the user pastes. The moment every
//! worker is warm is marked in the Performance timeline as `burnrate:workers-ready`.
//!
//! A long text is cut by the caller into ranges that count exactly
//! (`text::chunks::next_range_end`), grouped into batches of about `BATCH_BYTES`; each
//! batch's bytes are copied into a `Uint8Array` whose buffer is transferred to one worker,
//! [`IN_FLIGHT`] batches at a time per worker (the next one when it answers one), so that
//! a worker never waits for the page between two batches and a new text still stops the
//! count within a few batches: the old count's last answers are dropped. A worker that
//! fails (its script or wasm could not load) leaves the pool; a count that fails is
//! reported to the caller, who counts on the main thread instead.
//!
//! The pool's code (starting workers, sending batches, reading answers) is a wasm chunk
//! of its own (split point `count_pool`), downloaded when the pool starts, so that it adds
//! nothing to the first visit.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::ops::Range;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::text::chunks::{batch_ranges, CountedChunk, BATCH_BYTES};
use crate::text::tokenize::Encoding;
use crate::ui::browser::mark;

/// The most workers the pool starts, whatever the machine has.
pub const MAX_WORKERS: usize = 4;
/// Batches of one count sent to a worker before it has answered the first.
const IN_FLIGHT: usize = 2;
/// Consecutive ranges of a text and their bytes, counted by one worker in one message.
pub struct Batch {
    /// The ranges, in the text's byte offsets; consecutive.
    pub ranges: Vec<Range<usize>>,
    /// The bytes from the first range's start to the last range's end.
    pub bytes: Uint8Array,
}

struct Member {
    worker: web_sys::Worker,
    failed: Option<String>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

struct Waiting {
    member: usize,
    resolve: Function,
    reject: Function,
}

#[derive(Default)]
struct Pool {
    members: Vec<Member>,
    waiting: HashMap<u32, Waiting>,
    next_id: u32,
}

thread_local! {
    static POOL: RefCell<Option<Pool>> = const { RefCell::new(None) };
    /// The workers able to count (read by [`size`] without loading the pool's code).
    static WORKING: Cell<usize> = const { Cell::new(0) };
    /// Whether [`start`] has been called.
    static STARTED: Cell<bool> = const { Cell::new(false) };
    /// Counts under way in the pool (read by [`busy`]).
    static COUNTING_NOW: Cell<usize> = const { Cell::new(0) };
}

/// Whether the workers are counting a text now. Work on the page that can wait (saving
/// the inputs) waits for them: on a machine with as many cores as
/// workers, the page's work takes a core from a worker.
pub fn busy() -> bool {
    COUNTING_NOW.with(Cell::get) > 0
}

/// Marks a count under way for [`busy`] while it lives.
struct Busy;

impl Busy {
    fn start() -> Busy {
        COUNTING_NOW.with(|cell| cell.set(cell.get() + 1));
        Busy
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        COUNTING_NOW.with(|cell| cell.set(cell.get().saturating_sub(1)));
    }
}

/// The number of workers able to count: 0 before [`start`], when workers cannot start
/// here, or when every one has failed.
pub fn size() -> usize {
    WORKING.with(Cell::get)
}

/// Updates [`size`] from the pool's members.
fn count_working(pool: &Pool) {
    let working = pool.members.iter().filter(|m| m.failed.is_none()).count();
    WORKING.with(|cell| cell.set(working));
}

/// The pool's size on this machine: `clamp(navigator.hardwareConcurrency, 1, MAX_WORKERS)`.
fn wanted_size() -> usize {
    let cores = web_sys::window()
        .map(|window| window.navigator().hardware_concurrency())
        .unwrap_or(1.0);
    (cores as usize).clamp(1, MAX_WORKERS)
}

/// The table's address for the workers (relative addresses in a worker resolve against
/// the worker's script, which is in `pkg-<hash>/`).
fn table_url(encoding: Encoding) -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok()??;
    let url =
        web_sys::Url::new_with_base(&format!("tokenizers/{}.bin", encoding.table_name()), &base)
            .ok()?;
    Some(url.href())
}

/// Starts the pool, unless it has started, and warms every worker with `encoding`. Does
/// nothing where the page's loader did not name the workers' script (a build without
/// them). Returns at once; [`size`] counts the workers from now on (their requests wait
/// in each worker until it is warm).
///
/// The pool's code is a chunk of its own (`count_pool`), downloaded here: it is not on
/// the first visit's path.
pub fn start(encoding: Encoding) {
    if STARTED.with(|started| started.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async move {
        if start_pool(encoding).await.is_err() {
            web_sys::console::warn_1(&"Burnrate: the counting workers' code could not be downloaded; counting on the page".into());
        }
    });
}

#[leptos::wasm_split::wasm_split(count_pool, wasm_split_path = ::leptos::wasm_split, fallible)]
fn start_pool(encoding: Encoding) -> Result<(), leptos::wasm_split::SplitLoaderError> {
    start_workers(encoding);
    Ok(())
}

fn start_workers(encoding: Encoding) {
    let Some(script) = web_sys::window()
        .and_then(|window| Reflect::get(&window, &"burnrateCountWorker".into()).ok())
        .and_then(|url| url.as_string())
    else {
        return;
    };
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let mut members = Vec::new();
    for index in 0..wanted_size() {
        let Ok(worker) = web_sys::Worker::new_with_options(&script, &options) else {
            break;
        };
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                answered(index, event.data());
            },
        );
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            // The script or its wasm could not load, or it threw outside a request.
            let message = event
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|error| error.message())
                .filter(|message| !message.is_empty())
                .unwrap_or_else(|| "the counting worker could not start".to_owned());
            event.prevent_default();
            failed(index, message);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        members.push(Member {
            worker,
            failed: None,
            _on_message: on_message,
            _on_error: on_error,
        });
    }
    if members.is_empty() {
        return;
    }
    let count = members.len();
    POOL.with(|pool| {
        let started = Pool {
            members,
            ..Pool::default()
        };
        count_working(&started);
        *pool.borrow_mut() = Some(started);
    });
    let Some(table) = table_url(encoding) else {
        return;
    };
    let warmed = Array::new();
    for member in 0..count {
        let message = Object::new();
        set(&message, "kind", &"warm".into());
        set(&message, "encoding", &encoding.name().into());
        set(&message, "table", &table.as_str().into());
        if let Some(reply) = request(member, &message, None) {
            warmed.push(&reply);
        }
    }
    leptos::task::spawn_local(async move {
        if JsFuture::from(Promise::all(&warmed)).await.is_ok() {
            mark("burnrate:workers-ready");
        }
    });
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

/// Sends `message` to worker `member` with a fresh id; the promise settles with its answer
/// (rejected with the worker's error message). `None` if the worker cannot take it.
fn request(member: usize, message: &Object, transfer: Option<&Array>) -> Option<Promise> {
    POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        let pool = pool.as_mut()?;
        let worker = pool
            .members
            .get(member)
            .filter(|m| m.failed.is_none())?
            .worker
            .clone();
        let id = pool.next_id;
        pool.next_id = pool.next_id.wrapping_add(1);
        set(message, "id", &id.into());
        let mut parts = None;
        let promise = Promise::new(&mut |resolve, reject| parts = Some((resolve, reject)));
        let (resolve, reject) = parts?;
        let sent = match transfer {
            Some(transfer) => worker.post_message_with_transfer(message, transfer),
            None => worker.post_message(message),
        };
        if sent.is_err() {
            return None;
        }
        pool.waiting.insert(
            id,
            Waiting {
                member,
                resolve,
                reject,
            },
        );
        Some(promise)
    })
}

/// A worker's answer: settles the request it answers.
fn answered(member: usize, data: JsValue) {
    let Some(id) = Reflect::get(&data, &"id".into())
        .ok()
        .and_then(|id| id.as_f64())
    else {
        return;
    };
    let waiting = POOL.with(|pool| {
        pool.borrow_mut()
            .as_mut()
            .and_then(|pool| pool.waiting.remove(&(id as u32)))
    });
    let Some(waiting) = waiting.filter(|waiting| waiting.member == member) else {
        return;
    };
    match Reflect::get(&data, &"error".into())
        .ok()
        .and_then(|error| error.as_string())
    {
        Some(error) => {
            let _ = waiting.reject.call1(&JsValue::NULL, &error.into());
        }
        None => {
            let _ = waiting.resolve.call1(&JsValue::NULL, &data);
        }
    }
}

/// Worker `member` failed: it leaves the pool and its waiting requests are rejected.
fn failed(member: usize, message: String) {
    let rejected: Vec<Waiting> = POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        let Some(pool) = pool.as_mut() else {
            return Vec::new();
        };
        if let Some(failed) = pool.members.get_mut(member) {
            failed.worker.terminate();
            failed.failed = Some(message.clone());
        }
        count_working(pool);
        let ids: Vec<u32> = pool
            .waiting
            .iter()
            .filter(|(_, waiting)| waiting.member == member)
            .map(|(&id, _)| id)
            .collect();
        ids.into_iter()
            .filter_map(|id| pool.waiting.remove(&id))
            .collect()
    });
    web_sys::console::warn_1(&format!("Burnrate: a counting worker failed: {message}").into());
    for waiting in rejected {
        let _ = waiting
            .reject
            .call1(&JsValue::NULL, &message.as_str().into());
    }
}

/// What a count through the pool came to.
pub enum PoolCount {
    /// Every range's count, in order.
    Counted(Vec<CountedChunk>),
    /// `stale` said the count was no longer wanted.
    Stale,
}

/// Counts a text with `encoding` in the pool's workers: `next_batch` gives its batches in
/// order (`None` at the end, or when the text is gone), `progress` hears the bytes counted
/// so far after each answer, and `stale` is asked before each batch is sent and when the
/// answers are in. The error (a worker failed, the table could not be loaded) says why,
/// for the caller to count another way.
pub async fn count(
    encoding: Encoding,
    next_batch: impl FnMut() -> Option<Batch> + 'static,
    progress: impl Fn(usize) + 'static,
    stale: impl Fn() -> bool + 'static,
) -> Result<PoolCount, String> {
    let job = Job {
        next_batch: RefCell::new(Box::new(next_batch)),
        results: RefCell::new(Vec::new()),
        done: Cell::new(0),
        progress: Box::new(progress),
        stale: Box::new(stale),
        failure: RefCell::new(None),
    };
    let _busy = Busy::start();
    match count_job(encoding, job).await {
        Ok(counting) => counting.await,
        Err(_) => Err("the counting workers' code could not be downloaded".to_owned()),
    }
}

type Counting = Pin<Box<dyn Future<Output = Result<PoolCount, String>>>>;

#[leptos::wasm_split::wasm_split(count_pool, wasm_split_path = ::leptos::wasm_split, fallible)]
fn count_job(
    encoding: Encoding,
    job: Job,
) -> Result<Counting, leptos::wasm_split::SplitLoaderError> {
    Ok(Box::pin(count_in_pool(encoding, job)))
}

async fn count_in_pool(encoding: Encoding, job: Job) -> Result<PoolCount, String> {
    let members: Vec<usize> = POOL.with(|pool| {
        pool.borrow()
            .as_ref()
            .map(|pool| {
                (0..pool.members.len())
                    .filter(|&m| pool.members[m].failed.is_none())
                    .collect()
            })
            .unwrap_or_default()
    });
    if members.is_empty() {
        return Err("no counting worker is running".to_owned());
    }
    let table = table_url(encoding).ok_or("the table's address could not be made")?;
    let job = Rc::new(job);
    let loops = Array::new();
    // Each worker has IN_FLIGHT batches sent to it at once: it answers them in order, so
    // it starts the next as soon as it answers one, without waiting for the page to read
    // the answer and send another (the page may be busy drawing for a few milliseconds).
    for _ in 0..IN_FLIGHT {
        for &member in &members {
            let job = job.clone();
            let table = table.clone();
            loops.push(&wasm_bindgen_futures::future_to_promise(async move {
                feed(member, encoding, &table, &job).await;
                Ok(JsValue::UNDEFINED)
            }));
        }
    }
    let _ = JsFuture::from(Promise::all(&loops)).await;
    if let Some(failure) = job.failure.borrow_mut().take() {
        return Err(failure);
    }
    if (job.stale)() {
        return Ok(PoolCount::Stale);
    }
    let results = job.results.take();
    let mut chunks = Vec::new();
    for batch in results {
        match batch {
            Some(batch) => chunks.extend(batch),
            None => return Err("a part of the text was not counted".to_owned()),
        }
    }
    Ok(PoolCount::Counted(chunks))
}

struct Job {
    next_batch: RefCell<Box<dyn FnMut() -> Option<Batch>>>,
    results: RefCell<Vec<Option<Vec<CountedChunk>>>>,
    done: Cell<usize>,
    progress: Box<dyn Fn(usize)>,
    stale: Box<dyn Fn() -> bool>,
    failure: RefCell<Option<String>>,
}

/// One worker's share of a job: a batch at a time until the batches run out, the job is
/// stale or has failed.
async fn feed(member: usize, encoding: Encoding, table: &str, job: &Job) {
    loop {
        if (job.stale)() || job.failure.borrow().is_some() {
            return;
        }
        let Some(batch) = (job.next_batch.borrow_mut())() else {
            return;
        };
        let index = {
            let mut results = job.results.borrow_mut();
            results.push(None);
            results.len() - 1
        };
        let Some(first) = batch.ranges.first().map(|range| range.start) else {
            continue;
        };
        let cuts: Vec<u32> = batch.ranges[1..]
            .iter()
            .map(|range| (range.start - first) as u32)
            .collect();
        let message = Object::new();
        set(&message, "kind", &"count".into());
        set(&message, "encoding", &encoding.name().into());
        set(&message, "table", &table.into());
        set(&message, "bytes", &batch.bytes.buffer());
        set(&message, "cuts", &Uint32Array::from(&cuts[..]));
        let transfer = Array::of1(&batch.bytes.buffer());
        let answer = match request(member, &message, Some(&transfer)) {
            Some(promise) => JsFuture::from(promise).await,
            None => Err("the counting worker stopped".into()),
        };
        let counts = answer.and_then(|answer| Reflect::get(&answer, &"counts".into()));
        let counts = match counts.map(|counts| counts.dyn_into::<Uint32Array>()) {
            Ok(Ok(counts)) => counts.to_vec(),
            Ok(Err(_)) => {
                *job.failure.borrow_mut() =
                    Some("a counting worker's answer was not a count".to_owned());
                return;
            }
            Err(error) => {
                let why = error
                    .as_string()
                    .unwrap_or_else(|| "the counting worker failed".to_owned());
                *job.failure.borrow_mut() = Some(why);
                return;
            }
        };
        if counts.len() != batch.ranges.len() {
            *job.failure.borrow_mut() =
                Some("a counting worker counted the wrong number of parts".to_owned());
            return;
        }
        let bytes: usize = batch.ranges.iter().map(|range| range.len()).sum();
        let chunks = batch
            .ranges
            .into_iter()
            .zip(counts)
            .map(|(range, tokens)| CountedChunk {
                range,
                tokens: tokens as usize,
            })
            .collect();
        if let Some(slot) = job.results.borrow_mut().get_mut(index) {
            *slot = Some(chunks);
        }
        job.done.set(job.done.get() + bytes);
        (job.progress)(job.done.get());
    }
}

/// The size of the batches of a text of `length` bytes: [`BATCH_BYTES`], or for a text
/// shorter than [`IN_FLIGHT`] such batches per worker, an equal share of it for each
/// batch the workers take at once, so that they all finish together. (A 1 MB text on 2
/// workers: 4 batches of 250 KB, where batches of 256 KB gave one worker 600 KB and the
/// other 400 KB, and the text's count waited for the first.)
pub fn batch_bytes(length: usize) -> usize {
    let messages = size().max(1) * IN_FLIGHT;
    length
        .div_ceil(messages)
        .clamp(MIN_BATCH_BYTES, BATCH_BYTES)
}

/// The smallest batch [`batch_bytes`] makes: smaller ones would cost more in messages
/// than they save.
const MIN_BATCH_BYTES: usize = 16 * 1024;

/// The next batch of `text` from `*start` (`Some(0)` for the first), in `encoding`'s
/// ranges of about `target` bytes ([`batch_ranges`]) covering at least `batch_bytes`
/// ([`batch_bytes`]), with its bytes copied out of the text (only the batch's: a few
/// hundred KB, never the whole text in one task); moves `*start` on, to `None` after
/// the last batch. `None` when there is none left or `*start` no longer fits the text
/// (it changed: the count is stale).
pub fn next_batch(
    encoding: Encoding,
    text: &str,
    start: &mut Option<usize>,
    target: usize,
    batch_bytes: usize,
) -> Option<Batch> {
    let from = (*start)?;
    let ranges = batch_ranges(encoding, text, from, target, batch_bytes);
    let end = ranges.last()?.end;
    *start = (end < text.len()).then_some(end);
    let bytes = Uint8Array::from(text.as_bytes().get(from..end)?);
    Some(Batch { ranges, bytes })
}
