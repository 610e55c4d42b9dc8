//! A stable sort with one non-generic merge sort under it.
//!
//! The standard library's sorts are instantiated for each element type and comparison (about
//! 4 KB of WebAssembly each, seven times over); here only the two small closures below are
//! generic. Stable, O(n log n) comparisons, O(n) extra memory (indices).

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping the order of equal elements (as `slice::sort_by`).
pub(crate) fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let v: &[T] = v;
        sorted_order(v.len(), &mut |a, b| match (v.get(a), v.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        })
    };
    permute(&order, &mut |a, b| v.swap(a, b));
}

/// Sorts `v` by `Ord` (as `slice::sort`).
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The indices `0..n` in stable sorted order (bottom-up merge sort).
fn sorted_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b: Vec<usize> = Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        b.clear();
        for run in a.chunks(2 * width) {
            let (left, right) = run.split_at(width.min(run.len()));
            let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
            loop {
                match (l.peek(), r.peek()) {
                    (Some(&&x), Some(&&y)) => {
                        if cmp(y, x) == Ordering::Less {
                            b.push(y);
                            r.next();
                        } else {
                            b.push(x);
                            l.next();
                        }
                    }
                    (Some(&&x), None) => {
                        b.push(x);
                        l.next();
                    }
                    (None, Some(&&y)) => {
                        b.push(y);
                        r.next();
                    }
                    (None, None) => break,
                }
            }
        }
        std::mem::swap(&mut a, &mut b);
        width = width.saturating_mul(2);
    }
    a
}

/// Rearranges a sequence so that position `i` holds what was at `order[i]`, by swaps.
fn permute(order: &[usize], swap: &mut dyn FnMut(usize, usize)) {
    let mut done = vec![false; order.len()];
    for start in 0..order.len() {
        if done.get(start).copied().unwrap_or(true) {
            continue;
        }
        let mut i = start;
        loop {
            if let Some(d) = done.get_mut(i) {
                *d = true;
            }
            let Some(&j) = order.get(i) else { break };
            if j == start {
                break;
            }
            swap(i, j);
            i = j;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_librarys_stable_sort(
            v in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)
        ) {
            let mut ours = v.clone();
            let mut std = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(&ours, &std);
            let mut ours = v.clone();
            let mut std = v;
            sort(&mut ours);
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }
}
