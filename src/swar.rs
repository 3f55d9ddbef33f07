//! Eight bytes at a time: whether a word of text holds a byte of interest, so that long runs of
//! ordinary text (Chinese comments, labels in JSON) are passed over a word at a time and only a
//! word with a candidate is looked at byte by byte.

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Whether any byte of `word` is below `bound`: exact for a bound up to 0x80 (the classic bit
/// trick; a byte at 0x80 or above never counts, and a bound of 1 asks for a zero byte).
pub fn any_below(word: u64, bound: u8) -> bool {
    word.wrapping_sub(ONES.wrapping_mul(u64::from(bound))) & !word & HIGHS != 0
}

/// Whether any byte of `word` is `byte`.
pub fn any_equal(word: u64, byte: u8) -> bool {
    any_below(word ^ ONES.wrapping_mul(u64::from(byte)), 1)
}

/// Whether any byte of `word` is below `bound` (up to 0x80) or is `a` or `b`: the three tests
/// of [`any_below`] and [`any_equal`] in one, without a branch between them.
pub fn any_below_or_equal(word: u64, bound: u8, a: u8, b: u8) -> bool {
    let below = |w: u64, n: u8| w.wrapping_sub(ONES.wrapping_mul(u64::from(n))) & !w;
    let (wa, wb) = (
        word ^ ONES.wrapping_mul(u64::from(a)),
        word ^ ONES.wrapping_mul(u64::from(b)),
    );
    (below(word, bound) | below(wa, 1) | below(wb, 1)) & HIGHS != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn words_are_read_as_their_bytes(bytes: [u8; 8], bound in 0u8..=0x80, byte: u8) {
            let word = u64::from_ne_bytes(bytes);
            proptest::prop_assert_eq!(any_below(word, bound), bytes.iter().any(|&b| b < bound));
            proptest::prop_assert_eq!(any_equal(word, byte), bytes.contains(&byte));
        }

        #[test]
        fn three_tests_in_one_are_the_three(bytes: [u8; 8], bound in 0u8..=0x80, a: u8, b: u8) {
            let word = u64::from_ne_bytes(bytes);
            proptest::prop_assert_eq!(
                any_below_or_equal(word, bound, a, b),
                any_below(word, bound) || any_equal(word, a) || any_equal(word, b)
            );
        }
    }
}
