//! `str::parse::<f64>` (same syntax, same correctly rounded value), without the standard
//! library's Eisel-Lemire tables: its 128-bit powers of five alone are 20.8 KB of the WebAssembly
//! module, for a few floats in a configuration file.
//!
//! Exact inputs of at most 15 digits and a power of ten up to 22 take Clinger's fast path (one
//! correctly rounded multiplication or division). Everything else takes the exact decimal
//! algorithm Go's `strconv.ParseFloat` falls back to (and Rust's for long inputs): the digits are
//! shifted by powers of two until they are in [0.5, 1), then 53 bits are taken, rounded half to
//! even. 800 digits are kept; a dropped nonzero digit is remembered (it breaks a tie upwards),
//! which is enough for every `f64` (a tie needs at most 767 significant digits).

/// Digits kept of a decimal; more are only noted as `trunc`.
const MAX_DIGITS: usize = 800;
/// The largest shift at once: a digit (< 10) shifted left must fit in a u64 with the carry.
const MAX_SHIFT: u32 = 60;

/// `s.parse::<f64>().ok()`: `[+-]` then `inf`, `infinity` or `nan` (any case), or digits with an
/// optional `.` (at least one digit) and an optional exponent `[eE][+-]digits`.
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let v = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        Decimal::parse(body)?.into_f64()
    };
    Some(if s.starts_with('-') { -v } else { v })
}

/// `0.d[0] d[1] ... * 10^dp`, digits as values 0..=9, no leading or trailing zeros.
struct Decimal {
    d: Vec<u8>,
    dp: i64,
    /// Nonzero digits were dropped after `d`.
    trunc: bool,
}

impl Decimal {
    fn parse(body: &str) -> Option<Decimal> {
        let mut dec = Decimal {
            d: Vec::new(),
            dp: 0,
            trunc: false,
        };
        let mut bytes = body.bytes().peekable();
        let (mut saw_digits, mut saw_dot) = (false, false);
        while let Some(&c) = bytes.peek() {
            if c == b'.' && !saw_dot {
                saw_dot = true;
            } else if c.is_ascii_digit() {
                saw_digits = true;
                let digit = c - b'0';
                if digit == 0 && dec.d.is_empty() {
                    // A leading zero: only after the point does it move the point.
                    if saw_dot {
                        dec.dp -= 1;
                    }
                } else {
                    if !saw_dot {
                        dec.dp = dec.dp.saturating_add(1);
                    }
                    if dec.d.len() < MAX_DIGITS {
                        dec.d.push(digit);
                    } else if digit != 0 {
                        dec.trunc = true;
                    }
                }
            } else {
                break;
            }
            bytes.next();
        }
        if !saw_digits {
            return None;
        }
        if let Some(b'e' | b'E') = bytes.peek() {
            bytes.next();
            let negative = bytes.next_if_eq(&b'-').is_some();
            if !negative {
                bytes.next_if_eq(&b'+');
            }
            let mut exp: i64 = 0;
            let mut any = false;
            while let Some(c) = bytes.next_if(u8::is_ascii_digit) {
                any = true;
                // Far beyond any float: 10^1000000 is infinite, 10^-1000000 zero.
                exp = (exp * 10 + i64::from(c - b'0')).min(1_000_000);
            }
            if !any {
                return None;
            }
            dec.dp = dec.dp.saturating_add(if negative { -exp } else { exp });
        }
        if bytes.next().is_some() {
            return None;
        }
        dec.trim();
        Some(dec)
    }

    fn into_f64(mut self) -> f64 {
        const BIAS: i64 = -1023;
        if self.d.is_empty() || self.dp < -330 {
            return 0.0;
        }
        if self.dp > 310 {
            return f64::INFINITY;
        }
        if let Some(v) = self.fast_path() {
            return v;
        }
        // Binary exponent: the value is d * 2^exp.
        let mut exp: i64 = 0;
        // Scale into [0.5, 1): a shift by n bits moves the point by at most `POWTAB[n]` digits.
        const POWTAB: [u32; 9] = [1, 3, 6, 9, 13, 16, 19, 23, 26];
        let step = |dp: i64| {
            usize::try_from(dp.unsigned_abs())
                .ok()
                .and_then(|i| POWTAB.get(i).copied())
                .unwrap_or(27)
        };
        while self.dp > 0 {
            let n = step(self.dp);
            self.shift_right(n);
            exp += i64::from(n);
        }
        while self.dp < 0 || (self.dp == 0 && self.d.first().is_some_and(|&d| d < 5)) {
            let n = step(self.dp);
            self.shift_left(n);
            exp -= i64::from(n);
        }
        // [0.5, 1) to the float's [1, 2).
        exp -= 1;
        // Below the smallest normal exponent: a subnormal (or zero), with fewer bits.
        if exp < BIAS + 1 {
            let n = BIAS + 1 - exp;
            self.shift_right_by(n);
            exp += n;
        }
        if exp - BIAS >= 0x7ff {
            return f64::INFINITY;
        }
        self.shift_left(53);
        let mut mant = self.rounded_integer();
        // Rounding carried into a 54th bit.
        if mant == 2 << 52 {
            mant >>= 1;
            exp += 1;
            if exp - BIAS >= 0x7ff {
                return f64::INFINITY;
            }
        }
        if mant & (1 << 52) == 0 {
            exp = BIAS;
        }
        let biased = u64::try_from(exp - BIAS).unwrap_or(0) & 0x7ff;
        f64::from_bits((mant & ((1 << 52) - 1)) | biased << 52)
    }

    /// Clinger: at most 15 digits (exact in an f64) times or divided by 10^0..=10^22 (exact too)
    /// is one correctly rounded operation.
    fn fast_path(&self) -> Option<f64> {
        if self.trunc || self.d.len() > 15 {
            return None;
        }
        let exp10 = self.dp - self.d.len() as i64;
        if !(-22..=22).contains(&exp10) {
            return None;
        }
        let mant = self.d.iter().fold(0u64, |n, &d| n * 10 + u64::from(d)) as f64;
        let pow10 = (0..exp10.unsigned_abs()).fold(1f64, |p, _| p * 10.0);
        Some(if exp10 < 0 {
            mant / pow10
        } else {
            mant * pow10
        })
    }

    fn shift_right_by(&mut self, mut n: i64) {
        while n > 0 {
            let k = n.min(i64::from(MAX_SHIFT));
            self.shift_right(k as u32);
            n -= k;
        }
    }

    /// Multiplies by 2^k, k <= MAX_SHIFT.
    fn shift_left(&mut self, k: u32) {
        let mut out = Vec::with_capacity(self.d.len() + 19);
        let mut n: u64 = 0;
        for &d in self.d.iter().rev() {
            n += u64::from(d) << k;
            out.push((n % 10) as u8);
            n /= 10;
        }
        while n > 0 {
            out.push((n % 10) as u8);
            n /= 10;
        }
        out.reverse();
        self.dp += out.len() as i64 - self.d.len() as i64;
        self.d = out;
        self.trim();
    }

    /// Divides by 2^k, k <= MAX_SHIFT.
    fn shift_right(&mut self, k: u32) {
        let mask = (1u64 << k) - 1;
        let mut digits = self.d.iter();
        let mut n: u64 = 0;
        let mut read: i64 = 0;
        // Enough leading digits for a first nonzero quotient digit.
        while n >> k == 0 {
            match digits.next() {
                Some(&d) => n = n * 10 + u64::from(d),
                None if n == 0 => return,
                None => n *= 10,
            }
            read += 1;
        }
        self.dp -= read - 1;
        let mut out = Vec::with_capacity(self.d.len() + k as usize);
        for &d in digits {
            out.push((n >> k) as u8);
            n = (n & mask) * 10 + u64::from(d);
        }
        while n > 0 {
            out.push((n >> k) as u8);
            n = (n & mask) * 10;
        }
        self.d = out;
        self.trim();
    }

    /// Keeps MAX_DIGITS digits (noting dropped nonzero ones) and drops trailing zeros.
    fn trim(&mut self) {
        if let Some(dropped) = self.d.get(MAX_DIGITS..) {
            if dropped.iter().any(|&d| d != 0) {
                self.trunc = true;
            }
            self.d.truncate(MAX_DIGITS);
        }
        while self.d.last() == Some(&0) {
            self.d.pop();
        }
    }

    /// The integer part, rounded half to even (a dropped digit makes a half round up).
    fn rounded_integer(&self) -> u64 {
        let Ok(dp) = usize::try_from(self.dp) else {
            return 0;
        };
        // dp <= 17 here: 53 bits.
        let mut n = (0..dp).fold(0u64, |n, i| {
            n * 10 + u64::from(self.d.get(i).copied().unwrap_or(0))
        });
        let round_up = match self.d.get(dp) {
            Some(5) if dp + 1 == self.d.len() => {
                self.trunc
                    || dp
                        .checked_sub(1)
                        .and_then(|i| self.d.get(i))
                        .is_some_and(|d| d % 2 == 1)
            }
            Some(&d) => d >= 5,
            None => false,
        };
        if round_up {
            n += 1;
        }
        n
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(s: &str) {
        let want = s.parse::<f64>().ok();
        let got = parse_f64(s);
        match (want, got) {
            (Some(a), Some(b)) => assert!(
                a.to_bits() == b.to_bits()
                    || (a.is_nan() && b.is_nan() && a.is_sign_negative() == b.is_sign_negative()),
                "{s:?}: {a:e} ({:#x}) vs {b:e} ({:#x})",
                a.to_bits(),
                b.to_bits()
            ),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{s:?}: {a:?} vs {b:?}"),
        }
    }

    /// The exact decimal text of `(2 * mant + 1) * 2^(exp - 1)`: the midpoint between
    /// `mant * 2^exp` and the next float up.
    fn midpoint(mant: u64, exp: i32) -> String {
        // Little-endian decimal digits of 2*mant+1, times 2^(exp-1) or 5^(1-exp).
        let mut digits: Vec<u8> = (2 * mant + 1)
            .to_string()
            .bytes()
            .rev()
            .map(|b| b - b'0')
            .collect();
        let (factor, times) = if exp >= 1 { (2, exp - 1) } else { (5, 1 - exp) };
        for _ in 0..times {
            let mut carry = 0;
            for d in &mut digits {
                let v = *d * factor + carry;
                *d = v % 10;
                carry = v / 10;
            }
            if carry > 0 {
                digits.push(carry);
            }
        }
        let text: String = digits.iter().rev().map(|d| char::from(b'0' + d)).collect();
        if exp >= 1 {
            text
        } else {
            format!("{text}e-{}", 1 - exp)
        }
    }

    #[test]
    fn known_cases() {
        for s in [
            "0",
            "-0",
            "+0",
            "0.0",
            ".5",
            "5.",
            ".",
            "",
            "+",
            "-",
            "e5",
            "1e",
            "1e+",
            "1e-",
            "1.e5",
            ".e5",
            "1e5x",
            " 1",
            "1 ",
            "1_0",
            "0x10",
            "inf",
            "-Infinity",
            "+INF",
            "nan",
            "-NaN",
            "+nan",
            "infin",
            "nanx",
            "1e400",
            "-1e400",
            "1e-400",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "9007199254740993",
            "9007199254740992.5",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "0.1",
            "123456789012345678901234567890",
            "1e22",
            "1e23",
            "123456789012345e-22",
            "000000001.5000000000",
            "0.000000000000000000000000000001e30",
            "1e99999999999999999999",
            "1e-99999999999999999999",
            "00000e99999999999999",
        ] {
            same(s);
        }
        same(&format!("0.{}1e800", "0".repeat(2000)));
        same(&format!("1{}e-2000", "0".repeat(2000)));
    }

    #[test]
    fn midpoints() {
        for (mant, exp) in [
            (1u64, -1074),
            (3, -1074),
            (1 << 52, -1074),
            ((1 << 53) - 1, 971),
            (1 << 52, -52),
            ((1 << 52) + 1, -52),
            (1, 0),
            ((1 << 53) - 1, 0),
        ] {
            let m = midpoint(mant, exp);
            same(&m);
            same(&format!("{m}1"));
            same(&format!("{m}{}1", "0".repeat(900)));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn decimal_text(s in "[+-]?[0-9]{0,25}(\\.[0-9]{0,25})?([eE][+-]?[0-9]{1,3})?") {
            same(&s);
        }

        #[test]
        fn junk(s in "[-+.eEinfatyINFATY0-9 _x]{0,12}") {
            same(&s);
        }

        #[test]
        fn shortest_and_exact(bits in any::<u64>()) {
            let f = f64::from_bits(bits);
            same(&format!("{f:e}"));
            same(&format!("{f:.40e}"));
            same(&f.to_string());
        }

        #[test]
        fn near_midpoints(mant in 0u64..(1 << 53), exp in -1074i32..972, tail in "[0-9]{0,3}") {
            let m = midpoint(mant, exp);
            same(&m);
            same(&format!("{m}{tail}"));
            // Just below: the last digit of a midpoint is 5.
            let (digits, exp10) = m.split_at(m.find('e').unwrap_or(m.len()));
            same(&format!("{}4999{tail}{exp10}", &digits[..digits.len() - 1]));
        }
    }
}
