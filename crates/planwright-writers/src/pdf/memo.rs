//! A small, bounded, thread-safe memo for work a batch of plans repeats:
//! the same font subset, the same deflated font program, the same QR code.
//! Values depend only on their key, so a memo changes how fast a plan is
//! printed, never what is printed.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

/// At most `keep` values by key; when full it starts over, which keeps
/// memory flat for any batch without bookkeeping on every hit.
#[derive(Debug)]
pub(crate) struct Memo<K, V> {
    keep: usize,
    values: Mutex<HashMap<K, Arc<V>>>,
}

impl<K: Hash + Eq, V> Memo<K, V> {
    pub(crate) fn new(keep: usize) -> Memo<K, V> {
        Memo {
            keep,
            values: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key`, made by `make` the first time. Two threads may
    /// both make a missing value; both results are equal, and one is kept.
    pub(crate) fn get_or_try<Q, E>(
        &self,
        key: &Q,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        if let Some(hit) = self.lock().get(key) {
            return Ok(Arc::clone(hit));
        }
        let value = Arc::new(make()?);
        let mut values = self.lock();
        if values.len() >= self.keep {
            values.clear();
        }
        values.insert(key.to_owned(), Arc::clone(&value));
        Ok(value)
    }

    /// The value for `key`, made by `make` the first time.
    pub(crate) fn get_or_make<Q>(&self, key: &Q, make: impl FnOnce() -> V) -> Arc<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        self.get_or_try(key, || Ok::<V, std::convert::Infallible>(make()))
            .unwrap_or_else(|never| match never {})
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<K, Arc<V>>> {
        // Every entry is complete when inserted, so a panic elsewhere while
        // the lock was held leaves nothing half-written behind.
        self.values.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_each_value_once_and_stays_bounded() {
        let memo: Memo<String, usize> = Memo::new(2);
        let mut made = 0;
        for key in ["a", "a", "bb", "a"] {
            let v = memo
                .get_or_try(key, || {
                    made += 1;
                    Ok::<_, ()>(key.len())
                })
                .unwrap();
            assert_eq!(*v, key.len());
        }
        assert_eq!(made, 2);
        memo.get_or_try("ccc", || Ok::<_, ()>(3)).unwrap();
        assert!(memo.lock().len() <= 2);
        assert_eq!(
            memo.get_or_try("x", || Err("no")),
            Err("no"),
            "errors are not kept"
        );
        assert!(!memo.lock().contains_key("x"));
    }
}
