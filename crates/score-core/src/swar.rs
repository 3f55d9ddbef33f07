//! Eight bytes at a time: where in a word of text the first byte of interest is, so that long
//! runs of ordinary text (Chinese comments, labels in JSON) are passed over a word at a time.

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Where the first byte of `word` is that is below `bound` (up to 0x80) or is `a` or `b`, the
/// three tests at once without a branch between them. Each is the classic bit trick (a byte
/// below `n`: `(w − n·0x01…) & !w & 0x80…`; a byte equal to `a`: one below 1 in `w ^ a·0x01…`),
/// whose borrows only ever run towards later bytes, so the lowest flagged byte is exact (a
/// false flag can only follow a true one).
pub fn first_below_or_equal(word: &[u8; 8], bound: u8, a: u8, b: u8) -> Option<usize> {
    let word = u64::from_le_bytes(*word);
    let below = |w: u64, n: u8| w.wrapping_sub(ONES.wrapping_mul(u64::from(n))) & !w;
    let (wa, wb) = (
        word ^ ONES.wrapping_mul(u64::from(a)),
        word ^ ONES.wrapping_mul(u64::from(b)),
    );
    let flags = (below(word, bound) | below(wa, 1) | below(wb, 1)) & HIGHS;
    // `trailing_zeros` of a non-zero word is below 64, so the byte index is below 8.
    (flags != 0).then(|| (flags.trailing_zeros() / 8) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn the_first_flagged_byte_is_the_first_of_the_three(
            bytes: [u8; 8],
            bound in 0u8..=0x80,
            a: u8,
            b: u8,
        ) {
            let expected = bytes.iter().position(|&x| x < bound || x == a || x == b);
            proptest::prop_assert_eq!(first_below_or_equal(&bytes, bound, a, b), expected);
        }

        /// Words with the bytes of interest packed close, where borrows between bytes matter.
        #[test]
        fn the_first_flagged_byte_is_exact_among_near_misses(
            bytes in proptest::array::uniform8(proptest::sample::select(
                vec![0x00u8, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x7E, 0x7F, 0x80, 0xC1, 0xC2, 0xC3, 0xFF],
            )),
        ) {
            let expected = bytes.iter().position(|&x| x < 0x20 || x == 0x7F || x == 0xC2);
            proptest::prop_assert_eq!(first_below_or_equal(&bytes, 0x20, 0x7F, 0xC2), expected);
        }
    }
}
