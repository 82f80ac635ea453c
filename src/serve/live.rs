//! The live-reload channel: the latest build outcome as a server-sent
//! event, handed to every page that listens, and the script that listens.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The script added to pages while serving. Kept in its own file so it
/// reads as JavaScript; it is served at [`super::SCRIPT_PATH`].
pub(super) const SCRIPT: &str = include_str!("live.js");

/// The latest event, and a counter that moves each time it changes.
struct Latest {
    generation: u64,
    frame: String,
}

/// One event at a time, broadcast to every open page: each listener wakes
/// when the generation moves on and sends the newest frame. Pages that
/// miss intermediate events lose nothing, since every frame describes the
/// whole current state.
pub(super) struct Channel {
    latest: Mutex<Latest>,
    moved: Condvar,
}

impl Channel {
    pub(super) fn new(frame: String) -> Channel {
        Channel {
            latest: Mutex::new(Latest {
                generation: 0,
                frame,
            }),
            moved: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Latest> {
        // The state is a counter and a string, whole after any panic.
        self.latest.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the current event and wakes every listener.
    pub(super) fn send(&self, frame: String) {
        let mut latest = self.lock();
        latest.generation += 1;
        latest.frame = frame;
        self.moved.notify_all();
    }

    /// The current event and its generation.
    pub(super) fn current(&self) -> (u64, String) {
        let latest = self.lock();
        (latest.generation, latest.frame.clone())
    }

    /// Waits until an event newer than `seen` arrives, or `timeout` passes
    /// (then `None`, and the caller sends a keep-alive).
    pub(super) fn next(&self, seen: u64, timeout: Duration) -> Option<(u64, String)> {
        let latest = self.lock();
        let (latest, _) = self
            .moved
            .wait_timeout_while(latest, timeout, |l| l.generation == seen)
            .unwrap_or_else(PoisonError::into_inner);
        (latest.generation != seen).then(|| (latest.generation, latest.frame.clone()))
    }
}

/// Formats a server-sent event. `data` is one line of JSON.
pub(super) fn frame(event: &str, data: &serde_json::Value) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn listeners_wake_on_a_new_event_and_time_out_otherwise() {
        let channel = Arc::new(Channel::new("first".to_string()));
        let (seen, frame) = channel.current();
        assert_eq!(frame, "first");
        assert_eq!(channel.next(seen, Duration::from_millis(10)), None);

        let listener = {
            let channel = Arc::clone(&channel);
            std::thread::spawn(move || channel.next(seen, Duration::from_secs(10)))
        };
        channel.send("second".to_string());
        assert_eq!(listener.join().unwrap(), Some((1, "second".to_string())));
    }

    #[test]
    fn frames_are_single_events() {
        let data = serde_json::json!({"build": 2, "text": "two\nlines"});
        assert_eq!(
            frame("built", &data),
            "event: built\ndata: {\"build\":2,\"text\":\"two\\nlines\"}\n\n"
        );
    }
}
