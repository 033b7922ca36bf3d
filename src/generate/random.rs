//! SplitMix64 random numbers: small, fast, and the same everywhere forever,
//! which a crate's generator does not promise across its versions.

/// SplitMix64: small, fast, and the same everywhere forever.
#[derive(Clone, Debug)]
pub(super) struct Rng(u64);

/// The stream of each part of the dataset.
pub(super) mod stream {
    pub(crate) const SOURCES: u64 = 2;
    pub(crate) const EVENTS: u64 = 3;
    pub(crate) const QUOTES: u64 = 4;
    pub(crate) const SERIES: u64 = 5;
    pub(crate) const ERAS: u64 = 6;
    pub(crate) const BURSTS: u64 = 7;
}

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    pub(super) fn new(seed: u64, stream: u64) -> Self {
        Self(mix64(seed ^ mix64(stream.wrapping_add(0x5EED))))
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// Uniform in `0..n`; `n` must not be 0.
    pub(super) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `low..=high`.
    pub(super) fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True `per_mille` times in a thousand.
    pub(super) fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }

    /// Uniform in `[0, 1)`.
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index into `weights`, each as likely as its weight.
    pub(super) fn weighted(&mut self, weights: &[usize]) -> usize {
        let total: usize = weights.iter().sum();
        let mut roll = self.below(total.max(1));
        for (index, weight) in weights.iter().enumerate() {
            if roll < *weight {
                return index;
            }
            roll -= weight;
        }
        weights.len().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_the_reference_sequence() {
        // SplitMix64 seeded with 0 starts 0xe220a8397b1dcdaf.
        let mut rng = Rng(0);
        assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
    }
}
