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
    }
}
